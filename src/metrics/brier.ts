import { checkBinary, checkProbabilities } from './check-binary.js';

/**
 * Brier score: mean squared difference between predicted probability and outcome,
 * (1/N) Σ (pᵢ − yᵢ)², equal to scikit-learn's `brier_score_loss`. Lower is better; 0.25 is a
 * constant 0.5 prediction.
 * @param yTrue labels, 0 or 1 (one class is allowed).
 * @param yProb predicted probabilities of the event, in [0, 1].
 * @throws ValueError for bad lengths or labels, or probabilities outside [0, 1] / not finite.
 * @example
 * brierScore([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]); // ≈0.0375
 */
export function brierScore(yTrue: ArrayLike<number>, yProb: ArrayLike<number>): number {
  const counts = checkBinary('brierScore', yTrue, yProb, 'yProb');
  checkProbabilities('brierScore', 'yProb', yProb);
  let sum = 0;
  for (let i = 0; i < counts.n; i++) {
    const d = (yProb[i] as number) - (yTrue[i] as number);
    sum += d * d;
  }
  return sum / counts.n;
}
