/**
 * One comparison of a feature between a site and a reference (the other sites, or another site):
 * the test, its p-value and the effect sizes (internal).
 */
import { chi2Sf } from '../../stats/special.js';
import { pearsonChiSquare } from '../../stats/chi-square.js';
import { ksTestSorted } from '../../stats/ks-test.js';
import { binCounts, psiFromCounts, referenceEdges } from '../../stats/psi.js';
import { smdFromMoments } from '../../stats/standardised-mean-difference.js';
import { wassersteinSorted } from '../../stats/wasserstein.js';
import { varianceOf, type Moments } from './site-values.js';
import type { ShiftThresholds } from './thresholds.js';

/**
 * detectShift reports scipy's 'auto' KS p-value, except that an exact lattice-path count is
 * skipped when the asymptotic p-value is already below this (both are then far below any
 * threshold; the count costs up to ~0.5 s per comparison of 10,000 values).
 */
export const KS_EXACT_SKIP_BELOW = 1e-10;

/** Statistics of one comparison (distribution part). */
export interface DistributionStats {
  /** Non-missing values at the compared site / in the reference. */
  n: number;
  nAgainst: number;
  /** The test run: Kolmogorov–Smirnov (numeric), χ² (categorical), or null when a side has fewer than `minRows` values. */
  test: 'ks' | 'chi2' | null;
  /** KS D or χ² statistic (NaN when skipped). */
  statistic: number;
  /** The test's p-value (NaN when skipped). */
  pValue: number;
  /** PSI with the reference's quantile bins (numeric) or levels (categorical). */
  psi: number;
  /** Numeric: W₁ distance in units of the feature's pooled standard deviation. */
  wasserstein?: number;
  /** Numeric: standardised mean difference (site − reference). */
  smd?: number;
  /** Categorical: Cramér's V of the site × level table. */
  cramersV?: number;
  /**
   * Categorical: total variation distance ½·Σ|p_site − p_reference| of the level shares (0 … 1; the
   * share of the site's rows that would have to change level to look like the reference).
   */
  tvd?: number;
}

/** The statistics of a comparison that was not run (a side has fewer than `minRows` values). */
export const skipped = (n: number, nAgainst: number, test: 'ks' | 'chi2'): DistributionStats => ({
  n,
  nAgainst,
  test: null,
  statistic: NaN,
  pValue: NaN,
  psi: NaN,
  ...(test === 'ks' ? { wasserstein: NaN, smd: NaN } : { cramersV: NaN, tvd: NaN }),
});

/** Numeric comparison on sorted samples: KS (scipy's auto method), W₁/sd, PSI, SMD. */
export function compareNumeric(cur: Float64Array, ref: Float64Array, curM: Moments, refM: Moments, pooledSd: number, t: ShiftThresholds): DistributionStats {
  if (cur.length < t.minRows || ref.length < t.minRows) return skipped(cur.length, ref.length, 'ks');
  const ks = ksTestSorted(cur, ref, 'auto', KS_EXACT_SKIP_BELOW);
  const edges = referenceEdges(ref, t.bins);
  const psi = psiFromCounts(binCounts(ref, edges), binCounts(cur, edges));
  const w = wassersteinSorted(cur, ref);
  return {
    n: cur.length,
    nAgainst: ref.length,
    test: 'ks',
    statistic: ks.statistic,
    pValue: ks.pvalue,
    psi,
    wasserstein: pooledSd > 0 ? w / pooledSd : 0,
    smd: smdFromMoments(curM.mean, varianceOf(curM), refM.mean, varianceOf(refM)),
  };
}

/** Categorical comparison on level counts: χ² (Yates only at 1 dof, as scipy), Cramér's V, PSI. */
export function compareCategorical(cur: Float64Array, ref: Float64Array, t: ShiftThresholds): DistributionStats {
  let n = 0;
  let nAgainst = 0;
  const rowCur: number[] = [];
  const rowRef: number[] = [];
  for (let l = 0; l < cur.length; l++) {
    n += cur[l]!;
    nAgainst += ref[l]!;
    if (cur[l]! + ref[l]! > 0) {
      rowCur.push(cur[l]!);
      rowRef.push(ref[l]!);
    }
  }
  if (n < t.minRows || nAgainst < t.minRows) return skipped(n, nAgainst, 'chi2');
  const psi = psiFromCounts(rowRef, rowCur);
  let tvd = 0;
  for (let l = 0; l < rowCur.length; l++) tvd += Math.abs(rowCur[l]! / n - rowRef[l]! / nAgainst) / 2;
  if (rowCur.length < 2) return { n, nAgainst, test: 'chi2', statistic: 0, pValue: 1, psi, cramersV: 0, tvd: 0 };
  const corrected = pearsonChiSquare([rowCur, rowRef], true);
  const plain = corrected.dof === 1 ? pearsonChiSquare([rowCur, rowRef], false) : corrected;
  return {
    n,
    nAgainst,
    test: 'chi2',
    statistic: corrected.statistic,
    pValue: chi2Sf(corrected.statistic, corrected.dof),
    psi,
    cramersV: Math.sqrt(plain.statistic / (n + nAgainst)),
    tvd,
  };
}

/** Missing-rate comparison: the two rates and the 2 × 2 χ² p-value (Yates), 1 when nothing or everything is missing. */
export function compareMissing(missCur: number, totalCur: number, missRef: number, totalRef: number): { rate: number; rateAgainst: number; pValue: number } {
  const rate = totalCur > 0 ? missCur / totalCur : NaN;
  const rateAgainst = totalRef > 0 ? missRef / totalRef : NaN;
  const miss = missCur + missRef;
  const total = totalCur + totalRef;
  if (totalCur === 0 || totalRef === 0 || miss === 0 || miss === total) return { rate, rateAgainst, pValue: 1 };
  const r = pearsonChiSquare(
    [
      [missCur, totalCur - missCur],
      [missRef, totalRef - missRef],
    ],
    true,
  );
  return { rate, rateAgainst, pValue: chi2Sf(r.statistic, 1) };
}
