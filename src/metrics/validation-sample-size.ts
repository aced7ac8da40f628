import { UndefinedMetricError, ValueError } from '../errors.js';
import { lpExpectation, type LinearPredictorDistribution, type LpExpectation } from './validation-sample-size-lp.js';

export type { LinearPredictorDistribution } from './validation-sample-size-lp.js';

/** Criterion 4 inputs: precise standardised net benefit at one risk threshold. */
export interface NetBenefitCriterionOptions {
  /** Risk threshold p_t in (0, 1); treat when the predicted risk is ≥ p_t. */
  threshold: number;
  /**
   * Anticipated sensitivity and specificity at the threshold, both or neither. Default: derived
   * from `lp` with outcomes drawn from the model's own risks (calibrated model), rounded to two
   * decimals as pmvalsampsize does.
   */
  sensitivity?: number;
  specificity?: number;
  /** Target 95% CI width of the standardised net benefit. Default 0.2. */
  ciWidth?: number;
}

/** Inputs of {@link validationSampleSize}. */
export interface ValidationSampleSizeOptions {
  /** Anticipated outcome proportion φ in the validation population, in (0, 1). */
  prevalence: number;
  /** Anticipated C-statistic, in (0, 1). */
  cstatistic: number;
  /** Linear-predictor distribution (see {@link LinearPredictorDistribution}). */
  lp: LinearPredictorDistribution;
  /** Anticipated O:E. Default 1. */
  oe?: number;
  /** Target 95% CI width of O:E. Default 0.2. */
  oeCiWidth?: number;
  /** Target 95% CI width of the calibration slope. Default 0.2. */
  slopeCiWidth?: number;
  /** Target 95% CI width of the C-statistic. Default 0.1. */
  cstatCiWidth?: number;
  /** Criterion 4 (net benefit). Default: not computed. */
  netBenefit?: NetBenefitCriterionOptions;
}

/** What criterion 4 used and gives. */
export interface NetBenefitCriterion {
  threshold: number;
  sensitivity: number;
  specificity: number;
  /** Whether sensitivity and specificity were derived from `lp` (true) or given (false). */
  derived: boolean;
  /** Anticipated net benefit φ·sens − (1 − φ)(1 − spec)·p_t/(1 − p_t) and it divided by φ. */
  netBenefit: number;
  standardisedNetBenefit: number;
  /** The target SE of the standardised net benefit (rounded to 3 decimals, as pmvalsampsize). */
  se: number;
}

/** Minimum validation sample size per criterion and overall (the largest). */
export interface ValidationSampleSize {
  /** Criterion 1, precise O:E. */
  oe: number;
  /** Criterion 2, precise calibration slope. */
  slope: number;
  /** Criterion 3, precise C-statistic. */
  cstatistic: number;
  /** Criterion 4, precise standardised net benefit (only with options.netBenefit). */
  netBenefit?: number;
  /** Inputs and target of criterion 4 (only with options.netBenefit). */
  netBenefitCriterion?: NetBenefitCriterion;
  /** max of the criteria, and the events it implies (n·φ). */
  n: number;
  events: number;
  /** Which criterion sets n. */
  binding: 'oe' | 'slope' | 'cstatistic' | 'netBenefit';
  /** The target SEs the criteria translate to. */
  seOe: number;
  seSlope: number;
}

const Z = 1.96; // Riley et al. and pmvalsampsize use 1.96 literally; kept so the integers match
const expit = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const logisticDensity = (x: number): number => {
  const p = expit(x);
  return p * (1 - p);
};
/** pmvalsampsize's SE search: the first multiple of 1e-4 whose interval reaches the width. */
const seOnGrid = (exact: number): number => Math.ceil(exact / 1e-4 - 1e-9) * 1e-4;

