import { ValueError } from '../errors.js';
import type { Recalibration } from '../io/recalibration.js';

/**
 * Apply a stored recalibration to a model's logits and return probabilities:
 * `p = σ(intercept + slope · logit)` (Steyerberg, *Clinical Prediction Models*, ch. 20). The
 * sigmoid is evaluated in the numerically stable form for both signs. Non-finite logits give NaN
 * risks (never a clamped number).
 * @param logits the model's raw outputs (log-odds), one per patient.
 * @param r the recalibration record (`io.loadModel(dir).recalibration`).
 * @returns Float64Array of probabilities, same length as `logits`.
 * @throws ValueError when intercept or slope is not finite.
 * @example
 * const p = update.applyRecalibration([0.2, -1.3], { method: 'intercept', intercept: -0.4, slope: 1,
 *   fittedOn: { n: 50, events: 12, source: 'local.csv' } });
 */
export function applyRecalibration(logits: ArrayLike<number>, r: Recalibration): Float64Array {
  if (!Number.isFinite(r.intercept) || !Number.isFinite(r.slope)) {
    throw new ValueError(`applyRecalibration: intercept and slope must be finite. Received: intercept=${r.intercept}, slope=${r.slope}.`);
  }
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = sigmoid(r.intercept + r.slope * logits[i]!);
  return out;
}

/** Stable logistic function: never overflows exp for large |z|; NaN stays NaN. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
