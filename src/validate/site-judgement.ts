// How sites are judged and pooled from their per-site numbers: shared by the in-process
// evaluation (evaluateCrossSite) and the federated one (federated.metaAnalyse), so both give the
// same findings, summaries and heterogeneity for the same numbers.
import type { Finding } from '../checks/finding.js';
import type { AucHeterogeneity, SiteResult, SiteStatus } from './cross-site.js';
import { miscalibrationFinding, type MiscalibrationThresholds } from './miscalibration.js';
import { randomEffects, type TauMethod } from './random-effects.js';
import type { PrecisionTargets } from './site-metrics.js';
import { underpowered } from './site-power.js';
import type { CrossSiteSummary, SiteMeasure, SummaryMeasure } from './site-summaries.js';

/** A site's estimates with the standard errors the pooling needs (null where undefined). */
export interface SiteEstimates {
  site: string;
  auc: number | null;
  /** DeLong standard error of the AUC. */
  se: number | null;
  oe: number | null;
  seLogOe: number | null;
  citl: number | null;
  citlSe: number | null;
  slope: number | null;
  slopeSe: number | null;
}

/** Random-effects settings. */
export interface MetaSettings {
  method: TauMethod;
  test: 'knha' | 'z';
  level: number;
}

/** Each site's measures on the analysis scale (logit AUC, log O:E, CITL, slope) with variances. */
export function siteMeasures(rows: readonly SiteEstimates[]): Record<SummaryMeasure, SiteMeasure[]> {
  const out: Record<SummaryMeasure, SiteMeasure[]> = { auc: [], oe: [], citl: [], slope: [] };
  for (const r of rows) {
    if (r.auc !== null && r.se !== null && r.se > 0 && r.auc > 0 && r.auc < 1) {
      // delta method: Var(logit AUC) ≈ SE² / (AUC (1 − AUC))²
      out.auc.push({ site: r.site, estimate: Math.log(r.auc / (1 - r.auc)), variance: (r.se / (r.auc * (1 - r.auc))) ** 2 });
    }
    if (r.oe !== null && r.seLogOe !== null && r.oe > 0) out.oe.push({ site: r.site, estimate: Math.log(r.oe), variance: r.seLogOe ** 2 });
    if (r.citl !== null && r.citlSe !== null) out.citl.push({ site: r.site, estimate: r.citl, variance: r.citlSe ** 2 });
    if (r.slope !== null && r.slopeSe !== null) out.slope.push({ site: r.site, estimate: r.slope, variance: r.slopeSe ** 2 });
  }
  return out;
}

/** Random-effects pooling of logit AUC across sites, back on the AUC scale (null below 2 sites). */
export function aucHeterogeneity(rows: readonly SiteEstimates[], options: MetaSettings): AucHeterogeneity | null {
  const auc = siteMeasures(rows).auc;
  if (auc.length < 2) return null;
  const meta = randomEffects(auc.map((m) => ({ label: m.site, estimate: m.estimate, variance: m.variance })), options);
  const expit = (x: number): number => 1 / (1 + Math.exp(-x));
  return {
    sites: auc.map((m) => m.site),
    auc: expit(meta.estimate),
    ci: [expit(meta.ci[0]), expit(meta.ci[1])],
    tau2: meta.tau2,
    q: meta.q,
    df: meta.k - 1,
    i2: meta.i2,
    predictionInterval: meta.k < 3 ? null : [expit(meta.predictionInterval[0]), expit(meta.predictionInterval[1])],
  };
}

/** How {@link judgeSites} judges. */
export interface JudgeOptions {
  /** AUC every site is compared with (null: no underperformance judged) and its name in messages. */
  reference: { auc: number | null; label: string };
  minEvents: number;
  precision: PrecisionTargets;
  warnMargin: number;
  criticalMargin: number;
  miscalibration: MiscalibrationThresholds;
}

/**
 * Judge every site and set its `status`: single-class; else the first critical finding
 * (underperforming, miscalibrated); else the first that applies of underpowered (warning),
 * underperforming, miscalibrated, ok. Returns the findings in site order.
 */
export function judgeSites(results: SiteResult[], options: JudgeOptions): Finding[] {
  const findings: Finding[] = [];
  const reference = options.reference.auc;
  for (const r of results) {
    if (r.auc === null) {
      r.status = 'site-single-class';
      findings.push({
        code: 'site-single-class', severity: 'warning', site: r.site,
        message: `${r.site}: AUC is undefined — all ${r.n} rows are ${r.events === 0 ? 'non-events' : 'events'}; the site cannot be used to judge discrimination or calibration.`,
        details: { n: r.n, events: r.events, nonEvents: r.nonEvents },
      });
      continue;
    }
    const statuses: SiteStatus[] = [];
    let criticalStatus: SiteStatus | null = null;
    const power = underpowered(r, options.minEvents, options.precision);
    if (power !== null) {
      findings.push(power);
      if (power.severity === 'warning') statuses.push('site-underpowered');
    }
    if (power?.severity !== 'warning' && reference !== null && reference - r.auc > options.warnMargin) {
      const gap = reference - r.auc;
      const critical = gap >= options.criticalMargin && r.ci !== null && r.ci[1] < reference;
      statuses.push('site-underperforming');
      if (critical) criticalStatus ??= 'site-underperforming';
      findings.push({
        code: 'site-underperforming', severity: critical ? 'critical' : 'warning', site: r.site,
        message: `${r.site}: AUC ${r.auc.toFixed(3)} is ${gap.toFixed(3)} below the ${options.reference.label} AUC ${reference.toFixed(3)}${critical ? ' and its CI excludes it' : ''}.`,
        details: { auc: r.auc, ci: r.ci, reference, gap, warnMargin: options.warnMargin, criticalMargin: options.criticalMargin },
      });
    }
    const mis = miscalibrationFinding(r.site, r, options.miscalibration, 'site');
    if (mis !== null) {
      findings.push(mis);
      statuses.push('site-miscalibrated');
      if (mis.severity === 'critical') criticalStatus ??= 'site-miscalibrated';
    }
    // A critical finding names the status even at an underpowered site: a site with O:E 2.5 is
    // miscalibrated whatever its size; otherwise the order below applies.
    r.status = criticalStatus
      ?? (['site-underpowered', 'site-underperforming', 'site-miscalibrated'] as const).find((x) => statuses.includes(x)) ?? 'ok';
  }
  return findings;
}

/** `site-miscalibrated` for the random-effects summaries of O:E and slope ('all sites'), or null. */
export function pooledMiscalibration(summaries: readonly CrossSiteSummary[], thresholds: MiscalibrationThresholds): Finding | null {
  const oe = summaries.find((x) => x.measure === 'oe');
  const slope = summaries.find((x) => x.measure === 'slope');
  if (oe === undefined && slope === undefined) return null;
  return miscalibrationFinding(
    'all sites',
    { oe: oe?.estimate ?? null, oeCi: oe?.ci ?? null, slope: slope?.estimate ?? null, slopeCi: slope?.ci ?? null },
    thresholds,
    'pooled',
  );
}
