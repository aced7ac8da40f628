import { ValueError } from '../errors.js';
import { checkBinary, checkProbabilities, sortedByClass } from './check-binary.js';

/** Net benefit of the model and of treating everyone at one threshold probability. */
export interface NetBenefitPoint {
  threshold: number;
  /** TP/n − FP/n · t/(1 − t), treating rows with p ≥ t. */
  model: number;
  /** φ − (1 − φ) · t/(1 − t), φ the observed proportion. Treat-none is 0 at every threshold. */
  treatAll: number;
}

/** The default threshold grid 0.05, 0.06, …, 0.50 (rounded to 2 decimals). */
export function defaultThresholds(): number[] {
  return Array.from({ length: 46 }, (_, i) => Math.round(5 + i) / 100);
}

/**
 * Net benefit across a grid of threshold probabilities for the model, treat-all and (implicitly,
 * 0) treat-none: decision-curve analysis of Vickers & Elkin (Med Decis Making 2006). A row is
 * treated when its predicted risk is ≥ the threshold (as R's dcurves).
 * @param yTrue labels, 0 or 1.
 * @param yProb predicted probabilities in [0, 1].
 * @param options.thresholds thresholds in (0, 1). Default 0.05–0.50 step 0.01 ({@link defaultThresholds}).
 * @throws ValueError for bad inputs or a threshold outside (0, 1).
 * @example
 * netBenefit([1, 0, 1, 0], [0.8, 0.4, 0.3, 0.1], { thresholds: [0.2] }); // [{ threshold: 0.2, model: 0.4375, treatAll: 0.375 }]
 */
export function netBenefit(yTrue: ArrayLike<number>, yProb: ArrayLike<number>, options: { thresholds?: readonly number[] } = {}): NetBenefitPoint[] {
  const who = 'netBenefit';
  const counts = checkBinary(who, yTrue, yProb, 'yProb');
  checkProbabilities(who, 'yProb', yProb);
  const thresholds = options.thresholds ?? defaultThresholds();
  for (const t of thresholds) {
    if (!(t > 0 && t < 1)) throw new ValueError(`${who}: thresholds must be in (0, 1). Received: ${t}.`);
  }
  const n = counts.n;
  const phi = counts.nPos / n;
  // one sort per class, then a binary search per threshold: O(n log n + T log n)
  const { pos, neg } = sortedByClass(yTrue, yProb, counts);
  return thresholds.map((t) => {
    const tp = pos.length - lowerBound(pos, t);
    const fp = neg.length - lowerBound(neg, t);
    const odds = t / (1 - t);
    return { threshold: t, model: tp / n - (fp / n) * odds, treatAll: phi - (1 - phi) * odds };
  });
}

/** First index whose value is ≥ t in an ascending array (values ≥ t are treated). */
function lowerBound(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
