import { ValueError } from '../errors.js';
import type { Finding } from '../checks/finding.js';
import { defaultThresholds } from '../metrics/net-benefit.js';
import type { MiscalibrationThresholds } from './miscalibration.js';
import type { TauMethod } from './random-effects.js';
import { aucHeterogeneity, judgeSites, pooledMiscalibration, siteMeasures } from './site-judgement.js';
import { siteNumbers, type PrecisionTargets, type SiteCalibrationFields } from './site-metrics.js';
import { summarise, type CrossSiteSummary } from './site-summaries.js';

/** Out-of-sample predicted probabilities with their true labels and site of each row. */
export interface SitePredictions {
  /** 0/1 labels. */
  yTrue: ArrayLike<number>;
  /** Predicted probabilities in [0, 1]. */
  yProb: ArrayLike<number>;
  /** Site of each row. */
  sites: ArrayLike<string>;
}

/** Options of `evaluateCrossSite`. */
export interface CrossSiteOptions {
  /** Confidence level of the DeLong intervals and of the meta-analysis. Default 0.95. */
  level?: number;
  /**
   * Optional floor: a site with fewer events or non-events than this is underpowered whatever
   * the Riley criteria say. Default 0 (the Riley et al. 2021 criteria decide alone).
   */
  minEvents?: number;
  /** Precision targets of the Riley et al. (2021) sample-size criteria. Defaults 0.2 (O:E), 0.2 (slope), 0.1 (C). */
  precision?: PrecisionTargets;
  /** `site-miscalibrated` thresholds (ratios away from 1). Defaults warn 1.25, critical 1.5. */
  miscalibration?: MiscalibrationThresholds;
  /** Threshold grid of the decision curves. Default 0.05–0.50 step 0.01. */
  thresholds?: readonly number[];
  /** τ² estimator of the random-effects summaries. Default 'REML'. */
  metaMethod?: TauMethod;
  /** Interval of the summaries: Hartung–Knapp–Sidik–Jonkman ('knha', default) or normal ('z'). */
  metaTest?: 'knha' | 'z';
  /** Band of each calibration curve: 'analytic' (default), 'bootstrap' or 'none' (see metrics.flexibleCalibration). */
  curveBand?: 'analytic' | 'bootstrap' | 'none';
  /** Bootstrap resamples when curveBand is 'bootstrap'. Default 200. */
  curveBoot?: number;
  /** Seed of those resamples. Default 0. */
  seed?: number;
  /** AUC below the reference by more than this → warning. Default 0.05 (the seed's). */
  warnMargin?: number;
  /** AUC below the reference by at least this, with the CI excluding it → critical. Default 0.10. */
  criticalMargin?: number;
  /** Compare sites with the pooled AUC (all rows together, default) or the mean of site AUCs (the seed's). */
  reference?: 'pooled' | 'mean';
}

/** How a site came out. */
export type SiteStatus = 'ok' | 'site-underperforming' | 'site-miscalibrated' | 'site-underpowered' | 'site-single-class';

/**
 * Per-site performance (TRIPOD-Cluster): discrimination, calibration (O:E, CITL, slope with CIs;
 * lowess curve, ICI/E50/E90/Emax), Brier and scaled Brier, decision curve, and the Riley et al.
 * (2021) sample size. AUC- and calibration fields are null where undefined (one class).
 */
export interface SiteResult extends SiteCalibrationFields {
  site: string;
  n: number;
  events: number;
  nonEvents: number;
  auc: number | null;
  /** DeLong interval (null with fewer than 2 events or non-events). */
  ci: [number, number] | null;
  se: number | null;
  brier: number;
  /** Calibration slope and intercept (null when not estimable, e.g. one class). */
  calibration: { slope: number; intercept: number } | null;
  ece: number;
  status: SiteStatus;
}

/** All rows together: the per-site numbers without status. */
export interface PooledResult extends SiteCalibrationFields {
  n: number;
  events: number;
  nonEvents: number;
  auc: number | null;
  ci: [number, number] | null;
  brier: number;
  calibration: { slope: number; intercept: number } | null;
  ece: number;
}

/** Between-site heterogeneity of AUC (random effects on the logit scale, reported as AUCs; the method of `metaMethod`/`metaTest`). */
export interface AucHeterogeneity {
  /** Sites pooled (defined AUC strictly between 0 and 1 with a DeLong SE). */
  sites: string[];
  /** Random-effects pooled AUC with its CI. */
  auc: number;
  ci: [number, number];
  /** τ² on the logit scale, Cochran's Q, df and I² in [0, 1]. */
  tau2: number;
  q: number;
  df: number;
  i2: number;
  /** Where the AUC at a new hospital is expected to fall (null with < 3 sites). */
  predictionInterval: [number, number] | null;
}

