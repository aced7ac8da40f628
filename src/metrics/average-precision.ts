import { checkBinary, requireBothClasses } from './check-binary.js';
import { binaryClfCurve } from './roc-curve.js';
import { refuseExtraArguments } from './sample-weight.js';

/**
 * Average precision: the precision–recall curve summarised as Σₖ (Rₖ − Rₖ₋₁)·Pₖ over distinct
 * score thresholds (no interpolation), equal to scikit-learn's `average_precision_score`.
 * @param yTrue labels, 0 or 1.
 * @param yScore finite scores, higher = more likely an event.
 * @returns AP in [0, 1]; the positive rate is the value of a useless model.
 * @throws ValueError for bad lengths, labels or scores.
 * @throws UndefinedMetricError when yTrue has no positives (recall is undefined; scikit-learn
 * warns and returns a meaningless value). All positives is allowed (AP = 1).
 * @example
 * averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333…
 */
export function averagePrecision(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, ...unsupported: never[]): number {
  refuseExtraArguments('averagePrecision', unsupported);
  const counts = checkBinary('averagePrecision', yTrue, yScore);
  if (counts.nPos === 0) requireBothClasses('averagePrecision', 'average precision', counts);
  const { fps, tps } = binaryClfCurve(yTrue, yScore, counts);
  let ap = 0;
  let previousRecall = 0;
  for (let k = 0; k < tps.length; k++) {
    const tp = tps[k] as number;
    const recall = tp / counts.nPos;
    ap += (recall - previousRecall) * (tp / (tp + (fps[k] as number)));
    previousRecall = recall;
  }
  return ap;
}
