import type { Recalibration } from '../io/recalibration.js';
import { applyRecalibration } from '../update/apply-recalibration.js';
import { logisticRecalibration } from '../update/recalibrate.js';

/** Calibration of probabilities on labelled rows: observed:expected events and the calibration slope. */
export interface CalibrationSummary {
  /** Observed events divided by the sum of predicted risks. */
  oe: number;
  /** Logistic calibration slope (1 is ideal; null when it cannot be estimated). */
  slope: number | null;
}

/** The final model's recalibration on its early-stopping rows, and what it changed. */
export interface FinalRecalibration {
  /** Whether the recalibration is stored in the model (and so applied by predictProba). */
  applied: boolean;
  /** Why it was or was not applied. */
  reason: string;
  /** The stored mapping (null when not applied). */
  recalibration: Recalibration | null;
  /** Early-stopping rows and events it was estimated on. */
  n: number;
  events: number;
  /** Calibration of the network's own risks on those rows. */
  before: CalibrationSummary;
  /** Calibration after recalibrating, cross-fitted (each half recalibrated by a fit on the other half); null when it could not be fitted. */
  after: CalibrationSummary | null;
  /** One sentence for people (terminal, report): see {@link describeRecalibration}. */
  summary: string;
}

/** Fewest events and non-events among the early-stopping rows for which a slope is estimated and applied. */
export const MIN_RECALIBRATION_EVENTS = 10;

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

function summary(logits: ArrayLike<number>, y: ArrayLike<number>): CalibrationSummary {
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < y.length; i++) {
    observed += y[i]!;
    expected += sigmoid(logits[i]!);
  }
  const fit = logisticRecalibration(logits, y);
  return { oe: observed / expected, slope: fit.converged && Number.isFinite(fit.slope) ? fit.slope : null };
}

/**
 * Logistic recalibration (Cox 1958: logit' = a + b·logit) of the final model on the rows held out
 * from fitting for early stopping, so the deployed risks are calibrated on rows the weights were not
 * fitted on (#15). Applied only with at least {@link MIN_RECALIBRATION_EVENTS} events and non-events,
 * a converged fit with a positive slope, and when the cross-fitted recalibration lowers the log loss
 * of those rows (it helps on rows it was not fitted on). The "after" calibration is cross-fitted: rows alternate between two halves,
 * each half recalibrated by the fit on the other, so it is not the trivially perfect in-sample fit.
 * @param logits the final model's logits on its early-stopping rows.
 * @param y their 0/1 outcomes.
 * @param source where the rows came from (stored in model.json `recalibration.fittedOn.source`).
 */
export function recalibrateFinal(logits: Float64Array, y: Uint8Array, source: string): FinalRecalibration {
  const n = y.length;
  const events = y.reduce((a, v) => a + v, 0);
  const before = summary(logits, y);
  const skip = (reason: string): FinalRecalibration => withSummary({ applied: false, reason, recalibration: null, n, events, before, after: null });
  if (events < MIN_RECALIBRATION_EVENTS || n - events < MIN_RECALIBRATION_EVENTS) {
    return skip(`not recalibrated: ${events} events and ${n - events} non-events among the ${n} early-stopping rows (at least ${MIN_RECALIBRATION_EVENTS} of each needed)`);
  }
  const fit = logisticRecalibration(logits, y);
  if (!fit.converged || !Number.isFinite(fit.intercept) || !Number.isFinite(fit.slope) || fit.slope <= 0) {
    return skip('not recalibrated: the logistic recalibration did not converge to a positive slope on the early-stopping rows');
  }
  const recalibration: Recalibration = {
    method: 'logistic',
    intercept: fit.intercept,
    slope: fit.slope,
    fittedOn: { n, events, source },
  };
  const cross = crossFittedLogits(logits, y);
  const after = cross === null ? null : summary(cross, y);
  // Applied only when it helps on rows it was not fitted on: a recalibration estimated on few rows
  // can make risks worse (its own sampling error), which the cross-fitted log-likelihood shows.
  if (cross === null || logLoss(cross, y) >= logLoss(logits, y)) {
    const why = cross === null ? 'the cross-fitted check did not converge' : `on held-out halves it did not improve the log-likelihood (log loss ${logLoss(logits, y).toFixed(3)} → ${logLoss(cross, y).toFixed(3)})`;
    return withSummary({ applied: false, reason: `not recalibrated: ${why}`, recalibration: null, n, events, before, after });
  }
  return withSummary({ applied: true, reason: `recalibrated on the ${n} early-stopping rows (${events} events)`, recalibration, n, events, before, after });
}

/** Mean negative Bernoulli log-likelihood of 0/1 outcomes under logits (numerically stable). */
function logLoss(logits: ArrayLike<number>, y: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const z = logits[i]!;
    // −log σ(z) = softplus(−z); −log(1 − σ(z)) = softplus(z).
    const t = y[i] === 1 ? -z : z;
    total += t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
  }
  return total / y.length;
}

function withSummary(r: Omit<FinalRecalibration, 'summary'>): FinalRecalibration {
  return { ...r, summary: describeRecalibration(r) };
}

/** Recalibrated logits, each half of the rows recalibrated by a fit on the other half (null when a fit fails). */
function crossFittedLogits(logits: Float64Array, y: Uint8Array): Float64Array | null {
  const recal = new Float64Array(y.length);
  for (const half of [0, 1]) {
    const fitIdx = [...y.keys()].filter((i) => i % 2 !== half);
    const fit = logisticRecalibration(fitIdx.map((i) => logits[i]!), fitIdx.map((i) => y[i]!));
    if (!fit.converged) return null;
    for (let i = half; i < y.length; i += 2) recal[i] = fit.intercept + fit.slope * logits[i]!;
  }
  return recal;
}

/** Probabilities from logits with the recalibration applied when there is one. */
export function finalProbabilities(logits: ArrayLike<number>, r: FinalRecalibration | null): Float64Array {
  return r?.recalibration ? applyRecalibration(logits, r.recalibration) : Float64Array.from(logits, sigmoid);
}

/**
 * One sentence on the final model's recalibration, e.g. `Final model recalibrated on the 82
 * early-stopping rows (30 events): logit' = 0.12 + 0.85·logit; O:E 1.10 → 1.01, slope 0.81 → 0.97
 * (cross-fitted).` (for the terminal and the report).
 */
export function describeRecalibration(r: Omit<FinalRecalibration, 'summary'>): string {
  const f = (v: number | null): string => (v === null ? '–' : v.toFixed(2));
  const before = `O:E ${f(r.before.oe)}, slope ${f(r.before.slope)}`;
  if (!r.applied || r.recalibration === null) return `Final model ${r.reason}; on those rows ${before}.`;
  const m = r.recalibration;
  const after = r.after === null ? '' : `; O:E ${f(r.before.oe)} → ${f(r.after.oe)}, slope ${f(r.before.slope)} → ${f(r.after.slope)} (cross-fitted)`;
  return `Final model ${r.reason}: logit' = ${m.intercept.toFixed(2)} + ${m.slope.toFixed(2)}·logit${after}. Applied by predict and validate.`;
}