/** Everything `evaluateCrossSite` reports. */
export interface CrossSiteResult {
  sites: SiteResult[];
  /** All rows together (the pooled decision curve and calibration curve included). */
  pooled: PooledResult;
  /** Mean of the defined site AUCs (the seed's summary); null when none is defined. */
  meanAuc: number | null;
  /**
   * Random-effects summary of AUC with Cochran's Q (same method as `summaries`: REML + HKSJ by
   * default; `metaMethod: 'DL', metaTest: 'z'` gives DerSimonian–Laird with normal intervals). Null with
   * fewer than 2 poolable sites; its prediction interval is null with fewer than 3.
   */
  heterogeneity: AucHeterogeneity | null;
  /** Random-effects summaries of AUC, O:E, CITL and slope (each with ≥ 2 sites). */
  summaries: CrossSiteSummary[];
  findings: Finding[];
}

/**
 * Evaluate out-of-sample predictions site by site (TRIPOD-Cluster, TRIPOD+AI 12e/23): n, events,
 * AUC with DeLong CI, O:E, CITL and calibration slope with CIs, lowess calibration curve with a
 * pointwise band and ICI/E50/E90/Emax, Brier and scaled Brier, net benefit, and the Riley et al.
 * (2021) minimum sample size per site; random-effects summaries (REML + HKSJ by default) of
 * logit AUC, log O:E, CITL and slope. Findings (thresholds in docs/findings.md):
 * `site-single-class` (AUC undefined); `site-underpowered` — warning when the site is below the
 * Riley C-statistic criterion (its AUC is then reported, not judged), info when it only misses
 * the O:E or slope precision, the message saying how many patients would be needed;
 * `site-underperforming` (AUC below the reference by more than warnMargin: warning; by ≥
 * criticalMargin with the CI excluding it: critical); `site-miscalibrated` (O:E or slope with
 * its CI excluding 1 and beyond 1.25×: warning, 1.5×: critical), per site and for the pooled
 * summaries (judged at every site with both classes: the CI carries the precision). Status, the
 * first that applies: single-class, underpowered (warning), underperforming, miscalibrated, ok.
 * @throws ValueError when the arrays differ in length or are empty.
 * @example evaluateCrossSite({ yTrue, yProb, sites }).sites.map((s) => [s.site, s.auc, s.status]);
 */
export function evaluateCrossSite(predictions: SitePredictions, options: CrossSiteOptions = {}): CrossSiteResult {
  const { yTrue, yProb, sites } = predictions;
  const level = options.level ?? 0.95;
  const minEvents = options.minEvents ?? 0;
  const warnMargin = options.warnMargin ?? 0.05;
  const criticalMargin = options.criticalMargin ?? 0.1;
  if (yTrue.length !== yProb.length || yTrue.length !== sites.length) {
    throw new ValueError(`evaluateCrossSite: yTrue, yProb and sites must have the same length. Received: ${yTrue.length}, ${yProb.length}, ${sites.length}.`);
  }
  if (yTrue.length === 0) throw new ValueError('evaluateCrossSite: no rows to evaluate.');
  const settings = {
    level,
    thresholds: options.thresholds ?? defaultThresholds(),
    precision: options.precision ?? {},
    curveBand: options.curveBand ?? 'analytic',
    curveBoot: options.curveBoot ?? 200,
    seed: options.seed ?? 0,
  };

  const groups = new Map<string, number[]>();
  for (let i = 0; i < sites.length; i++) {
    const s = sites[i]!;
    let rows = groups.get(s);
    if (rows === undefined) groups.set(s, (rows = []));
    rows.push(i);
  }
  const numbers = [...groups].map(([site, rows]) => ({ site, ...siteNumbers(pick(yTrue, rows), pick(yProb, rows), settings) }));
  const pooledNumbers = siteNumbers(yTrue, yProb, settings);
  const results: SiteResult[] = numbers.map(({ seLogOe: _a, citlSe: _b, slopeSe: _c, ...r }) => ({ ...r, status: 'ok' as SiteStatus }));
  const defined = results.filter((r) => r.auc !== null).map((r) => r.auc!);
  const meanAuc = defined.length > 0 ? defined.reduce((a, b) => a + b, 0) / defined.length : null;
  const reference = (options.reference ?? 'pooled') === 'pooled' ? pooledNumbers.auc : meanAuc;

  const findings = judgeSites(results, {
    reference: { auc: reference, label: options.reference ?? 'pooled' },
    minEvents,
    precision: settings.precision,
    warnMargin,
    criticalMargin,
    miscalibration: options.miscalibration ?? {},
  });
  const metaOptions = { method: options.metaMethod ?? 'REML', test: options.metaTest ?? 'knha', level };
  const summaries = summarise(siteMeasures(numbers), metaOptions);
  const pooledMis = pooledMiscalibration(summaries, options.miscalibration ?? {});
  if (pooledMis !== null) findings.push(pooledMis);
  const { seLogOe: _a, citlSe: _b, slopeSe: _c, se: _d, ...pooled } = pooledNumbers;
  return {
    sites: results,
    pooled,
    meanAuc,
    heterogeneity: aucHeterogeneity(numbers, metaOptions),
    summaries,
    findings,
  };
}

function pick(values: ArrayLike<number>, rows: number[]): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}
