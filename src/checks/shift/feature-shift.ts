/**
 * Per-feature shift statistics: every site against the other sites, and every pair of sites
 * (internal; detectShift adds the adjusted p-values and the findings).
 */
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { featureKind, keyLabel, keyValues, type FeatureKind, type SiteIndex } from '../columns.js';
import { countAtMost } from '../../stats/psi.js';
import { compareCategorical, compareMissing, compareNumeric, skipped, type DistributionStats } from './compare.js';
import { numericOneVsRest } from './numeric-rest.js';
import { categoricalBySite, combineMoments, numericBySite, varianceOf } from './site-values.js';
import type { ShiftThresholds } from './thresholds.js';

/** One feature at one site. */
export interface SiteSummary {
  site: string;
  /** Rows of the site. */
  rows: number;
  /** Missing values at the site. */
  missing: number;
  missingRate: number;
  /** Distinct non-missing values. */
  distinct: number;
  /** Numeric only: mean and standard deviation (ddof 1) of the non-missing values. */
  mean?: number;
  sd?: number;
}

/** One comparison: `site` against `against` ('rest' = all other sites, or another site's name). */
export interface ShiftComparison extends DistributionStats {
  site: string;
  against: string;
  /** Benjamini–Hochberg-adjusted p-value of the distribution test (over every test of detectShift). */
  pAdjusted: number;
  missingRate: number;
  missingRateAgainst: number;
  /** χ² (2 × 2, Yates) p-value of the missing rates, and its adjusted value. */
  missingPValue: number;
  missingPAdjusted: number;
}

/** Shift statistics of one feature. */
export interface FeatureShift {
  feature: string;
  kind: FeatureKind;
  sites: SiteSummary[];
  /** One-vs-rest comparisons for every site (in site order), then every pair (i < j: site j against site i). */
  comparisons: ShiftComparison[];
}

/** A feature with one value at a site while it varies at the others. */
export interface ConstantAtSite {
  feature: string;
  site: string;
  value: string;
  /** Non-missing values at the site. */
  n: number;
  /** Share of that value among the other sites' non-missing values. */
  shareElsewhere: number;
  /** shareElsewhere^n: the chance of n such values drawn from the other sites. */
  chance: number;
}

function comparison(site: string, against: string, d: DistributionStats, miss: ReturnType<typeof compareMissing>): ShiftComparison {
  return { site, against, ...d, pAdjusted: NaN, missingRate: miss.rate, missingRateAgainst: miss.rateAgainst, missingPValue: miss.pValue, missingPAdjusted: NaN };
}

function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The site's single value and its share among the other sites' values, if the site is constant (≥ 2 values) and the others vary. */
function constantNumeric(sorted: readonly Float64Array[], s: number): { value: number; share: number } | null {
  const x = sorted[s]!;
  if (x.length < 2 || x[0] !== x[x.length - 1]) return null;
  const v = x[0]!;
  let lo = Infinity;
  let hi = -Infinity;
  let total = 0;
  let equal = 0;
  sorted.forEach((y, j) => {
    if (j === s || y.length === 0) return;
    lo = Math.min(lo, y[0]!);
    hi = Math.max(hi, y[y.length - 1]!);
    total += y.length;
    equal += countAtMost(y, v) - lowerBound(y, v);
  });
  return total > 0 && lo < hi ? { value: v, share: equal / total } : null;
}

function distinctSorted(x: Float64Array): number {
  let d = 0;
  for (let i = 0; i < x.length; i++) if (i === 0 || x[i] !== x[i - 1]) d++;
  return d;
}

