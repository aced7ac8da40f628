import { UndefinedMetricError, ValueError } from '../errors.js';

/** How the linear predictor (logit of the predicted risk) is distributed in the validation population. */
export type LinearPredictorDistribution = { mean: number; sd: number } | { values: ArrayLike<number> };

/** Inputs of {@link validationSampleSize}. */
export interface ValidationSampleSizeOptions {
  /** Anticipated outcome proportion φ in the validation population, in (0, 1). */
  prevalence: number;
  /** Anticipated C-statistic, in (0, 1). */
  cstatistic: number;
  /** Linear-predictor distribution: normal { mean, sd } or observed logits { values }. */
  lp: LinearPredictorDistribution;
  /** Anticipated O:E. Default 1. */
  oe?: number;
  /** Target 95% CI width of O:E. Default 0.2. */
  oeCiWidth?: number;
  /** Target 95% CI width of the calibration slope. Default 0.2. */
  slopeCiWidth?: number;
  /** Target 95% CI width of the C-statistic. Default 0.1. */
  cstatCiWidth?: number;
}

/** Minimum validation sample size per criterion and overall (the largest). */
export interface ValidationSampleSize {
  /** Criterion 1, precise O:E. */
  oe: number;
  /** Criterion 2, precise calibration slope. */
  slope: number;
  /** Criterion 3, precise C-statistic. */
  cstatistic: number;
  /** max of the three, and the events it implies (n·φ). */
  n: number;
  events: number;
  /** Which criterion sets n. */
  binding: 'oe' | 'slope' | 'cstatistic';
  /** The target SEs the criteria translate to. */
  seOe: number;
  seSlope: number;
}

const Z = 1.96; // Riley et al. and pmvalsampsize use 1.96 literally; kept so the integers match

/**
 * Minimum sample size for external validation of a prediction model with a binary outcome
 * (Riley et al., "Minimum sample size for external validation of a clinical prediction model
 * with a binary outcome", Stat Med 2021; the criteria of R's pmvalsampsize):
 * 1. O:E: SE(ln O/E) = √((1 − φ)/(nφ)) with the SE that gives the target CI width (found, as
 *    pmvalsampsize, on a 1e-4 grid), n = ⌈(1 − φ)/(φ·SE²)⌉.
 * 2. Calibration slope (assumed 1, intercept 0): n = ⌈I₀₀ / (SE²(I₀₀I₁₁ − I₀₁²))⌉ with I the
 *    per-patient Fisher information of logit P = a + b·LP, E[w], E[w·LP], E[w·LP²], w = p(1 − p).
 *    For a normal LP it is integrated numerically (pmvalsampsize simulates 10⁶ draws instead);
 *    for observed values it is their average.
 * 3. C-statistic: the smallest n whose Newcombe (2006) SE gives a CI no wider than the target.
 * @param options see {@link ValidationSampleSizeOptions}.
 * @throws ValueError for a prevalence, C or width outside its range, or an empty LP;
 * UndefinedMetricError when the LP values have no spread (the slope criterion is undefined).
 * @example
 * validationSampleSize({ prevalence: 0.018, cstatistic: 0.8, lp: { mean: -5, sd: 2.5 }, oeCiWidth: 1 });
 * // { oe: 905, cstatistic: 4252, slope: 4554, n: 4554, … } (Riley et al. 2021 worked example)
 */
