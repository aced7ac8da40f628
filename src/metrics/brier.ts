import { checkBinary, checkProbabilities, requireBothClasses } from './check-binary.js';
import { refuseExtraArguments } from './sample-weight.js';

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
export function brierScore(yTrue: ArrayLike<number>, yProb: ArrayLike<number>, ...unsupported: never[]): number {
  refuseExtraArguments('brierScore', unsupported);
  const counts = checkBinary('brierScore', yTrue, yProb, 'yProb');
  checkProbabilities('brierScore', 'yProb', yProb);
  let sum = 0;
  for (let i = 0; i < counts.n; i++) {
    const d = (yProb[i] as number) - (yTrue[i] as number);
    sum += d * d;
  }
  return sum / counts.n;
}

/**
 * Scaled Brier score (Brier skill against the prevalence; Steyerberg et al., Epidemiology 2010):
 * 1 − Brier / (φ(1 − φ)), φ the observed proportion of events. 1 is perfect, 0 is no better
 * than predicting φ for everyone, negative is worse.
 * @param yTrue labels, 0 or 1, both classes present.
 * @param yProb predicted probabilities in [0, 1].
 * @throws ValueError for bad inputs; UndefinedMetricError with one class (φ(1 − φ) = 0).
 * @example
 * scaledBrierScore([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]); // 1 − 0.0375/0.25 = 0.85
 */
export function scaledBrierScore(yTrue: ArrayLike<number>, yProb: ArrayLike<number>, ...unsupported: never[]): number {
  refuseExtraArguments('scaledBrierScore', unsupported);
  const counts = checkBinary('scaledBrierScore', yTrue, yProb, 'yProb');
  requireBothClasses('scaledBrierScore', 'the scaled Brier score', counts);
  const phi = counts.nPos / counts.n;
  return 1 - brierScore(yTrue, yProb) / (phi * (1 - phi));
}
