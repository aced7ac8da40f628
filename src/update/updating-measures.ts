import { rocAucScore } from '../metrics/roc-auc.js';
import { quantileSorted } from '../stats/psi.js';
import { interceptUpdate, logisticRecalibration } from './recalibrate.js';

/** Calibration and discrimination of logits on evaluation rows (null where undefined). */
export interface UpdatingPerformance {
  /** Observed:expected events, Σy / Σσ(logit). */
  oe: number | null;
  /** Calibration-in-the-large: intercept of `glm(y ~ offset(logit), binomial)`. */
  citl: number | null;
  /** Standard error of `citl` (how much of it evaluation noise alone explains). */
  citlSe: number | null;
  /** Calibration slope: coefficient of `glm(y ~ logit, binomial)`. */
  slope: number | null;
  /** ROC AUC (null when the rows hold one class). */
  auc: number | null;
}

/** Median and interquartile range of one measure over the repeats that defined it. */
export interface MedianIqr {
  median: number | null;
  /** First and third quartiles (R type 7 / numpy 'linear'). */
  iqr: [number, number] | null;
  /** Repeats with a defined value. */
  n: number;
}

/** The per-measure summary of many repeats' {@link UpdatingPerformance}. */
export interface PerformanceSummary {
  oe: MedianIqr;
  citl: MedianIqr;
  /** |CITL| per repeat, then summarised (the goal is on the median of |CITL|). */
  absCitl: MedianIqr;
  citlSe: MedianIqr;
  slope: MedianIqr;
  auc: MedianIqr;
}

/**
 * O:E, CITL (with its SE), calibration slope and AUC of `logits` for the outcomes `y`; CITL and
 * slope as R `glm` (see `interceptUpdate`, `logisticRecalibration`), null when the fit does not
 * converge (one class, separation); AUC null with one class.
 */
export function updatingPerformance(logits: ArrayLike<number>, y: ArrayLike<number>): UpdatingPerformance {
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < y.length; i++) {
    observed += y[i]!;
    const z = logits[i]!;
    expected += z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }
  const both = observed > 0 && observed < y.length;
  const citl = interceptUpdate(logits, y);
  const slope = both ? logisticRecalibration(logits, y) : null;
  return {
    oe: expected > 0 ? observed / expected : null,
    citl: citl.converged ? citl.intercept : null,
    citlSe: citl.converged ? citl.se[0]! : null,
    slope: slope !== null && slope.converged ? slope.slope : null,
    auc: both ? rocAucScore(y, logits) : null,
  };
}

/** Median and quartiles of the finite values (null when none). */
export function medianIqr(values: readonly (number | null)[]): MedianIqr {
  const v = Float64Array.from(values.filter((x): x is number => x !== null && Number.isFinite(x))).sort();
  if (v.length === 0) return { median: null, iqr: null, n: 0 };
  return { median: quantileSorted(v, 0.5), iqr: [quantileSorted(v, 0.25), quantileSorted(v, 0.75)], n: v.length };
}

/** Summarise the repeats' performances measure by measure. */
export function summarisePerformance(perf: readonly UpdatingPerformance[]): PerformanceSummary {
  const of = (k: keyof UpdatingPerformance): MedianIqr => medianIqr(perf.map((p) => p[k]));
  return {
    oe: of('oe'),
    citl: of('citl'),
    absCitl: medianIqr(perf.map((p) => (p.citl === null ? null : Math.abs(p.citl)))),
    citlSe: of('citlSe'),
    slope: of('slope'),
    auc: of('auc'),
  };
}
