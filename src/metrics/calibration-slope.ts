import { UndefinedMetricError, ValueError } from '../errors.js';
import { normalPpf } from '../stats/normal.js';
import { checkBinary, requireBothClasses } from './check-binary.js';

/** Options of {@link calibrationSlopeIntercept} and {@link logisticCalibration}. */
export interface CalibrationSlopeOptions {
  /**
   * When set, probabilities are clipped to [eps, 1 − eps] before the logit, so a model that
   * outputs exactly 0 or 1 (float32 sigmoid saturates near ±17) can be assessed. An explicit
   * opt-in: by default a probability of 0 or 1 is an error. Must be in (0, 0.5).
   */
  eps?: number;
  /** Confidence level of the Wald intervals of {@link logisticCalibration}. Default 0.95. */
  level?: number;
}

/** Logistic recalibration parameters. */
export interface CalibrationSlopeIntercept {
  /** b in logit P(y=1) = a + b·logit(p): 1 is ideal, < 1 means predictions too extreme (overfitting). */
  slope: number;
  /** a in logit P(y=1) = a + logit(p) (calibration-in-the-large): 0 is ideal, > 0 means risks underestimated. */
  intercept: number;
}

/** Calibration-in-the-large and calibration slope with standard errors and Wald intervals. */
export interface LogisticCalibration {
  /** Calibration-in-the-large: intercept of glm(y ~ offset(logit p), binomial). 0 is ideal. */
  citl: number;
  /** Its standard error from the observed information (glm's `summary` SE). */
  citlSe: number;
  /** citl ± z·SE (R's `confint.default`). */
  citlCi: [number, number];
  /** Calibration slope: coefficient of logit p in glm(y ~ logit p, binomial). 1 is ideal. */
  slope: number;
  slopeSe: number;
  slopeCi: [number, number];
  /** The intercept of the slope model (depends on the slope; reported for completeness). */
  slopeModelIntercept: number;
  slopeModelInterceptSe: number;
}

const MAX_ITER = 100;
/** Newton stops when every step is below this relative size; the last (full) step then leaves an error ~ its square. */
const STEP_TOL = 1e-10;

/**
 * Calibration slope and intercept by logistic recalibration on the logit of the predictions
 * (Cox 1958; Van Calster et al., J Clin Epidemiol 2016, "A calibration hierarchy").
 *
 * - slope: b from the maximum-likelihood fit of logit P(y=1) = a + b·logit(p).
 * - intercept: calibration-in-the-large, a from logit P(y=1) = a + logit(p) with logit(p) as
 *   an offset (slope fixed at 1), as TRIPOD recommends reporting. (The intercept of the slope
 *   model is not returned: it depends on the slope.)
 * Both fits use Newton–Raphson (IRLS) until the full Newton step is below 1e-10 relative; Newton
 * converges quadratically, so the estimates are then at the maximum to ~1e-15 (see
 * {@link logisticCalibration} for standard errors and intervals).
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
  const r = fitCalibration('calibrationSlopeIntercept', yTrue, yProb, options);
  return { slope: r.slope, intercept: r.citl };
}

/**
 * Calibration-in-the-large (CITL) and calibration slope with standard errors and Wald
 * confidence intervals, equal to R's `glm(y ~ offset(qlogis(p)), binomial)` and
 * `glm(y ~ qlogis(p), binomial)` (coefficients and `summary()` standard errors; intervals as
 * `confint.default`). Maximum likelihood by Newton–Raphson, converged on the gradient.
 * @param yTrue labels, 0 or 1.
 * @param yProb predicted probabilities, strictly inside (0, 1) unless `eps` is given.
 * @param options.eps clip probabilities to [eps, 1 − eps] first. Default: no clipping.
 * @param options.level confidence level. Default 0.95.
 * @throws ValueError for bad inputs; UndefinedMetricError as {@link calibrationSlopeIntercept}.
 * @example
 * logisticCalibration([0, 0, 1, 1, 0, 1], [0.2, 0.4, 0.6, 0.7, 0.5, 0.3]).slopeCi; // ≈ [−2.4, 5.5]
 */
export function logisticCalibration(
  yTrue: ArrayLike<number>,
  yProb: ArrayLike<number>,
  options: CalibrationSlopeOptions = {},
): LogisticCalibration {
  return fitCalibration('logisticCalibration', yTrue, yProb, options);
}

function fitCalibration(who: string, yTrue: ArrayLike<number>, yProb: ArrayLike<number>, options: CalibrationSlopeOptions): LogisticCalibration {
  const { eps } = options;
  const level = options.level ?? 0.95;
  if (eps !== undefined && !(eps > 0 && eps < 0.5)) {
    throw new ValueError(`${who}: eps must be in (0, 0.5). Received: eps=${eps}.`);
  }
  if (!(level > 0 && level < 1)) throw new ValueError(`${who}: level must be in (0, 1). Received: level=${level}.`);
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
  const z = normalPpf(0.5 + level / 2);
  const s = fitSlope(who, x, y);
  const c = fitOffsetIntercept(who, x, y);
  return {
    citl: c.a,
    citlSe: c.se,
    citlCi: [c.a - z * c.se, c.a + z * c.se],
    slope: s.b,
    slopeSe: s.seB,
    slopeCi: [s.b - z * s.seB, s.b + z * s.seB],
    slopeModelIntercept: s.a,
    slopeModelInterceptSe: s.seA,
  };
}

