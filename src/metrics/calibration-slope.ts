import { UndefinedMetricError, ValueError } from '../errors.js';
import { checkBinary, requireBothClasses } from './check-binary.js';

/** Options of {@link calibrationSlopeIntercept}. */
export interface CalibrationSlopeOptions {
  /**
   * When set, probabilities are clipped to [eps, 1 − eps] before the logit, so a model that
   * outputs exactly 0 or 1 (float32 sigmoid saturates near ±17) can be assessed. An explicit
   * opt-in: by default a probability of 0 or 1 is an error. Must be in (0, 0.5).
   */
  eps?: number;
}

/** Logistic recalibration parameters. */
export interface CalibrationSlopeIntercept {
  /** b in logit P(y=1) = a + b·logit(p): 1 is ideal, < 1 means predictions too extreme (overfitting). */
  slope: number;
  /** a in logit P(y=1) = a + logit(p) (calibration-in-the-large): 0 is ideal, > 0 means risks underestimated. */
  intercept: number;
}

const MAX_ITER = 100;

/**
 * Calibration slope and intercept by logistic recalibration on the logit of the predictions
 * (Cox 1958; Van Calster et al., J Clin Epidemiol 2016, "A calibration hierarchy").
 *
 * - slope: b from the maximum-likelihood fit of logit P(y=1) = a + b·logit(p).
 * - intercept: calibration-in-the-large, a from logit P(y=1) = a + logit(p) with logit(p) as
 *   an offset (slope fixed at 1), as TRIPOD recommends reporting. (The intercept of the slope
 *   model is not returned: it depends on the slope.)
 * Both fits use Newton–Raphson (IRLS) to a relative step below 1e-10.
 * @param yTrue labels, 0 or 1.
 * @param yProb predicted probabilities, strictly inside (0, 1) unless `eps` is given.
 * @param options.eps clip probabilities to [eps, 1 − eps] first. Default: no clipping.
 * @throws ValueError for bad inputs, or a probability of 0 or 1 without `eps`.
 * @throws UndefinedMetricError with one class, identical predictions, or when logit(p)
 * separates the classes perfectly (the slope is infinite).
 * @example
 * calibrationSlopeIntercept([0, 0, 1, 1, 0, 1], [0.2, 0.4, 0.6, 0.7, 0.5, 0.3]); // { slope: ≈1.557, intercept: ≈0.228 }
 */
export function calibrationSlopeIntercept(
  yTrue: ArrayLike<number>,
  yProb: ArrayLike<number>,
  options: CalibrationSlopeOptions = {},
): CalibrationSlopeIntercept {
  const who = 'calibrationSlopeIntercept';
  const { eps } = options;
  if (eps !== undefined && !(eps > 0 && eps < 0.5)) {
    throw new ValueError(`${who}: eps must be in (0, 0.5). Received: eps=${eps}.`);
  }
  const counts = checkBinary(who, yTrue, yProb, 'yProb');
  requireBothClasses(who, 'the calibration slope', counts);
  const x = new Float64Array(counts.n);
  const y = Float64Array.from(yTrue);
  for (let i = 0; i < counts.n; i++) {
    let p = yProb[i] as number;
    if (eps !== undefined) p = Math.min(Math.max(p, eps), 1 - eps);
    if (!(p > 0 && p < 1)) {
      throw new ValueError(
        `${who}: yProb must be strictly between 0 and 1 (its logit is taken). Received: ${p} at index ${i}. ` +
          'Pass { eps: 1e-7 } to clip explicitly.',
      );
    }
    x[i] = Math.log(p) - Math.log1p(-p);
  }
  return { slope: fitSlope(who, x, y), intercept: fitOffsetIntercept(who, x, y) };
}

/** Log-likelihood term y·η − log(1 + e^η), stable for large |η|. */
function logLik(eta: number, y: number): number {
  return y * eta - (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta)));
}

function sigmoid(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

function fitSlope(who: string, x: Float64Array, y: Float64Array): number {
  let a = 0;
  let b = 1;
  const ll = (a0: number, b0: number): number => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += logLik(a0 + b0 * (x[i] as number), y[i] as number);
    return s;
  };
  let current = ll(a, b);
  for (let iter = 0; iter < MAX_ITER; iter++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = 0;
    let h01 = 0;
    let h11 = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i] as number;
      const mu = sigmoid(a + b * xi);
      const r = (y[i] as number) - mu;
      const w = mu * (1 - mu);
      g0 += r;
      g1 += r * xi;
      h00 += w;
      h01 += w * xi;
      h11 += w * xi * xi;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(det > 1e-300 * Math.max(1, h00 * h11))) {
      throw new UndefinedMetricError(
        `${who}: the calibration slope is undefined: logit(yProb) has no spread among informative rows. ` +
          'Received: identical (or perfectly separating) predictions. Check the model output.',
      );
    }
    let da = (h11 * g0 - h01 * g1) / det;
    let db = (h00 * g1 - h01 * g0) / det;
    // step halving keeps every step an ascent step
    let next = ll(a + da, b + db);
    for (let half = 0; half < 30 && !(next >= current); half++) {
      da /= 2;
      db /= 2;
      next = ll(a + da, b + db);
    }
    a += da;
    b += db;
    current = Math.max(current, next);
    if (Math.abs(da) <= 1e-10 * (1 + Math.abs(a)) && Math.abs(db) <= 1e-10 * (1 + Math.abs(b))) {
      if (Math.abs(b) > 1e4) break;
      return b;
    }
  }
  throw new UndefinedMetricError(
    `${who}: the calibration slope is undefined: logit(yProb) separates the classes (almost) perfectly, so the ` +
      `maximum-likelihood slope is infinite. Received: slope still ${b.toPrecision(3)} after ${MAX_ITER} Newton steps. ` +
      'Report discrimination (AUC) instead, or evaluate on more data.',
  );
}

function fitOffsetIntercept(who: string, x: Float64Array, y: Float64Array): number {
  const ll = (a0: number): number => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += logLik(a0 + (x[i] as number), y[i] as number);
    return s;
  };
  let a = 0;
  let current = ll(a);
  for (let iter = 0; iter < MAX_ITER; iter++) {
    let g = 0;
    let h = 0;
    for (let i = 0; i < x.length; i++) {
      const mu = sigmoid(a + (x[i] as number));
      g += (y[i] as number) - mu;
      h += mu * (1 - mu);
    }
    if (!(h > 0)) break;
    let step = g / h;
    let next = ll(a + step);
    for (let half = 0; half < 30 && !(next >= current); half++) {
      step /= 2;
      next = ll(a + step);
    }
    a += step;
    current = Math.max(current, next);
    if (Math.abs(step) <= 1e-10 * (1 + Math.abs(a))) return a;
  }
  throw new UndefinedMetricError(
    `${who}: the calibration intercept did not converge (predictions saturated at 0 or 1). Received: intercept ${a.toPrecision(3)} ` +
      `after ${MAX_ITER} Newton steps. Pass a smaller eps or check the model output.`,
  );
}