/** Statistics of one feature across sites, plus its constant-at-site candidates. */
export function analyseFeature(table: Table, schema: Schema, feature: string, sites: SiteIndex, t: ShiftThresholds, pairwise: boolean): { shift: FeatureShift; constants: ConstantAtSite[] } {
  const kind = featureKind(table, schema, feature);
  const values = keyValues(table, feature);
  const k = sites.names.length;
  const comparisons: ShiftComparison[] = [];
  const constants: ConstantAtSite[] = [];
  const summaries: SiteSummary[] = [];
  const totalRows = (s: number): number => sites.counts[s]!;
  const others = (s: number): number[] => sites.names.map((_, j) => j).filter((j) => j !== s);
  const sum = (xs: number[], f: (j: number) => number): number => xs.reduce((a, j) => a + f(j), 0);

  if (kind === 'numeric') {
    const g = numericBySite(values, sites);
    const pooled = combineMoments(g.moments);
    const pooledSd = Math.sqrt(varianceOf(pooled));
    for (let s = 0; s < k; s++) {
      const x = g.sorted[s]!;
      const sd = Math.sqrt(varianceOf(g.moments[s]!));
      summaries.push({ site: sites.names[s]!, rows: totalRows(s), missing: g.missing[s]!, missingRate: g.missing[s]! / totalRows(s), distinct: distinctSorted(x), mean: x.length > 0 ? g.moments[s]!.mean : NaN, sd });
    }
    const vsRest = numericOneVsRest(g.sorted, g.moments, pooledSd, t);
    for (let s = 0; s < k; s++) {
      const rest = others(s);
      const d = vsRest[s] ?? skipped(g.sorted[s]!.length, sum(rest, (j) => g.sorted[j]!.length), 'ks');
      const miss = compareMissing(g.missing[s]!, totalRows(s), sum(rest, (j) => g.missing[j]!), sum(rest, totalRows));
      comparisons.push(comparison(sites.names[s]!, 'rest', d, miss));
      const constant = constantNumeric(g.sorted, s);
      if (constant !== null) constants.push({ feature, site: sites.names[s]!, value: keyLabel(table, feature, constant.value), n: g.sorted[s]!.length, shareElsewhere: constant.share, chance: constant.share ** g.sorted[s]!.length });
    }
    if (pairwise) {
      for (let i = 0; i < k; i++) {
        for (let j = i + 1; j < k; j++) {
          const d = compareNumeric(g.sorted[j]!, g.sorted[i]!, g.moments[j]!, g.moments[i]!, pooledSd, t);
          const miss = compareMissing(g.missing[j]!, totalRows(j), g.missing[i]!, totalRows(i));
          comparisons.push(comparison(sites.names[j]!, sites.names[i]!, d, miss));
        }
      }
    }
  } else {
    const c = categoricalBySite(values, sites);
    const nLevels = c.levels.length;
    for (let s = 0; s < k; s++) {
      let distinct = 0;
      for (let l = 0; l < nLevels; l++) if (c.counts[s]![l]! > 0) distinct++;
      summaries.push({ site: sites.names[s]!, rows: totalRows(s), missing: c.missing[s]!, missingRate: c.missing[s]! / totalRows(s), distinct });
    }
    for (let s = 0; s < k; s++) {
      const rest = others(s);
      const restCounts = new Float64Array(nLevels);
      for (const j of rest) for (let l = 0; l < nLevels; l++) restCounts[l]! += c.counts[j]![l]!;
      const d = compareCategorical(c.counts[s]!, restCounts, t);
      const miss = compareMissing(c.missing[s]!, totalRows(s), sum(rest, (j) => c.missing[j]!), sum(rest, totalRows));
      comparisons.push(comparison(sites.names[s]!, 'rest', d, miss));
      const present = [...c.counts[s]!.keys()].filter((l) => c.counts[s]![l]! > 0);
      const restPresent = [...restCounts.keys()].filter((l) => restCounts[l]! > 0);
      const n = present.length === 1 ? c.counts[s]![present[0]!]! : 0;
      if (n >= 2 && restPresent.length >= 2) {
        const restTotal = restCounts.reduce((a, b) => a + b, 0);
        const share = restCounts[present[0]!]! / restTotal;
        constants.push({ feature, site: sites.names[s]!, value: keyLabel(table, feature, c.levels[present[0]!]!), n, shareElsewhere: share, chance: share ** n });
      }
    }
    if (pairwise) {
      for (let i = 0; i < k; i++) {
        for (let j = i + 1; j < k; j++) {
          const d = compareCategorical(c.counts[j]!, c.counts[i]!, t);
          const miss = compareMissing(c.missing[j]!, totalRows(j), c.missing[i]!, totalRows(i));
          comparisons.push(comparison(sites.names[j]!, sites.names[i]!, d, miss));
        }
      }
    }
  }
  return { shift: { feature, kind, sites: summaries, comparisons }, constants };
}
