// The HTML report input of a meta-analysis of site summaries.
import type { ReportInput, ValidationSection } from '../report/report-input.js';
import type { MetaResult } from './meta-analysis.js';

/**
 * The `report.writeReport` input for a {@link MetaResult}: data summary (sites with n and events;
 * suppressed sites listed in the title note), site-by-site validation with the random-effects
 * summaries, pooled decision curve, calibration bins per site and the summary-based shift
 * findings. ROC and lowess curves need rows and are absent.
 * @param meta `federated.metaAnalyse(...)`. @param sources the summary files, for the header.
 * @example await report.writeReport('meta/report.html', federated.metaReportInput(meta, files));
 */
export function metaReportInput(meta: MetaResult, sources: readonly string[]): ReportInput {
  const het = meta.heterogeneity;
  const shiftCodes = new Set(['feature-shift', 'missingness-shift']);
  const validation: ValidationSection = {
    scheme: 'site summaries (federated: no rows pooled)',
    sites: meta.sites.map((s) => ({
      site: s.site, n: s.n, events: s.events, nonEvents: s.nonEvents, auc: s.auc, ci: s.ci, status: s.status,
      oe: s.oe, oeCi: s.oeCi, citl: s.citl, citlCi: s.citlCi, slope: s.slope, slopeCi: s.slopeCi, ici: s.ici, scaledBrier: s.scaledBrier,
      netBenefit: s.netBenefit,
    })),
    roc: [],
    findings: meta.findings.filter((f) => !shiftCodes.has(f.code)),
    summaries: meta.summaries,
    pooledNetBenefit: meta.pooled.netBenefit,
  };
  if (het !== null) {
    validation.pooled = { auc: het.auc, ci: het.ci, ...(het.predictionInterval !== null ? { predictionInterval: het.predictionInterval } : {}) };
    validation.heterogeneity = { tau2: het.tau2, i2: het.i2, q: het.q };
  }
  const suppressedNote = meta.suppressed.length > 0 ? ` — ${meta.suppressed.length} site(s) suppressed (fewer than 5 events or non-events): ${meta.suppressed.map((s) => s.site).join(', ')}` : '';
  return {
    title: `clinreg meta-analysis of ${sources.length} site summar${sources.length === 1 ? 'y' : 'ies'}${suppressedNote}`,
    summary: {
      source: sources.join(', '),
      nRows: meta.pooled.n,
      target: meta.target,
      columns: [],
      sites: meta.sites.map((s) => ({ site: s.site, n: s.n, events: s.events, nonEvents: s.nonEvents })),
    },
    shift: { findings: meta.findings.filter((f) => shiftCodes.has(f.code)) },
    validation,
    calibration: meta.calibrationBins.map((c) => {
      const site = meta.sites.find((s) => s.site === c.site)!;
      return {
        label: c.site,
        bins: c.bins.map((b) => ({ meanPredicted: b.meanPredicted, fractionPositive: b.events / b.n, count: b.n })),
        ...(site.slope !== null ? { slope: site.slope } : {}),
        ...(site.citl !== null ? { intercept: site.citl } : {}),
      };
    }),
  };
}
