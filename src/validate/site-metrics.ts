// Per-site performance numbers of evaluateCrossSite (internal to validate/).
import { ClinregError } from '../errors.js';
import { brierScore, scaledBrierScore } from '../metrics/brier.js';
import { expectedCalibrationError } from '../metrics/calibration-curve.js';
import { logisticCalibration, type LogisticCalibration } from '../metrics/calibration-slope.js';
import { delongCi } from '../metrics/delong.js';
import { flexibleCalibration } from '../metrics/flexible-calibration.js';
import { netBenefit, type NetBenefitPoint } from '../metrics/net-benefit.js';
import { observedExpected } from '../metrics/observed-expected.js';
import { rocAucScore } from '../metrics/roc-auc.js';
import { validationSampleSize, type ValidationSampleSize } from '../metrics/validation-sample-size.js';

/** Precision targets of the Riley et al. (2021) criteria (95% CI widths). */
export interface PrecisionTargets {
  /** O:E CI width. Default 0.2. */
  oeCiWidth?: number;
  /** Calibration-slope CI width. Default 0.2. */
  slopeCiWidth?: number;
  /** C-statistic CI width. Default 0.1. */
  cstatCiWidth?: number;
}

/** A site's Riley et al. (2021) minimum sample size, from its own prevalence, AUC and logits. */
export interface SiteSampleSize extends ValidationSampleSize {
  /** Whether the site has at least `n` patients. */
  adequate: boolean;
  /** Whether it has enough for the C-statistic criterion (discrimination judged only then). */
  adequateForAuc: boolean;
}

/** A smoothed calibration curve with its band, as stored per site (plain arrays). */
export interface SiteCalibrationCurve {
  predicted: number[];
  observed: number[];
  lower: number[] | null;
  upper: number[] | null;
}

/** Calibration, utility and precision numbers of one site (null where undefined, e.g. one class). */
export interface SiteCalibrationFields {
  /** Observed:expected ratio and its 95% (level) CI. */
  oe: number | null;
  oeCi: [number, number] | null;
  /** Calibration-in-the-large (offset-model intercept) and its CI. */
  citl: number | null;
  citlCi: [number, number] | null;
  /** Calibration slope and its CI. */
  slope: number | null;
  slopeCi: [number, number] | null;
  /**
   * Rows left out of the logistic calibration (CITL, slope) because their risk is exactly 0 or 1
   * (an infinite logit), as `rms::val.prob` drops them with a warning; absent when none.
   */
  calibrationExcluded?: number;
  /** Austin–Steyerberg summaries of the lowess calibration curve. */
  ici: number | null;
  e50: number | null;
  e90: number | null;
  emax: number | null;
  scaledBrier: number | null;
  /** Decision curve: net benefit of the model and of treating all (treat-none is 0). */
  netBenefit: NetBenefitPoint[];
  /** Riley et al. (2021) minimum sample size for this site's precision (absent with one class). */
  sampleSize?: SiteSampleSize;
  /** lowess calibration curve with its pointwise band (null with one class). */
  calibrationCurve: SiteCalibrationCurve | null;
}

/** Settings the per-site computation needs. */
export interface SiteMetricSettings {
  level: number;
  thresholds: readonly number[];
  precision: PrecisionTargets;
  curveBand: 'analytic' | 'bootstrap' | 'none';
  curveBoot: number;
  seed: number;
}

/** Everything per site except the status, which the caller judges. */
export interface SiteNumbers extends SiteCalibrationFields {
  n: number;
  events: number;
  nonEvents: number;
  auc: number | null;
  ci: [number, number] | null;
  se: number | null;
  brier: number;
  calibration: { slope: number; intercept: number } | null;
  ece: number;
  /** Internal: standard errors the random-effects summaries need. */
  seLogOe: number | null;
  citlSe: number | null;
  slopeSe: number | null;
}