export function validationSampleSize(options: ValidationSampleSizeOptions): ValidationSampleSize {
  const who = 'validationSampleSize';
  const { prevalence: phi, cstatistic: c } = options;
  const oe = options.oe ?? 1;
  const oeWidth = options.oeCiWidth ?? 0.2;
  const slopeWidth = options.slopeCiWidth ?? 0.2;
  const cWidth = options.cstatCiWidth ?? 0.1;
  if (!(phi > 0 && phi < 1)) throw new ValueError(`${who}: prevalence must be in (0, 1). Received: prevalence=${phi}.`);
  if (!(c > 0 && c < 1)) throw new ValueError(`${who}: cstatistic must be in (0, 1). Received: cstatistic=${c}.`);
  for (const [name, v] of [['oe', oe], ['oeCiWidth', oeWidth], ['slopeCiWidth', slopeWidth], ['cstatCiWidth', cWidth]] as const) {
    if (!(v > 0 && Number.isFinite(v))) throw new ValueError(`${who}: ${name} must be a positive number. Received: ${name}=${v}.`);
  }
  // 1. O:E — the exact root is asinh(width / (2·oe)) / z; pmvalsampsize steps SE by 1e-4 up to it
  const seOe = Math.ceil(Math.asinh(oeWidth / (2 * oe)) / Z / 1e-4 - 1e-9) * 1e-4;
  const nOe = Math.ceil((1 - phi) / (phi * seOe * seOe));
  // 2. calibration slope
  const info = slopeInformation(who, options.lp);
  const seSlope = slopeWidth / (2 * Z);
  const det = info.i00 * info.i11 - info.i01 * info.i01;
  if (!(det > 1e-12 * info.i00 * info.i11)) {
    throw new UndefinedMetricError(`${who}: the calibration-slope criterion is undefined: the linear predictor has no spread. Received: identical lp values. Pass the distribution of the model's logits.`);
  }
  const nSlope = Math.ceil(info.i00 / (seSlope * seSlope * det));
  // 3. C-statistic (Newcombe 2006 variance), first n meeting the width
  let nC = 0;
  for (let n = 1; n <= 10_000_000; n++) {
    const m = n / 2 - 1;
    const v = (c * (1 - c) * (1 + (m * (1 - c)) / (2 - c) + (m * c) / (1 + c))) / (n * n * phi * (1 - phi));
    if (v >= 0 && 2 * Z * Math.sqrt(v) <= cWidth) {
      nC = n;
      break;
    }
  }
  if (nC === 0) throw new ValueError(`${who}: cstatCiWidth=${cWidth} is not reachable with up to 10⁷ patients. Received: cstatistic=${c}, prevalence=${phi}.`);
  const n = Math.max(nOe, nSlope, nC);
  const binding = n === nSlope ? 'slope' : n === nC ? 'cstatistic' : 'oe';
  return { oe: nOe, slope: nSlope, cstatistic: nC, n, events: n * phi, binding, seOe, seSlope };
}

/** E[w], E[w·LP], E[w·LP²] with w = expit(LP)(1 − expit(LP)). */
function slopeInformation(who: string, lp: LinearPredictorDistribution): { i00: number; i01: number; i11: number } {
  const term = (x: number): [number, number, number] => {
    const p = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    const w = p * (1 - p);
    return [w, w * x, w * x * x];
  };
  if ('values' in lp) {
    const m = lp.values.length;
    if (m === 0) throw new ValueError(`${who}: lp.values must not be empty. Received: 0 values.`);
    let a = 0;
    let b = 0;
    let d = 0;
    for (let i = 0; i < m; i++) {
      const x = lp.values[i] as number;
      if (!Number.isFinite(x)) throw new ValueError(`${who}: lp.values must be finite. Received: ${x} at index ${i}.`);
      const [t0, t1, t2] = term(x);
      a += t0;
      b += t1;
      d += t2;
    }
    return { i00: a / m, i01: b / m, i11: d / m };
  }
  const { mean, sd } = lp;
  if (!Number.isFinite(mean) || !(sd > 0 && Number.isFinite(sd))) {
    throw new ValueError(`${who}: lp needs a finite mean and a positive sd. Received: mean=${mean}, sd=${sd}.`);
  }
  // composite Simpson on mean ± 12 sd (the normal mass outside is < 1e-32)
  const steps = 20_000;
  const lo = mean - 12 * sd;
  const h = (24 * sd) / steps;
  const acc = [0, 0, 0];
  for (let k = 0; k <= steps; k++) {
    const x = lo + k * h;
    const zz = (x - mean) / sd;
    const dens = Math.exp(-0.5 * zz * zz) / (sd * Math.sqrt(2 * Math.PI));
    const wk = k === 0 || k === steps ? 1 : k % 2 === 1 ? 4 : 2;
    const t = term(x);
    for (let j = 0; j < 3; j++) acc[j]! += ((wk * h) / 3) * dens * t[j]!;
  }
  return { i00: acc[0]!, i01: acc[1]!, i11: acc[2]! };
}
