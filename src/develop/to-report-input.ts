import { readWithFinalRecalibration } from './recalibrated-findings.js';
import type { Provenance, RecommendationSection, ReportInput, ValidationSection } from '../report/report-input.js';
import type { LearningCurve } from '../report/charts/learning-curve.js';
import { mostUncertain, uncertaintyErrorAuc } from '../conformal/uncertainty-error.js';
import type { DevelopResult } from './develop-model.js';
import { calibrationCurves, dataSummary, learningCurve, recommendationSection, rocCurves, shiftSection } from './report-sections.js';

/** Options of {@link toReportInput}. */
export interface ToReportInputOptions {
  /** Versions, seed and command for the footer. Default: the seed only. */
  provenance?: Provenance;
  /** Document title. Default `clinreg report — SOURCE`. */
  title?: string;
  /** Column that names patients in the report's per-patient table (most uncertain). Default: the file row. */
  id?: string;
}

/**
 * The HTML report's input for a development run: data summary, leakage, shift, recommendation,
 * learning curves (final model and every fold), validation by the run's scheme, calibration of the
 * out-of-fold predictions and the final model's MC-dropout uncertainty. A run that trained on
 * leaking columns (`allowLeaks`) says so in the title, at the top of the report.
 * @param result a `developModel` result.
 * @param options see {@link ToReportInputOptions}.
 * @example await report.writeReport('report.html', develop.toReportInput(result));
 */
export function toReportInput(result: DevelopResult, options: ToReportInputOptions = {}): ReportInput {
  const { validation, final, scheme } = result;
  const crossSite = validation.crossSite;
  const positiveRate = result.y.reduce((a, v) => a + v, 0) / result.y.length;
  const leakNote =
    result.leaksAllowed.length > 0
      ? ` — TRAINED ON LEAKING COLUMNS (allowLeaks / --allow-leaks): ${result.leaksAllowed.map((l) => `${l.feature} (${l.code})`).join(', ')}`
      : '';
  const het = crossSite.heterogeneity;
  const section: ValidationSection = {
    scheme: scheme.scheme,
    sites: crossSite.sites.map((s) => ({
      site: s.site, n: s.n, events: s.events, nonEvents: s.nonEvents, auc: s.auc, ci: s.ci, status: s.status,
      oe: s.oe, oeCi: s.oeCi, citl: s.citl, citlCi: s.citlCi, slope: s.slope, slopeCi: s.slopeCi, ici: s.ici, scaledBrier: s.scaledBrier,
      netBenefit: s.netBenefit, calibrationCurve: s.calibrationCurve,
    })),
    roc: rocCurves(validation.predictions, crossSite.sites),
    findings: [...readWithFinalRecalibration(crossSite.findings, result.recalibration, result.schema.site !== undefined), ...result.overfitting],
    summaries: crossSite.summaries,
    pooledNetBenefit: crossSite.pooled.netBenefit,
    pooledCalibrationCurve: crossSite.pooled.calibrationCurve,
  };
  if (result.adaptation !== undefined) {
    const adapted = new Map(result.adaptation.crossSite.sites.map((s) => [s.site, s]));
    section.adaptation = {
      method: result.adaptation.method,
      sites: crossSite.sites.map((s) => ({ site: s.site, auc: s.auc, ci: s.ci, adaptedAuc: adapted.get(s.site)?.auc ?? null, adaptedCi: adapted.get(s.site)?.ci ?? null })),
      pooled: { auc: het?.auc ?? null, adaptedAuc: result.adaptation.crossSite.heterogeneity?.auc ?? null },
      findings: result.adaptation.findings,
    };
  }
  if (het !== null) {
    section.pooled = { auc: het.auc, ci: het.ci, ...(het.predictionInterval !== null ? { predictionInterval: het.predictionInterval } : {}) };
    section.heterogeneity = { tau2: het.tau2, i2: het.i2, q: het.q };
  }
  return {
    title: `${options.title ?? `clinreg report — ${result.source}`}${leakNote}`,
    summary: dataSummary(result.source, result.table, result.schema, result.rows, result.y),
    leakage: result.leakage,
    ...(result.shift !== null ? { shift: shiftSection(result.shift) } : {}),
    recommendation: withNote(recommendationSection(result.config, result.rows.length, positiveRate), result.recalibration?.summary ?? null),
    learningCurves: [
      finalLearningCurve(final),
      ...validation.folds.filter((f) => f.history !== undefined).map((f) => learningCurve(foldCurveLabel(scheme.scheme, f.site), f.history!)),
    ],
    validation: section,
    calibration: calibrationCurves(validation.predictions, `out-of-fold predictions (${scheme.scheme})`),
    uncertainty: uncertaintyInput(result, options.id),
    ...(result.updating !== undefined ? { updating: result.updating } : {}),
    provenance: options.provenance ?? { seed: result.seed },
  };
}

/** The label of a validation fold's learning curve. Internal to develop/. */
export function foldCurveLabel(scheme: string, site: string): string {
  return scheme === 'leave-one-site-out' ? `fold without ${site}` : site;
}

/** The final model's learning curve as the report shows it (first of the learning curves). Internal to develop/. */
export function finalLearningCurve(final: DevelopResult['final']): LearningCurve {
  return learningCurve(`final model (all rows, ${final.nTrain} training / ${final.nVal} early-stopping rows)`, final.history);
}

/**
 * The MC-dropout section: the SD histogram, the ten most uncertain patients by id, and per site
 * whether the SD points at the final model's errors (its development rows: in-sample). Internal to develop/.
 */
export function uncertaintyInput(result: Pick<DevelopResult, 'uncertainty' | 'table' | 'rows' | 'schema' | 'y'>, id: string | undefined): NonNullable<ReportInput['uncertainty']> {
  const { std, mean, passes } = result.uncertainty;
  const idValues = id !== undefined ? result.table.strings(id) : undefined;
  const ids = Array.from(result.rows, (r) => (idValues !== undefined ? (idValues[r] ?? '') : `row ${result.table.fileRow(r)}`));
  const siteValues = result.schema.site === undefined ? undefined : result.table.strings(result.schema.site);
  const sites = siteValues === undefined ? undefined : Array.from(result.rows, (r) => siteValues[r] ?? '');
  const top = mostUncertain(std, Math.min(10, std.length), ids);
  return {
    std,
    passes,
    scope: 'final model, development rows (in-sample)',
    mostUncertain: top.map((p) => ({ id: p.id, ...(sites !== undefined ? { site: sites[p.row]! } : {}), sd: p.sd, probability: mean[p.row]!, outcome: result.y[p.row]! })),
    errorAuc: uncertaintyErrorAuc(std, result.y, mean, sites),
  };
}

function withNote(section: RecommendationSection, note: string | null): RecommendationSection {
  return note === null ? section : { ...section, notes: [...(section.notes ?? []), note] };
}
