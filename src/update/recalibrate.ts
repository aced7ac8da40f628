import { ValueError } from '../errors.js';
import { bernoulliLogLik, fitLogisticGlm } from './logistic-glm.js';

/** A fitted recalibration of logits on local data (Steyerberg, *Clinical Prediction Models*, ch. 20). */
export interface RecalibrationFit {
  /** New intercept a in logit' = a + b·logit. */
  intercept: number;
  /** New slope b (1 for the intercept update). */
  slope: number;
  /** Standard errors of [intercept] or [intercept, slope]. */
  se: number[];
  /** Log-likelihood of the local labels under the recalibrated logits. */
  logLik: number;
  /** Whether Newton–Raphson converged (false: e.g. one outcome class only). */
  converged: boolean;
}

function checkInputs(who: string, logits: ArrayLike<number>, y: ArrayLike<number>): void {
  if (logits.length !== y.length || logits.length === 0) {
    throw new ValueError(`${who}: logits and y must have the same non-zero length. Received: ${logits.length} and ${y.length}.`);
  }
  for (let i = 0; i < logits.length; i++) {
    if (!Number.isFinite(logits[i]!)) throw new ValueError(`${who}: logits must be finite. Received: logits[${i}]=${logits[i]}.`);
  }
}

/**
 * Log-likelihood of 0/1 labels under logits as they are (the original model on local data).
 * @example originalLogLik([0.3, -1], [1, 0]);
 */
export function originalLogLik(logits: ArrayLike<number>, y: ArrayLike<number>): number {
  checkInputs('originalLogLik', logits, y);
  let ll = 0;
  for (let i = 0; i < y.length; i++) ll += bernoulliLogLik(y[i]!, logits[i]!);
  return ll;
}

/**
 * Intercept update ("recalibration in the large"): the maximum-likelihood a in
 * logit' = a + logit, i.e. R `glm(y ~ 1 + offset(logit), family = binomial)`.
 * @param logits the model's logits on the local patients. @param y their 0/1 outcomes.
 * @throws ValueError for mismatched lengths, non-finite logits or labels other than 0/1.
 * @example const { intercept } = interceptUpdate(logits, y);
 */
export function interceptUpdate(logits: ArrayLike<number>, y: ArrayLike<number>): RecalibrationFit {
  checkInputs('interceptUpdate', logits, y);
  const n = y.length;
  const fit = fitLogisticGlm(new Float64Array(n).fill(1), n, 1, y, { offset: logits });
  return { intercept: fit.coef[0]!, slope: 1, se: [fit.se[0]!], logLik: fit.logLik, converged: fit.converged };
}

/**
 * Logistic recalibration (Cox 1958): the maximum-likelihood a and b in logit' = a + b·logit,
 * i.e. R `glm(y ~ logit, family = binomial)`.
 * @param logits the model's logits on the local patients. @param y their 0/1 outcomes.
 * @throws ValueError for mismatched lengths, non-finite logits or labels other than 0/1.
 * @example const { intercept, slope } = logisticRecalibration(logits, y);
 */
export function logisticRecalibration(logits: ArrayLike<number>, y: ArrayLike<number>): RecalibrationFit {
  checkInputs('logisticRecalibration', logits, y);
  const n = y.length;
  const X = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    X[2 * i] = 1;
    X[2 * i + 1] = logits[i]!;
  }
  // Started at the identity map (a = 0, b = 1): the logits come from a model, so the optimum is
  // usually near it, and Newton needs ~5 steps instead of ~7 from zero (same optimum to 1e-12).
  const fit = fitLogisticGlm(X, n, 2, y, { start: [0, 1] });
  return { intercept: fit.coef[0]!, slope: fit.coef[1]!, se: [fit.se[0]!, fit.se[1]!], logLik: fit.logLik, converged: fit.converged };
}
