import { UndefinedMetricError, ValueError } from '../errors.js';
import { checkBinary, checkFinite, requireBothClasses, sortedByClass } from './check-binary.js';
import { normalPpf, normalSf } from '../stats/normal.js';
import { twicePairCount } from './roc-auc.js';

/** Options of {@link delongCi} and {@link delongTest}. */
export interface DelongOptions {
  /** Confidence level of the interval, in (0, 1). Default 0.95. */
  level?: number;
}

/** AUC with its DeLong standard error and confidence interval. */
export interface DelongCi {
  /** ROC AUC (equal to `rocAucScore`). */
  auc: number;
  /** DeLong standard error of the AUC. */
  se: number;
  /** Lower bound auc − z·se, clipped at 0. */
  lo: number;
  /** Upper bound auc + z·se, clipped at 1. */
  hi: number;
}

function checkLevel(who: string, level: number): number {
  if (!(typeof level === 'number' && level > 0 && level < 1)) {
    throw new ValueError(`${who}: level must be in (0, 1), e.g. 0.95. Received: level=${String(level)}.`);
  }
  return normalPpf((1 + level) / 2);
}

/**
 * Confidence interval of the ROC AUC by DeLong's method (DeLong, DeLong & Clarke-Pearson,
 * Biometrics 1988) with the fast O(N log N) algorithm of Sun & Xu (IEEE Signal Process. Lett.
 * 2014): the structural components V₁₀ (each event's share of non-events scored below it, ties
 * ½) and V₀₁ (each non-event's share of events scored above it) come from the mid-ranks of one
 * sorted merge; se² = s²(V₁₀)/m + s²(V₀₁)/n with sample variances. The Wald interval
 * auc ± z·se is clipped to [0, 1] (so it may be asymmetric near 1).
 * @param yTrue labels, 0 or 1.
 * @param yScore finite scores.
 * @param options.level confidence level. Default 0.95.
 * @returns `{auc, se, lo, hi}`.
 * @throws ValueError for bad inputs or level.
 * @throws UndefinedMetricError with fewer than 2 events or 2 non-events (no variance).
 * @example
 * delongCi([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7]); // { auc: 0.889, se: 0.157, lo: 0.581, hi: 1 }
 */
export function delongCi(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options: DelongOptions = {}): DelongCi {
  const z = checkLevel('delongCi', options.level ?? 0.95);
  const counts = checkBinary('delongCi', yTrue, yScore);
  requireBothClasses('delongCi', 'the DeLong variance', counts, 2);
  const { pos, neg } = sortedByClass(yTrue, yScore, counts);
  const m = pos.length;
  const n = neg.length;
  const auc = twicePairCount(pos, neg) / (2 * m * n);
  // Σ over events of (V10 − auc)², V10 = (#non-events below + ½ #tied) / n, one tie block at a time
  const s10 = sumSquaredPlacements(pos, neg, auc, false);
  const s01 = sumSquaredPlacements(neg, pos, auc, true);
  const se = Math.sqrt(s10 / (m - 1) / m + s01 / (n - 1) / n);
  return { auc, se, lo: Math.max(0, auc - z * se), hi: Math.min(1, auc + z * se) };
}

/**
 * Σ (V − mean)² over the values of `own` (sorted), where V is the share of `other` (sorted)
 * below (or, with `above`, above) each value, ties counted ½.
 */
function sumSquaredPlacements(own: Float64Array, other: Float64Array, mean: number, above: boolean): number {
  const k = other.length;
  let lo = 0;
  let hi = 0;
  let ss = 0;
  for (let i = 0; i < own.length; ) {
    const v = own[i] as number;
    let j = i + 1;
    while (j < own.length && own[j] === v) j++;
    while (lo < k && (other[lo] as number) < v) lo++;
    if (hi < lo) hi = lo;
    while (hi < k && other[hi] === v) hi++;
    const placement = above ? (2 * k - lo - hi) / (2 * k) : (lo + hi) / (2 * k);
    const d = placement - mean;
    ss += (j - i) * d * d;
    i = j;
  }
  return ss;
}

/** Paired DeLong comparison of two AUCs on the same rows. */
export interface DelongTest {
  /** AUC of scoresA and of scoresB. */
  aucA: number;
  aucB: number;
  /** aucA − aucB. */
  diff: number;
  /** DeLong standard error of the difference (accounts for the pairing). */
  se: number;
  /** diff / se. */
  z: number;
  /** Two-sided p-value, 2·(1 − Φ(|z|)). */
  p: number;
  /** Confidence interval of the difference at `level` (not clipped). */
  lo: number;
  hi: number;
}

