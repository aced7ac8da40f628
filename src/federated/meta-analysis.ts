// The study-centre side of federated validation: pool site summaries into the cross-site result.
import { ValueError } from '../errors.js';
import type { Finding } from '../checks/finding.js';
import { normalPpf } from '../stats/normal.js';
import type { AucHeterogeneity, SiteResult, SiteStatus } from '../validate/cross-site.js';
import type { MiscalibrationThresholds } from '../validate/miscalibration.js';
import type { TauMethod } from '../validate/random-effects.js';
import { aucHeterogeneity, judgeSites, pooledMiscalibration, siteMeasures } from '../validate/site-judgement.js';
import { summarise, type CrossSiteSummary } from '../validate/site-summaries.js';
import { summaryShiftFindings } from './summary-shift.js';
import type { SiteRecord, SiteSummaryFile } from './summary-schema.js';

/** Options of {@link metaAnalyse} (the judging options of `validate.evaluateCrossSite`). */
export interface MetaAnalyseOptions {
  /** τ² estimator. Default 'REML'. */
  metaMethod?: TauMethod;
  /** Interval: 'knha' (Hartung–Knapp–Sidik–Jonkman, default) or 'z'. */
  metaTest?: 'knha' | 'z';
  /** AUC below the mean site AUC by more than this → warning. Default 0.05. */
  warnMargin?: number;
  /** By at least this with the CI excluding the mean → critical. Default 0.10. */
  criticalMargin?: number;
  /** `site-miscalibrated` thresholds. Defaults warn 1.25, critical 1.5. */
  miscalibration?: MiscalibrationThresholds;
}

/** Pooled numbers computable from summaries exactly (sums over sites; AUC, CITL and slope of all rows are not). */
export interface MetaPooled {
  n: number;
  events: number;
  nonEvents: number;
  /** Σ n·Brier / Σ n. */
  brier: number;
  /** Σ events / Σ expected, with the CI of `metrics.observedExpected`. */
  oe: number;
  oeCi: [number, number];
  /** Σ n·NB / Σ n per threshold (net benefit is linear in the counts). */
  netBenefit: { threshold: number; model: number; treatAll: number }[];
}

/** What {@link metaAnalyse} reports: the shape of `validate.CrossSiteResult` where computable. */
export interface MetaResult {
  target: string;
  level: number;
  /** Per-site results as `validate.evaluateCrossSite` gives them (no lowess curve). */
  sites: SiteResult[];
  /** Sites named in the summaries but suppressed there (too few events or non-events). */
  suppressed: { site: string; reason: string }[];
  pooled: MetaPooled;
  meanAuc: number | null;
  heterogeneity: AucHeterogeneity | null;
  summaries: CrossSiteSummary[];
  /** Cross-site findings (underperforming judged against the mean site AUC), then summary-based shift findings. */
  findings: Finding[];
  /** Calibration bins per site (for the report's reliability chart). */
  calibrationBins: { site: string; bins: SiteRecord['calibrationBins'] }[];
}

/**
 * Pool site summaries (`federated.summariseSites` / `clinreg validate --summary-only`) into the
 * cross-site result an in-process `validate.evaluateCrossSite` gives over the same rows: the
 * per-site results as written, the same findings per site (site-underpowered, -underperforming,
 * -miscalibrated) except that underperformance is judged against the mean of the site AUCs (the
 * all-rows AUC needs every pair of rows: evaluateCrossSite's `reference: 'mean'`), the same
 * random-effects summaries of logit AUC, log O:E, CITL and slope (REML + HKSJ by default) and
 * AUC heterogeneity, pooled counts, Brier, O:E and net benefit; and shift findings from the
 * feature histograms (`federated.summaryShiftFindings`).
 * @param files parsed summaries (`federated.parseSiteSummary`).
 * @throws ValueError when the files disagree on model, target, level or threshold grid, or name a site twice.
 * @example const m = federated.metaAnalyse(paths.map((p) => federated.parseSiteSummary(readFileSync(p, 'utf8'), p)));
 */
