import { ValueError } from '../errors.js';
import { checkBinary, requireBothClasses, sortedByClass, type BinaryCounts } from './check-binary.js';
import { checkOptions, checkSampleWeight, weightedClfCurve } from './sample-weight.js';

/** Cumulative counts at each distinct score, highest first (scikit-learn's `_binary_clf_curve`). Internal. */
export interface ClfCurve {
  /** Negatives with score ≥ thresholds[i]. */
  fps: Float64Array;
  /** Positives with score ≥ thresholds[i]. */
  tps: Float64Array;
  /** Distinct scores, decreasing. */
  thresholds: Float64Array;
}

/**
 * scikit-learn's `_binary_clf_curve` without per-row sorting of indices: the two classes'
 * scores are sorted separately and merged from the top. Internal.
 */
export function binaryClfCurve(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, counts: BinaryCounts): ClfCurve {
  const { pos, neg } = sortedByClass(yTrue, yScore, counts);
  const fps = new Float64Array(counts.n);
  const tps = new Float64Array(counts.n);
  const thresholds = new Float64Array(counts.n);
  let i = pos.length - 1;
  let j = neg.length - 1;
  let tp = 0;
  let fp = 0;
  let k = 0;
  while (i >= 0 || j >= 0) {
    const v = i < 0 ? (neg[j] as number) : j < 0 ? (pos[i] as number) : Math.max(pos[i] as number, neg[j] as number);
    while (i >= 0 && pos[i] === v) {
      tp++;
      i--;
    }
    while (j >= 0 && neg[j] === v) {
      fp++;
      j--;
    }
    fps[k] = fp;
    tps[k] = tp;
    thresholds[k] = v;
    k++;
  }
  return { fps: fps.slice(0, k), tps: tps.slice(0, k), thresholds: thresholds.slice(0, k) };
}

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /**
   * Drop thresholds whose point lies on a straight segment between its neighbours (they never
   * change the plotted curve or its area), as scikit-learn's `drop_intermediate`. Default true.
   */
  dropIntermediate?: boolean;
  /**
   * One non-negative weight per row (scikit-learn's `sample_weight`): rows count with their weight,
   * zero-weight rows are dropped. Default: every row weight 1.
   */
  sampleWeight?: ArrayLike<number>;
}

/** A receiver operating characteristic curve. */
export interface RocCurve {
  /** False-positive rate at each threshold, increasing from 0 to 1. */
  fpr: Float64Array;
  /** True-positive rate (sensitivity) at each threshold, increasing from 0 to 1. */
  tpr: Float64Array;
  /** Decreasing thresholds: a row is predicted positive when score ≥ threshold. The first is max(score) + 1. */
  thresholds: Float64Array;
}

/**
 * ROC curve, point for point as scikit-learn 1.2's `roc_curve`: one point per distinct score
 * (highest first), collinear points dropped when `dropIntermediate`, and a first point (0, 0)
 * at threshold max(score) + 1.
 * @param yTrue labels, 0 or 1.
 * @param yScore finite scores, higher = more likely an event.
 * @param options.dropIntermediate drop collinear points. Default true.
 * @param options.sampleWeight per-row weights (scikit-learn's `sample_weight`). Default none.
 * @returns `{fpr, tpr, thresholds}` as Float64Arrays of equal length.
 * @throws ValueError for bad lengths, labels, scores or weights, an unknown option, or a non-object
 *   third argument (a weights array passed positionally is refused, never ignored).
 * @throws UndefinedMetricError when only one class is present, or has zero total weight
 *   (scikit-learn warns and returns NaN).
 * @example
 * const { fpr, tpr, thresholds } = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [1.8, 0.8, 0.4, 0.35, 0.1]
 */
export function rocCurve(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, options: RocCurveOptions = {}): RocCurve {
  checkOptions('rocCurve', options, ['dropIntermediate', 'sampleWeight']);
  const { dropIntermediate = true } = options;
  if (typeof dropIntermediate !== 'boolean') {
    throw new ValueError(`rocCurve: dropIntermediate must be true or false. Received: ${String(dropIntermediate)}.`);
  }
  const counts = checkBinary('rocCurve', yTrue, yScore);
  requireBothClasses('rocCurve', 'the ROC curve', counts);
  let { fps, tps, thresholds } =
    options.sampleWeight === undefined
      ? binaryClfCurve(yTrue, yScore, counts)
      : weightedClfCurve('rocCurve', yTrue, yScore, checkSampleWeight('rocCurve', options.sampleWeight, counts.n));
  if (dropIntermediate && fps.length > 2) {
    const keep: number[] = [0];
    for (let m = 1; m < fps.length - 1; m++) {
      // numpy's np.diff(x, 2), (x[m+1] − x[m]) − (x[m] − x[m−1]): exact for counts, and the same
      // rounding as scikit-learn for weighted sums.
      const d2f = ((fps[m + 1] as number) - (fps[m] as number)) - ((fps[m] as number) - (fps[m - 1] as number));
      const d2t = ((tps[m + 1] as number) - (tps[m] as number)) - ((tps[m] as number) - (tps[m - 1] as number));
      if (d2f !== 0 || d2t !== 0) keep.push(m);
    }
    keep.push(fps.length - 1);
    fps = Float64Array.from(keep, (m) => fps[m] as number);
    tps = Float64Array.from(keep, (m) => tps[m] as number);
    thresholds = Float64Array.from(keep, (m) => thresholds[m] as number);
  }
  const len = fps.length + 1;
  const fpr = new Float64Array(len);
  const tpr = new Float64Array(len);
  const thr = new Float64Array(len);
  thr[0] = (thresholds[0] as number) + 1;
  // Totals as scikit-learn: the last cumulative value (the class counts when unweighted).
  const negTotal = fps[fps.length - 1] as number;
  const posTotal = tps[tps.length - 1] as number;
  for (let m = 1; m < len; m++) {
    fpr[m] = (fps[m - 1] as number) / negTotal;
    tpr[m] = (tps[m - 1] as number) / posTotal;
    thr[m] = thresholds[m - 1] as number;
  }
  return { fpr, tpr, thresholds: thr };
}
