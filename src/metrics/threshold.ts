import { ValueError } from '../errors.js';
import { checkBinary, requireBothClasses } from './check-binary.js';
import { rocCurve } from './roc-curve.js';
import { refuseExtraArguments } from './sample-weight.js';

/** Options of {@link thresholdMetrics}. */
export interface ThresholdOptions {
  /** A row is predicted positive when its probability (score) is ≥ threshold. Default 0.5. */
  threshold?: number;
}

/** Confusion counts and the rates clinicians read at one decision threshold. */
export interface ThresholdMetrics {
  /** The threshold used (predicted positive when score ≥ threshold). */
  threshold: number;
  /** True positives, false positives, true negatives, false negatives. */
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  /** Sensitivity (recall, true-positive rate) = tp / (tp + fn). */
  sensitivity: number;
  /** Specificity (true-negative rate) = tn / (tn + fp). */
  specificity: number;
  /** Positive predictive value (precision) = tp / (tp + fp). */
  ppv: number;
  /** Negative predictive value = tn / (tn + fn). */
  npv: number;
  /** F1 = 2·tp / (2·tp + fp + fn). */
  f1: number;
  /** Accuracy = (tp + tn) / N. */
  accuracy: number;
  /** Youden's J = sensitivity + specificity − 1. */
  youden: number;
}

/**
 * Confusion-matrix metrics at a fixed threshold (predicted positive when score ≥ threshold,
 * the convention of `rocCurve`'s thresholds). Values equal scikit-learn's `recall_score`,
 * `precision_score`, `f1_score`, `accuracy_score` on `yProb >= threshold`, except that a ratio
 * with a zero denominator is NaN (scikit-learn returns 0 with a warning): e.g. ppv when nothing
 * is predicted positive, sensitivity when there are no events.
 * @param yTrue labels, 0 or 1.
 * @param yProb finite probabilities or scores.
 * @param options.threshold decision threshold. Default 0.5.
 * @throws ValueError for bad inputs or a non-finite threshold.
 * @example
 * thresholdMetrics([0, 1, 1, 0], [0.2, 0.7, 0.4, 0.6]).sensitivity; // 0.5
 */
export function thresholdMetrics(yTrue: ArrayLike<number>, yProb: ArrayLike<number>, options: ThresholdOptions = {}): ThresholdMetrics {
  const { threshold = 0.5 } = options;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
    throw new ValueError(`thresholdMetrics: threshold must be a finite number. Received: ${String(threshold)}.`);
  }
  const counts = checkBinary('thresholdMetrics', yTrue, yProb, 'yProb');
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < counts.n; i++) {
    if ((yProb[i] as number) >= threshold) {
      if (yTrue[i] === 1) tp++;
      else fp++;
    }
  }
  const fn = counts.nPos - tp;
  const tn = counts.nNeg - fp;
  const sensitivity = tp / (tp + fn);
  const specificity = tn / (tn + fp);
  return {
    threshold,
    tp,
    fp,
    tn,
    fn,
    sensitivity,
    specificity,
    ppv: tp / (tp + fp),
    npv: tn / (tn + fn),
    f1: (2 * tp) / (2 * tp + fp + fn),
    accuracy: (tp + tn) / counts.n,
    youden: sensitivity + specificity - 1,
  };
}

/** The threshold that maximises Youden's J, with its operating point. */
export interface YoudenPoint {
  /** Predicted positive when score ≥ threshold. */
  threshold: number;
  sensitivity: number;
  specificity: number;
  /** J = sensitivity + specificity − 1. */
  youden: number;
}

/**
 * The ROC threshold maximising Youden's J = TPR − FPR (Youden, Cancer 1950). Searched over every
 * distinct score (`rocCurve` without dropping points); on ties the highest threshold wins
 * (`argmax` order). Note that a threshold chosen on the evaluation data is optimistic: choose it
 * on training or validation folds.
 * @param yTrue labels, 0 or 1.
 * @param yScore finite scores.
 * @throws ValueError for bad inputs.
 * @throws UndefinedMetricError when only one class is present.
 * @example
 * youdenThreshold([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // { threshold: 0.8, sensitivity: 0.5, specificity: 1, youden: 0.5 }
 */
export function youdenThreshold(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, ...unsupported: never[]): YoudenPoint {
  refuseExtraArguments('youdenThreshold', unsupported);
  const counts = checkBinary('youdenThreshold', yTrue, yScore);
  requireBothClasses('youdenThreshold', "Youden's J", counts);
  const { fpr, tpr, thresholds } = rocCurve(yTrue, yScore, { dropIntermediate: false });
  let best = 0;
  for (let k = 1; k < fpr.length; k++) {
    if ((tpr[k] as number) - (fpr[k] as number) > (tpr[best] as number) - (fpr[best] as number)) best = k;
  }
  const sensitivity = tpr[best] as number;
  const specificity = 1 - (fpr[best] as number);
  return { threshold: thresholds[best] as number, sensitivity, specificity, youden: sensitivity - (fpr[best] as number) };
}
