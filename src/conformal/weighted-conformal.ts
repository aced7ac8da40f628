import { ValueError } from '../errors.js';
import { checkAlpha, checkLabelled, checkRisks, nonconformity, predictionSet } from './prediction-sets.js';

/** Options of {@link weightedConformal}. */
export interface WeightedConformalOptions {
  /** Miscoverage level. Default 0.1. */
  alpha?: number;
}

/** Weighted split-conformal sets and the per-row thresholds behind them. */
export interface WeightedConformalResult {
  /** Coded sets (0 ∅, 1 {0}, 2 {1}, 3 {0,1}), one per test row. */
  sets: Uint8Array;
  /** Per test row q̂(x) (+∞ when the calibration weight cannot reach 1 − α). */
  thresholds: Float64Array;
}

/**
 * Weighted conformal prediction under covariate shift (Tibshirani, Barber, Candès & Ramdas,
 * NeurIPS 2019): when test patients differ from calibration patients in their features but not in
 * P(y | x), weighting each calibration score by the likelihood ratio w(x) = dP_test/dP_cal(x)
 * restores coverage ≥ 1 − α. For a test row with weight w, q̂(x) is the (1 − α) quantile of
 * Σ_i p_i δ(s_i) + p_test δ(+∞), with p_i = w_i / (Σ_j w_j + w) and p_test = w / (Σ_j w_j + w).
 * Weights may be known or estimated (see `densityRatioWeights`); only ratios matter.
 * @param yTrue, yProb calibration labels and risks. @param calibrationWeights w(x_i) ≥ 0 per calibration row.
 * @param testProb test risks. @param testWeights w(x) > 0 per test row.
 * @throws ValueError for bad labels, risks, negative or non-finite weights, or mismatched lengths.
 * @example const { sets } = conformal.weightedConformal(yCal, pCal, wCal, pTest, wTest, { alpha: 0.1 });
 */
export function weightedConformal(
  yTrue: ArrayLike<number>, yProb: ArrayLike<number>, calibrationWeights: ArrayLike<number>,
  testProb: ArrayLike<number>, testWeights: ArrayLike<number>, options: WeightedConformalOptions = {},
): WeightedConformalResult {
  const who = 'weightedConformal';
  checkLabelled(who, yTrue, yProb);
  checkRisks(who, testProb, 'testProb');
  const alpha = options.alpha ?? 0.1;
  checkAlpha(who, alpha);
  checkWeights(who, calibrationWeights, yTrue.length, 'calibrationWeights');
  checkWeights(who, testWeights, testProb.length, 'testWeights');
  const n = yTrue.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const score = Float64Array.from(order, (i) => nonconformity(yTrue[i]!, yProb[i]!));
  order.sort((a, b) => score[a]! - score[b]!);
  const sorted = Float64Array.from(order, (i) => score[i]!);
  const cum = new Float64Array(n);
  let total = 0;
  order.forEach((i, k) => {
    total += calibrationWeights[i]!;
    cum[k] = total;
  });
  const thresholds = new Float64Array(testProb.length);
  const sets = new Uint8Array(testProb.length);
  for (let t = 0; t < testProb.length; t++) {
    const need = (1 - alpha) * (total + testWeights[t]!);
    // First k with cum[k] ≥ need (binary search); none: the mass at +∞ is needed.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! >= need * (1 - 1e-12)) hi = mid;
      else lo = mid + 1;
    }
    const q = lo < n ? sorted[lo]! : Infinity;
    thresholds[t] = q;
    sets[t] = predictionSet(testProb[t]!, q);
  }
  return { sets, thresholds };
}

function checkWeights(who: string, w: ArrayLike<number>, n: number, name: string): void {
  if (w.length !== n) throw new ValueError(`${who}: ${name} needs one weight per row (${n}). Received: ${w.length}.`);
  for (let i = 0; i < n; i++) {
    if (!(w[i]! >= 0) || !Number.isFinite(w[i]!)) throw new ValueError(`${who}: ${name} must be finite and ≥ 0. Received: ${name}[${i}]=${w[i]}.`);
  }
}
