// Summarise out-of-sample predictions per site into aggregate-only records (the hospital side).
import { ClinregError, ValueError } from '../errors.js';
import type { Table } from '../data/table.js';
import type { FeatureRange } from '../conformal/feature-range.js';
import { siteLogisticCalibration } from '../validate/site-metrics.js';
import { defaultThresholds } from '../metrics/net-benefit.js';
import { observedExpected } from '../metrics/observed-expected.js';
import { evaluateCrossSite, type SitePredictions } from '../validate/cross-site.js';
import { featureSummaries } from './feature-summary.js';
import { mergeAdjacent, runSum } from './small-cells.js';
import { MIN_CELL, type CalibrationBinSummary, type SiteSummaryFile } from './summary-schema.js';

/** Equal-width bins of predicted risk on [0, 1] before merging. */
export const CALIBRATION_BINS = 10;

/** Options of {@link summariseSites}. */
export interface SummariseSitesOptions {
  /** Confidence level of every interval. Default 0.95 (as validate). */
  level?: number;
  /** Net-benefit threshold grid. Default metrics.defaultThresholds() (0.05–0.50 by 0.01). */
  thresholds?: readonly number[];
  /** Outcome column and event rule, recorded in the file. Default target 'y'. */
  target?: string;
  positive?: string;
  /** Identity of the model that made the predictions (model.json metadata `created`). Default none. */
  model?: { created: string };
  /** Feature data for the shift summaries: the table, the row of each prediction, and the model's training ranges. Default none. */
  features?: { table: Table; rows: readonly number[]; ranges: readonly FeatureRange[] };
}

/**
 * Aggregate-only validation summary of each site, for pooling elsewhere with `federated.metaAnalyse`:
 * n, events, AUC with its DeLong SE, O:E (with Σp and SE of log O:E), CITL and slope with SEs,
 * ICI/E50/E90/Emax, Brier, net benefit on the grid, Riley sample size, calibration bins and
 * per-feature histograms. The per-site numbers are those of `validate.evaluateCrossSite` over
 * the same rows. Small-cell suppression (MIN_CELL = 5): a site with fewer than 5 events or
 * non-events is written as `{ site, suppressed: true, reason }` with no numbers; calibration bins
 * merge until each holds ≥ 5 events and ≥ 5 non-events; feature bins and levels as in
 * featureSummaries. No predicted risk or feature value of a row is written (the lowess curve,
 * whose grid runs from the smallest to the largest prediction, is left out).
 * @throws ValueError when the arrays differ in length or are empty, or features.rows differs in length.
 * @example const file = federated.summariseSites({ yTrue, yProb, sites }, { target: 'event5' });
 */
export function summariseSites(predictions: SitePredictions, options: SummariseSitesOptions = {}): SiteSummaryFile {
  const level = options.level ?? 0.95;
  const thresholds = options.thresholds ?? defaultThresholds();
  const features = options.features;
  if (features !== undefined && features.rows.length !== predictions.yTrue.length) {
    throw new ValueError(`summariseSites: features.rows must hold one row per prediction (${predictions.yTrue.length}). Received: ${features.rows.length}.`);
  }
  const cross = evaluateCrossSite(predictions, { level, thresholds, curveBand: 'none' });
  const groups = new Map<string, number[]>();
  for (let i = 0; i < predictions.sites.length; i++) {
    const s = predictions.sites[i]!;
    let g = groups.get(s);
    if (g === undefined) groups.set(s, (g = []));
    g.push(i);
  }
  const sites = cross.sites.map((r): SiteSummaryFile['sites'][number] => {
    if (r.events < MIN_CELL || r.nonEvents < MIN_CELL) {
      return { site: r.site, suppressed: true, reason: `fewer than ${MIN_CELL} events or non-events: not summarised (small-cell suppression)` };
    }
    const idx = groups.get(r.site)!;
    const y = Float64Array.from(idx, (i) => predictions.yTrue[i]!);
    const p = Float64Array.from(idx, (i) => predictions.yProb[i]!);
    // The same calls evaluateCrossSite makes, for the standard errors it keeps internal.
    const oe = nullOnUndefined(() => observedExpected(y, p, { level }));
    const cal = siteLogisticCalibration(y, p, level).calibration;
    let expected = 0;
    for (const v of p) expected += v;
    return {
      site: r.site,
      suppressed: false,
      n: r.n,
      events: r.events,
      nonEvents: r.nonEvents,
      auc: r.auc,
      ci: r.ci,
      se: r.se,
      brier: r.brier,
      ece: r.ece,
      calibration: r.calibration,
      expected,
      oe: r.oe,
      oeCi: r.oeCi,
      seLogOe: oe?.seLog ?? null,
      citl: r.citl,
      citlCi: r.citlCi,
      citlSe: cal?.citlSe ?? null,
      slope: r.slope,
      slopeCi: r.slopeCi,
      slopeSe: cal?.slopeSe ?? null,
      ...(r.calibrationExcluded !== undefined ? { calibrationExcluded: r.calibrationExcluded } : {}),
      ici: r.ici,
      e50: r.e50,
      e90: r.e90,
      emax: r.emax,
      scaledBrier: r.scaledBrier,
      netBenefit: r.netBenefit.map((x) => ({ threshold: x.threshold, model: x.model, treatAll: x.treatAll })),
      ...(r.sampleSize !== undefined ? { sampleSize: { ...r.sampleSize } } : {}),
      calibrationBins: calibrationBins(y, p),
      features: features === undefined ? [] : featureSummaries(features.table, idx.map((i) => features.rows[i]!), features.ranges),
    };
  });
  return {
    format: 'clinreg.site-summary',
    version: 1,
    minCell: MIN_CELL,
    ...(options.model !== undefined ? { model: { created: options.model.created } } : {}),
    target: options.target ?? 'y',
    ...(options.positive !== undefined ? { positive: options.positive } : {}),
    level,
    thresholds: [...thresholds],
    sites,
  };
}

/** Equal-width risk bins merged until each has ≥ MIN_CELL events and non-events. */
function calibrationBins(y: Float64Array, p: Float64Array): CalibrationBinSummary[] {
  const n = new Array<number>(CALIBRATION_BINS).fill(0);
  const events = new Array<number>(CALIBRATION_BINS).fill(0);
  const sumP = new Array<number>(CALIBRATION_BINS).fill(0);
  for (let i = 0; i < y.length; i++) {
    const b = Math.min(CALIBRATION_BINS - 1, Math.floor(p[i]! * CALIBRATION_BINS));
    n[b]!++;
    events[b]! += y[i]!;
    sumP[b]! += p[i]!;
  }
  const enough = (a: number, b: number): boolean => runSum(events, a, b) >= MIN_CELL && runSum(n, a, b) - runSum(events, a, b) >= MIN_CELL;
  return mergeAdjacent(CALIBRATION_BINS, enough).map(({ first, last }) => {
    const count = runSum(n, first, last);
    return { lower: first / CALIBRATION_BINS, upper: (last + 1) / CALIBRATION_BINS, n: count, events: runSum(events, first, last), meanPredicted: runSum(sumP, first, last) / count };
  });
}

function nullOnUndefined<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ClinregError) return null;
    throw e;
  }
}