/**
 * Minimum sample size for external validation of a prediction model with a binary outcome
 * (Riley et al., "Minimum sample size for external validation of a clinical prediction model
 * with a binary outcome", Stat Med 2021;40:4230–4251; the criteria of J. Ensor's R/Stata
 * pmvalsampsize, whose R source (0.1.0, R/pmvalsampsize_bin.R) this follows):
 * 1. O:E: n = ⌈(1 − φ)/(φ·SE²)⌉, SE(ln O/E) the first 1e-4 step whose CI reaches the width.
 * 2. Calibration slope (assumed 1, intercept 0): n = ⌈I₀₀ / (SE²(I₀₀I₁₁ − I₀₁²))⌉ with SE = width/3.92
 *    and I the per-patient Fisher information of logit P = a + b·LP: E[w], E[w·LP], E[w·LP²],
 *    w = p(1 − p). pmvalsampsize averages 10⁶ simulated LPs; here the expectation is integrated.
 * 3. C-statistic: the smallest n whose Newcombe (2006) SE gives a CI no wider than the target.
 * 4. Net benefit (optional): n = ⌈(sens(1−sens)/φ + w²spec(1−spec)/(1−φ) + w²(1−spec)²/(φ(1−φ)))/SE²⌉,
 *    w = (1 − φ)/φ · p_t/(1 − p_t), SE of the standardised net benefit from the width (to 3 decimals).
 *
 * The paper's worked example (φ = 0.018, C = 0.8, O:E width 1, LP with mean −5.8, variance 5,
 * skewness −0.5, kurtosis 4, threshold 0.08) gives 905, 9845, 4252 and 6443 here; the paper
 * prints 905, 9835, 4252, 6443: its 9835 is one 10⁶-draw simulation (20 seeds of the same
 * simulation span 9722–9949; test/fixtures/metrics/sample-size-r.json).
 * @param options see {@link ValidationSampleSizeOptions}.
 * @throws ValueError for a prevalence, C, threshold, sensitivity or width outside its range, an
 * empty LP or unreachable moments; UndefinedMetricError when the LP has no spread.
 * @example
 * validationSampleSize({ prevalence: 0.018, cstatistic: 0.8, oeCiWidth: 1,
 *   lp: { mean: -5.8, sd: Math.sqrt(5), skewness: -0.5, kurtosis: 4 }, netBenefit: { threshold: 0.08 } });
 * // { oe: 905, slope: 9845, cstatistic: 4252, netBenefit: 6443, n: 9845, binding: 'slope', … }
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
  const nbOptions = options.netBenefit;
  if (nbOptions !== undefined) checkNetBenefitOptions(who, nbOptions);
  const expect = lpExpectation(who, options.lp);
  // 1. O:E — the exact root is asinh(width / (2·oe)) / z; pmvalsampsize steps SE by 1e-4 up to it
  const seOe = seOnGrid(Math.asinh(oeWidth / (2 * oe)) / Z);
  const nOe = Math.ceil((1 - phi) / (phi * seOe * seOe));
  // 2. calibration slope
  const i00 = expect(logisticDensity);
  const i01 = expect((x) => x * logisticDensity(x));
  const i11 = expect((x) => x * x * logisticDensity(x));
  const seSlope = slopeWidth / (2 * Z);
  const det = i00 * i11 - i01 * i01;
  if (!(det > 1e-12 * i00 * i11)) {
    throw new UndefinedMetricError(`${who}: the calibration-slope criterion is undefined: the linear predictor has no spread. Received: identical lp values. Pass the distribution of the model's logits.`);
  }
  const nSlope = Math.ceil(i00 / (seSlope * seSlope * det));
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
  // 4. net benefit
  const nb = nbOptions !== undefined ? netBenefitCriterion(phi, nbOptions, expect) : undefined;
  const n = Math.max(nOe, nSlope, nC, nb?.n ?? 0);
  const binding = n === nSlope ? 'slope' : n === nC ? 'cstatistic' : n === nOe ? 'oe' : 'netBenefit';
  return {
    oe: nOe,
    slope: nSlope,
    cstatistic: nC,
    ...(nb !== undefined ? { netBenefit: nb.n, netBenefitCriterion: nb.criterion } : {}),
    n,
    events: n * phi,
    binding,
    seOe,
    seSlope,
  };
}

function checkNetBenefitOptions(who: string, o: NetBenefitCriterionOptions): void {
  if (!(o.threshold > 0 && o.threshold < 1)) throw new ValueError(`${who}: netBenefit.threshold must be in (0, 1). Received: threshold=${o.threshold}.`);
  if ((o.sensitivity === undefined) !== (o.specificity === undefined)) {
    throw new ValueError(`${who}: netBenefit needs both sensitivity and specificity, or neither (then both come from lp). Received: sensitivity=${o.sensitivity}, specificity=${o.specificity}.`);
  }
  for (const [name, v] of [['sensitivity', o.sensitivity], ['specificity', o.specificity]] as const) {
    if (v !== undefined && !(v >= 0 && v <= 1)) throw new ValueError(`${who}: netBenefit.${name} must be in [0, 1]. Received: ${name}=${v}.`);
  }
  const w = o.ciWidth ?? 0.2;
  if (!(w > 0 && Number.isFinite(w))) throw new ValueError(`${who}: netBenefit.ciWidth must be a positive number. Received: ciWidth=${w}.`);
}

/** Criterion 4, after pmvalsampsize: sens/spec given or from the LP (rounded to 2 decimals). */
function netBenefitCriterion(phi: number, o: NetBenefitCriterionOptions, expect: LpExpectation): { n: number; criterion: NetBenefitCriterion } {
  const t = o.threshold;
  let sens = o.sensitivity;
  let spec = o.specificity;
  const derived = sens === undefined || spec === undefined;
  if (sens === undefined || spec === undefined) {
    // outcomes drawn from the model's risks: sens = E[p·1(p ≥ t)]/E[p], spec = E[(1−p)·1(p < t)]/E[1−p]
    const cut = Math.log(t / (1 - t));
    const ep = expect(expit);
    sens = Math.round((expect(expit, cut) / ep) * 100) / 100;
    spec = Math.round((expect((x) => 1 - expit(x), -Infinity, cut) / (1 - ep)) * 100) / 100;
  }
  const odds = t / (1 - t);
  const netBenefit = sens * phi - (1 - spec) * (1 - phi) * odds;
  const w = ((1 - phi) / phi) * odds;
  const se = Math.round(seOnGrid((o.ciWidth ?? 0.2) / (2 * Z)) * 1000) / 1000;
  const n = Math.ceil((sens * (1 - sens) / phi + (w * w * spec * (1 - spec)) / (1 - phi) + (w * w * (1 - spec) ** 2) / (phi * (1 - phi))) / (se * se));
  return { n, criterion: { threshold: t, sensitivity: sens, specificity: spec, derived, netBenefit, standardisedNetBenefit: netBenefit / phi, se } };
}
