// Fills report.ReportInput from the results of a development run (plain data only).
import type { checks, data, Finding, metrics as metricsNs, report, validate } from '../../index.js';
import { dataSummary, shiftSection } from '../to-report.js';
import type { Developed } from './develop.js';

type Api = typeof import('../../index.js');

/** Learning curve of one fit for the report (1-based best epoch). */
function curve(label: string, history: NonNullable<validate.LosoFold['history']>): report.LearningCurve {
  const trainLoss = history.epochs.map((e) => e.trainLoss);
  const valLoss = history.epochs.map((e) => e.valLoss ?? NaN);
  let best = history.bestEpoch;
  if (best === undefined) best = valLoss.reduce((b, v, i) => (v < valLoss[b]! ? i : b), 0);
  return { label, trainLoss, valLoss, bestEpoch: best + 1 };
}

/** Per-site ROC curves of the out-of-site predictions (empty for one-class sites). */
function rocCurves(metrics: typeof metricsNs, p: validate.SitePredictions, results: readonly validate.SiteResult[]): report.SiteRocCurve[] {
  return results.map((r) => {
    const yTrue: number[] = [];
    const yProb: number[] = [];
    for (let i = 0; i < p.sites.length; i++) {
      if (p.sites[i] === r.site) {
        yTrue.push(p.yTrue[i]!);
        yProb.push(p.yProb[i]!);
      }
    }
    if (r.auc === null) return { site: r.site, fpr: [], tpr: [], auc: null };
    const c = metrics.rocCurve(yTrue, yProb);
    return { site: r.site, fpr: c.fpr, tpr: c.tpr, auc: r.auc };
  });
}

/** The validation section from a cross-site evaluation. */
export function validationSection(
  api: Api,
  scheme: string,
  predictions: validate.SitePredictions,
  crossSite: validate.CrossSiteResult,
  extraFindings: readonly Finding[],
): report.ValidationSection {
  const het = crossSite.heterogeneity;
  const section: report.ValidationSection = {
    scheme,
    sites: crossSite.sites.map((s) => ({ site: s.site, n: s.n, events: s.events, nonEvents: s.nonEvents, auc: s.auc, ci: s.ci, status: s.status })),
    roc: rocCurves(api.metrics, predictions, crossSite.sites),
    findings: [...crossSite.findings, ...extraFindings],
  };
  if (het !== null) {
    section.pooled = { auc: het.auc, ci: het.ci, ...(het.predictionInterval !== null ? { predictionInterval: het.predictionInterval } : {}) };
    section.heterogeneity = { tau2: het.tau2, i2: het.i2, q: het.q };
  }
  return section;
}

/** Calibration of the out-of-site predictions, all sites pooled (10 equal-width bins). */
export function calibrationCurves(api: Api, p: validate.SitePredictions): report.CalibrationCurve[] {
  const c = api.metrics.calibrationCurve(p.yTrue, p.yProb, { nBins: 10 });
  const bins = Array.from(c.probPred, (meanPredicted, i) => ({ meanPredicted, fractionPositive: c.probTrue[i]!, count: c.counts[i]! }));
  const out: report.CalibrationCurve = { label: 'all sites (out-of-site predictions)', bins };
  try {
    const s = api.metrics.calibrationSlopeIntercept(p.yTrue, p.yProb, { eps: 1e-6 });
    out.slope = s.slope;
    out.intercept = s.intercept;
  } catch (err) {
    if (!(err instanceof api.ClinregError)) throw err; // undefined slope (one class, separation): shown without it
  }
  return [out];
}

/** The recommendation section: every configured value with its reason. */
export function recommendationSection(config: Developed['config'], nRows: number, positiveRate: number): report.RecommendationSection {
  const { notes, base: _base, architecture, ...fields } = config;
  const show = (v: unknown): string | number | boolean =>
    typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string'
      ? v
      : Array.isArray(v)
        ? v.join(' → ') || 'none'
        : Object.entries(v as object).map(([k, x]) => `${k} ${String(x)}`).join(', ');
  const settings = Object.entries(fields).map(([name, value]) => ({
    name,
    value: show(value),
    reason: notes.filter((n) => n.field === name).map((n) => n.reason).join(' ') || '—',
  }));
  return {
    arch: architecture,
    nRows,
    positiveRate,
    settings,
    notes: ['Augmentation is recommended for small data but not applied by clinreg train/demo; every other setting is used as shown.'],
  };
}

/** Everything the report shows for a development run. */
export function developmentReport(
  api: Api,
  loaded: { file: string; table: data.Table; schema: data.Schema; y: Uint8Array },
  leakage: readonly Finding[],
  shift: checks.ShiftReport | undefined,
  developed: Developed,
  scheme: validate.ValidationScheme,
  provenance: report.Provenance,
): report.ReportInput {
  const { loso, final } = developed;
  const positiveRate = loaded.y.reduce((a, v) => a + v, 0) / loaded.y.length;
  return {
    title: `clinreg report — ${loaded.file}`,
    summary: dataSummary(loaded),
    leakage,
    ...(shift !== undefined ? { shift: shiftSection(shift) } : {}),
    recommendation: recommendationSection(developed.config, loaded.table.nRows, positiveRate),
    learningCurves: [
      curve(`final model (all sites, ${final.nTrain} training / ${final.nVal} early-stopping rows)`, final.history),
      ...loso.folds.filter((f) => f.history !== undefined).map((f) => curve(scheme === 'leave-one-site-out' ? `fold without ${f.site}` : `${f.site}`, f.history!)),
    ],
    validation: validationSection(api, scheme, loso.predictions, loso.crossSite, developed.overfitting),
    calibration: calibrationCurves(api, loso.predictions),
    uncertainty: { std: developed.uncertainty.std, passes: developed.uncertainty.passes },
    provenance,
  };
}