/** Log-likelihood term y·η − log(1 + e^η), stable for large |η|. */
function logLik(eta: number, y: number): number {
  return y * eta - (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta)));
}

function sigmoid(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

/** Accept a step unless it lowers the log-likelihood by more than rounding can explain. */
function worse(next: number, current: number, n: number): boolean {
  return !(next >= current - 1e-13 * (Math.abs(current) + n));
}

interface SlopeFit {
  a: number;
  b: number;
  seA: number;
  seB: number;
}

function fitSlope(who: string, x: Float64Array, y: Float64Array): SlopeFit {
  let a = 0;
  let b = 1;
  const n = x.length;
  const ll = (a0: number, b0: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += logLik(a0 + b0 * (x[i] as number), y[i] as number);
    return s;
  };
  let current = ll(a, b);
  for (let iter = 0; iter < MAX_ITER; iter++) {
    const info = slopeInformation(x, y, a, b);
    const { g0, g1, h00, h01, h11 } = info;
    const det = h00 * h11 - h01 * h01;
    if (!(det > 1e-300 * Math.max(1, h00 * h11)) || !(det > 1e-13 * h00 * h11)) {
      throw new UndefinedMetricError(
        `${who}: the calibration slope is undefined: logit(yProb) has no spread among informative rows. ` +
          'Received: identical (or perfectly separating) predictions. Check the model output.',
      );
    }
    let da = (h11 * g0 - h01 * g1) / det;
    let db = (h00 * g1 - h01 * g0) / det;
    const small = Math.abs(da) <= STEP_TOL * (1 + Math.abs(a)) && Math.abs(db) <= STEP_TOL * (1 + Math.abs(b));
    // step halving keeps steps ascent steps far from the maximum; near it rounding decides, so take the full step
    let next = ll(a + da, b + db);
    for (let half = 0; half < 30 && !small && worse(next, current, n); half++) {
      da /= 2;
      db /= 2;
      next = ll(a + da, b + db);
    }
    a += da;
    b += db;
    current = next;
    if (small) {
      if (Math.abs(b) > 1e4) break;
      const fin = slopeInformation(x, y, a, b);
      const d = fin.h00 * fin.h11 - fin.h01 * fin.h01;
      return { a, b, seA: Math.sqrt(fin.h11 / d), seB: Math.sqrt(fin.h00 / d) };
    }
  }
  throw new UndefinedMetricError(
    `${who}: the calibration slope is undefined: logit(yProb) separates the classes (almost) perfectly, so the ` +
      `maximum-likelihood slope is infinite. Received: slope still ${b.toPrecision(3)} after ${MAX_ITER} Newton steps. ` +
      'Report discrimination (AUC) instead, or evaluate on more data.',
  );
}

/** Score (g) and Fisher information (h) of logit P = a + b·x. */
function slopeInformation(x: Float64Array, y: Float64Array, a: number, b: number): { g0: number; g1: number; h00: number; h01: number; h11: number } {
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
  return { g0, g1, h00, h01, h11 };
}

function fitOffsetIntercept(who: string, x: Float64Array, y: Float64Array): { a: number; se: number } {
  const n = x.length;
  const ll = (a0: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += logLik(a0 + (x[i] as number), y[i] as number);
    return s;
  };
  const score = (a0: number): { g: number; h: number } => {
    let g = 0;
    let h = 0;
    for (let i = 0; i < n; i++) {
      const mu = sigmoid(a0 + (x[i] as number));
      g += (y[i] as number) - mu;
      h += mu * (1 - mu);
    }
    return { g, h };
  };
  let a = 0;
  let current = ll(a);
  for (let iter = 0; iter < MAX_ITER; iter++) {
    const { g, h } = score(a);
    if (!(h > 0)) break;
    let step = g / h;
    const small = Math.abs(step) <= STEP_TOL * (1 + Math.abs(a));
    let next = ll(a + step);
    for (let half = 0; half < 30 && !small && worse(next, current, n); half++) {
      step /= 2;
      next = ll(a + step);
    }
    a += step;
    current = next;
    if (small) {
      const fin = score(a);
      if (!(fin.h > 0)) break;
      return { a, se: 1 / Math.sqrt(fin.h) };
    }
  }
  throw new UndefinedMetricError(
    `${who}: the calibration intercept did not converge (predictions saturated at 0 or 1). Received: intercept ${a.toPrecision(3)} ` +
      `after ${MAX_ITER} Newton steps. Pass a smaller eps or check the model output.`,
  );
}