export function metaAnalyse(files: readonly SiteSummaryFile[], options: MetaAnalyseOptions = {}): MetaResult {
  if (files.length === 0) throw new ValueError('metaAnalyse: no site summaries. Fix: pass at least one file written by clinreg validate --summary-only.');
  const first = files[0]!;
  const seen = new Set<string>();
  for (const f of files) {
    if (f.target !== first.target || f.level !== first.level || f.thresholds.join() !== first.thresholds.join()) {
      throw new ValueError(`metaAnalyse: every summary must share the target, level and threshold grid. Received: target '${f.target}' level ${f.level} vs target '${first.target}' level ${first.level}. Fix: summarise every site with the same command line.`);
    }
    if (f.model?.created !== first.model?.created) {
      throw new ValueError(`metaAnalyse: the summaries come from different models (created ${f.model?.created ?? 'unknown'} vs ${first.model?.created ?? 'unknown'}). Fix: summarise every site with the same model directory.`);
    }
    for (const s of f.sites) {
      if (seen.has(s.site)) throw new ValueError(`metaAnalyse: site '${s.site}' appears in more than one summary. Fix: give each hospital's summary once, with distinct site names.`);
      seen.add(s.site);
    }
  }
  const records = files.flatMap((f) => f.sites.filter((s): s is SiteRecord => !s.suppressed));
  const suppressed = files.flatMap((f) => f.sites.flatMap((s) => (s.suppressed ? [{ site: s.site, reason: s.reason }] : [])));
  if (records.length === 0) throw new ValueError('metaAnalyse: every site is suppressed (fewer than 5 events or non-events); nothing to pool.');
  const level = first.level;
  const warnMargin = options.warnMargin ?? 0.05;
  const criticalMargin = options.criticalMargin ?? 0.1;
  const results: SiteResult[] = records.map((r) => ({
    site: r.site, n: r.n, events: r.events, nonEvents: r.nonEvents, auc: r.auc, ci: r.ci, se: r.se, brier: r.brier,
    calibration: r.calibration, ece: r.ece, oe: r.oe, oeCi: r.oeCi, citl: r.citl, citlCi: r.citlCi, slope: r.slope, slopeCi: r.slopeCi,
    ...(r.calibrationExcluded !== undefined ? { calibrationExcluded: r.calibrationExcluded } : {}),
    ici: r.ici, e50: r.e50, e90: r.e90, emax: r.emax, scaledBrier: r.scaledBrier, netBenefit: r.netBenefit,
    ...(r.sampleSize !== undefined ? { sampleSize: r.sampleSize } : {}),
    calibrationCurve: null, status: 'ok' as SiteStatus,
  }));
  const defined = results.filter((r) => r.auc !== null).map((r) => r.auc!);
  const meanAuc = defined.length > 0 ? defined.reduce((a, b) => a + b, 0) / defined.length : null;
  // The judging of evaluateCrossSite (minEvents 0, default precision), with the mean AUC as reference.
  const findings = judgeSites(results, {
    reference: { auc: meanAuc, label: 'mean' },
    minEvents: 0,
    precision: {},
    warnMargin,
    criticalMargin,
    miscalibration: options.miscalibration ?? {},
  });
  const metaOptions = { method: options.metaMethod ?? 'REML', test: options.metaTest ?? 'knha', level };
  const summaries = summarise(siteMeasures(records), metaOptions);
  const pooledMis = pooledMiscalibration(summaries, options.miscalibration ?? {});
  if (pooledMis !== null) findings.push(pooledMis);
  findings.push(...summaryShiftFindings(records));
  return {
    target: first.target,
    level,
    sites: results,
    suppressed,
    pooled: pooledNumbers(records, level),
    meanAuc,
    heterogeneity: aucHeterogeneity(records, metaOptions),
    summaries,
    findings,
    calibrationBins: records.map((r) => ({ site: r.site, bins: r.calibrationBins })),
  };
}

function pooledNumbers(records: readonly SiteRecord[], level: number): MetaPooled {
  let n = 0;
  let events = 0;
  let expected = 0;
  let brier = 0;
  for (const r of records) {
    n += r.n;
    events += r.events;
    expected += r.expected;
    brier += r.n * r.brier;
  }
  const oe = events / expected;
  const phi = events / n;
  // metrics.observedExpected's interval from the pooled counts.
  const seLog = Math.sqrt((1 - phi) / (n * phi));
  const z = normalPpf(0.5 + level / 2);
  const netBenefit = records[0]!.netBenefit.map((pt, t) => {
    let model = 0;
    let treatAll = 0;
    for (const r of records) {
      model += r.n * r.netBenefit[t]!.model;
      treatAll += r.n * r.netBenefit[t]!.treatAll;
    }
    return { threshold: pt.threshold, model: model / n, treatAll: treatAll / n };
  });
  return { n, events, nonEvents: n - events, brier: brier / n, oe, oeCi: [oe * Math.exp(-z * seLog), oe * Math.exp(z * seLog)], netBenefit };
}
