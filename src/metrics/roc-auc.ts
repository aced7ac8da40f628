import { checkBinary, requireBothClasses, sortedByClass } from './check-binary.js';
import { rocCurve } from './roc-curve.js';
import { checkOptions } from './sample-weight.js';

/** Options of {@link rocAucScore}. */
export interface RocAucOptions {
  /**
   * One non-negative weight per row (scikit-learn's `sample_weight`): the area under the weighted
   * ROC curve. Default: every row weight 1.
   */
  sampleWeight?: ArrayLike<number>;
}

/**
 * Twice the Mann–Whitney count Σ over positive–negative pairs of [p > n] + ½[p = n], i.e.
 * Σ_pos (2·#neg below + #neg tied), from both classes' scores sorted ascending. Exact in
 * double precision while 2·m·n < 2^53. Internal.
 */
export function twicePairCount(pos: Float64Array, neg: Float64Array): number {
  const n = neg.length;
  let lo = 0;
  let hi = 0;
  let total = 0;
  for (let i = 0; i < pos.length; ) {
    const v = pos[i] as number;
    let j = i + 1;
    while (j < pos.length && pos[j] === v) j++;
    while (lo < n && (neg[lo] as number) < v) lo++;
    if (hi < lo) hi = lo;
    while (hi < n && neg[hi] === v) hi++;
    total += (j - i) * (lo + hi);
    i = j;
  }
  return total;
}

/**
 * Area under the ROC curve for binary labels, equal to scikit-learn's `roc_auc_score`.
 *
 * Computed as the Mann–Whitney statistic P(score₊ > score₋) + ½·P(score₊ = score₋), which is the
 * trapezoidal area under scikit-learn's ROC curve, ties included (a tie block is a diagonal
 * segment). O(N log N): the two classes' scores are sorted separately (typed-array sort) and
 * merged; no per-row objects. Agrees with scikit-learn 1.2 to ~1e-15 (its trapezoid sum rounds
 * differently).
 * @param yTrue labels, 0 or 1 (1 = event).
 * @param yScore scores or probabilities, higher = more likely an event; finite.
 * @param options.sampleWeight per-row weights: the trapezoidal area under scikit-learn's weighted
 *   ROC curve (`roc_auc_score(..., sample_weight=w)`, zero-weight rows dropped). Default none.
 * @returns the AUC in [0, 1].
 * @throws ValueError for lengths that differ, labels other than 0/1, NaN or infinite scores, bad
 *   weights, an unknown option, or a non-object third argument (a positional weights array is
 *   refused, never ignored).
 * @throws UndefinedMetricError (code `E_UNDEFINED_METRIC`) when only one class is present (or has
 *   zero total weight).
 * @example
 * rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 */
export function rocAucScore(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options: RocAucOptions = {}): number {
  checkOptions('rocAucScore', options, ['sampleWeight']);
  if (options.sampleWeight !== undefined) {
    const { fpr, tpr } = rocCurve(yTrue, yScore, { sampleWeight: options.sampleWeight });
    // numpy.trapz(tpr, fpr), the sum scikit-learn's auc() takes.
    let area = 0;
    for (let i = 1; i < fpr.length; i++) area += ((fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!)) / 2;
    return area;
  }
  const counts = checkBinary('rocAucScore', yTrue, yScore);
  requireBothClasses('rocAucScore', 'ROC AUC', counts);
  const { pos, neg } = sortedByClass(yTrue, yScore, counts);
  return twicePairCount(pos, neg) / (2 * counts.nPos * counts.nNeg);
}