/**
 * DeLong's test for two correlated ROC AUCs (two models scored on the same patients): the
 * covariance of the structural components gives var(aucA − aucB) = s²(V₁₀ᴬ − V₁₀ᴮ)/m +
 * s²(V₀₁ᴬ − V₀₁ᴮ)/n; z = diff / se is referred to N(0, 1). Placements come from binary search
 * in each model's sorted scores, O(N log N).
 * @param yTrue labels, 0 or 1.
 * @param scoresA scores of model A; @param scoresB scores of model B (same rows).
 * @param options.level confidence level of the difference's interval. Default 0.95.
 * @returns `{aucA, aucB, diff, se, z, p, lo, hi}`.
 * @throws ValueError for bad inputs (lengths, labels, non-finite scores).
 * @throws UndefinedMetricError with fewer than 2 events or non-events, or when the two scores
 * order every event/non-event pair identically (diff 0 with zero variance: nothing to test).
 * @example
 * delongTest([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7], [0.3, 0.2, 0.9, 0.6, 0.1, 0.5]).p; // ≈0.480
 */
export function delongTest(
  yTrue: ArrayLike<number>,
  scoresA: ArrayLike<number>,
  scoresB: ArrayLike<number>,
  options: DelongOptions = {},
): DelongTest {
  const who = 'delongTest';
  const z = checkLevel(who, options.level ?? 0.95);
  const counts = checkBinary(who, yTrue, scoresA, 'scoresA');
  if (scoresB.length !== counts.n) {
    throw new ValueError(`${who}: scoresB must have one score per row (${counts.n}). Received: ${scoresB.length} scores.`);
  }
  checkFinite(who, 'scoresB', scoresB);
  requireBothClasses(who, 'the DeLong test', counts, 2);
  const a = placements(yTrue, scoresA, counts.nPos, counts.nNeg);
  const b = placements(yTrue, scoresB, counts.nPos, counts.nNeg);
  const m = counts.nPos;
  const n = counts.nNeg;
  const aucA = a.twiceCount / (2 * m * n);
  const aucB = b.twiceCount / (2 * m * n);
  const variance = sampleVarianceOfDiff(a.v10, b.v10) / m + sampleVarianceOfDiff(a.v01, b.v01) / n;
  const diff = aucA - aucB;
  if (variance === 0 && diff === 0) {
    throw new UndefinedMetricError(
      `${who}: the two scores rank every event/non-event pair identically (aucA = aucB = ${aucA}, zero variance), ` +
        'so there is no difference to test. Received: equivalent scoresA and scoresB.',
    );
  }
  const se = Math.sqrt(variance);
  const zStat = diff / se;
  return { aucA, aucB, diff, se, z: zStat, p: 2 * normalSf(Math.abs(zStat)), lo: diff - z * se, hi: diff + z * se };
}

/**
 * Per-row structural components in row order: v10 for events (share of non-events below, ties
 * ½), v01 for non-events (share of events above), via binary search in the sorted scores.
 */
function placements(yTrue: ArrayLike<number>, score: ArrayLike<number>, m: number, n: number): { v10: Float64Array; v01: Float64Array; twiceCount: number } {
  const counts = { n: m + n, nPos: m, nNeg: n };
  const { pos, neg } = sortedByClass(yTrue, score, counts);
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let a = 0;
  let b = 0;
  let twiceCount = 0;
  for (let i = 0; i < counts.n; i++) {
    const s = score[i] as number;
    if (yTrue[i] === 1) {
      const c = lowerBound(neg, s) + upperBound(neg, s);
      twiceCount += c;
      v10[a++] = c / (2 * n);
    } else {
      v01[b++] = (2 * m - lowerBound(pos, s) - upperBound(pos, s)) / (2 * m);
    }
  }
  return { v10, v01, twiceCount };
}

/** Number of values < x in ascending `sorted`. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of values ≤ x in ascending `sorted`. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sample variance (ddof 1) of a − b, two-pass. */
function sampleVarianceOfDiff(a: Float64Array, b: Float64Array): number {
  const k = a.length;
  let mean = 0;
  for (let i = 0; i < k; i++) mean += (a[i] as number) - (b[i] as number);
  mean /= k;
  let ss = 0;
  for (let i = 0; i < k; i++) {
    const d = (a[i] as number) - (b[i] as number) - mean;
    ss += d * d;
  }
  return ss / (k - 1);
}