/** Compute every per-site number. */
export function siteNumbers(y: ArrayLike<number>, p: ArrayLike<number>, s: SiteMetricSettings): SiteNumbers {
  let events = 0;
  for (let i = 0; i < y.length; i++) events += y[i]!;
  const n = y.length;
  const nonEvents = n - events;
  const both = events > 0 && nonEvents > 0;
  let auc: number | null = null;
  let ci: [number, number] | null = null;
  let se: number | null = null;
  if (both) {
    auc = rocAucScore(y, p);
    if (events >= 2 && nonEvents >= 2) {
      const d = delongCi(y, p, { level: s.level });
      ci = [d.lo, d.hi];
      se = d.se;
    }
  }
  const { calibration: cal, excluded } = both ? siteLogisticCalibration(y, p, s.level) : { calibration: null, excluded: 0 };
  const oe = both ? undefinedAsNull(() => observedExpected(y, p, { level: s.level })) : null;
  const flex = both ? undefinedAsNull(() => flexibleCalibration(y, p, { band: s.curveBand, nBoot: s.curveBoot, level: s.level, seed: s.seed })) : null;
  let sampleSize: SiteSampleSize | undefined;
  if (both && auc !== null && auc > 0 && auc < 1) {
    const logits: number[] = [];
    for (let i = 0; i < n; i++) {
      const pi = p[i]!;
      if (pi > 0 && pi < 1) logits.push(Math.log(pi) - Math.log1p(-pi));
    }
    const r = logits.length > 0 ? undefinedAsNull(() => validationSampleSize({ prevalence: events / n, cstatistic: auc!, lp: { values: logits }, ...s.precision })) : null;
    if (r !== null) sampleSize = { ...r, adequate: n >= r.n, adequateForAuc: n >= r.cstatistic };
  }
  return {
    n,
    events,
    nonEvents,
    auc,
    ci,
    se,
    brier: brierScore(y, p),
    calibration: cal === null ? null : { slope: cal.slope, intercept: cal.citl },
    ece: expectedCalibrationError(y, p),
    oe: oe?.oe ?? null,
    oeCi: oe?.ci ?? null,
    citl: cal?.citl ?? null,
    citlCi: cal?.citlCi ?? null,
    slope: cal?.slope ?? null,
    slopeCi: cal?.slopeCi ?? null,
    ...(excluded > 0 ? { calibrationExcluded: excluded } : {}),
    ici: flex?.ici ?? null,
    e50: flex?.e50 ?? null,
    e90: flex?.e90 ?? null,
    emax: flex?.emax ?? null,
    scaledBrier: both ? scaledBrierScore(y, p) : null,
    netBenefit: netBenefit(y, p, { thresholds: s.thresholds }),
    ...(sampleSize !== undefined ? { sampleSize } : {}),
    calibrationCurve: flex === null ? null : { predicted: flex.predicted, observed: flex.observed, lower: flex.lower, upper: flex.upper },
    seLogOe: oe?.seLog ?? null,
    citlSe: cal?.citlSe ?? null,
    slopeSe: cal?.slopeSe ?? null,
  };
}

/**
 * A site's logistic calibration (CITL and slope, R `glm` parity) on the rows whose risk is inside
 * (0, 1): a risk of exactly 0 or 1 has an infinite logit, so, as `rms::val.prob` does, those rows
 * are left out and counted (`excluded`). Null when undefined on the rest (one class, separation).
 */
export function siteLogisticCalibration(y: ArrayLike<number>, p: ArrayLike<number>, level: number): { calibration: LogisticCalibration | null; excluded: number } {
  const keep: number[] = [];
  for (let i = 0; i < p.length; i++) if (p[i]! > 0 && p[i]! < 1) keep.push(i);
  const excluded = p.length - keep.length;
  if (excluded === 0) return { calibration: undefinedAsNull(() => logisticCalibration(y, p, { level })), excluded };
  const yk = Float64Array.from(keep, (i) => y[i]!);
  const pk = Float64Array.from(keep, (i) => p[i]!);
  return { calibration: undefinedAsNull(() => logisticCalibration(yk, pk, { level })), excluded };
}

/** Run `fn`; a clinreg error (undefined metric, bad input) becomes null. */
export function undefinedAsNull<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ClinregError) return null;
    throw e;
  }
}
