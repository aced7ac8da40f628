import type { Finding } from '../checks/finding.js';
import type { DevelopResult } from './develop-model.js';
import type { UpdatingExperimentResult } from '../update/updating-experiment.js';

/** Paths of a run's outputs, as written in results.json. */
export interface OutputPaths {
  model: string;
  report: string;
  predictions?: string;
}

/** The JSON document of a development run (results.json, and `train --json`). */
export interface ResultsDocument {
  file: string;
  rows: number;
  /** Labelled rows used. */
  labelledRows: number;
  target: string;
  features: string[];
  validation: string;
  validationReason: string;
  arch: string;
  seed: number;
  leaksAllowed: { feature: string; code: string }[];
  /** The final model's recalibration: applied or not and why, the mapping, calibration before and after (cross-fitted). */
  recalibration: DevelopResult['recalibration'];
  config: DevelopResult['config'];
  sites: DevelopResult['validation']['crossSite']['sites'];
  pooled: DevelopResult['validation']['crossSite']['pooled'];
  heterogeneity: DevelopResult['validation']['crossSite']['heterogeneity'];
  /** Random-effects summaries of AUC, O:E, CITL and slope across sites (REML + HKSJ). */
  summaries: DevelopResult['validation']['crossSite']['summaries'];
  folds: {
    site: string;
    nTrain: number;
    nTest: number;
    developmentAuc: number | null;
    internalAuc: number | null;
    externalAuc: number | null;
    epochs: number | null;
    bestEpoch: number | null;
  }[];
  /** The leave-one-site-out updating experiment (null for other schemes or when turned off). */
  updatingExperiment: UpdatingExperimentResult | null;
  model: string;
  report: string;
  predictions?: string;
  findings: Finding[];
}

/**
 * The results document of a development run: data, scheme and why, per-site out-of-fold results,
 * pooled and random-effects summaries, every fold, the output paths and every finding.
 * @param result a `developModel` result.
 * @param paths where the model and report are (or will be) written.
 */
export function resultsDocument(result: DevelopResult, paths: OutputPaths): ResultsDocument {
  const cross = result.validation.crossSite;
  return {
    file: result.source,
    rows: result.table.nRows,
    labelledRows: result.rows.length,
    target: result.schema.target,
    features: [...result.schema.features],
    validation: result.scheme.scheme,
    validationReason: result.scheme.reason,
    arch: result.arch,
    seed: result.seed,
    leaksAllowed: result.leaksAllowed.map((l) => ({ feature: l.feature, code: l.code })),
    recalibration: result.recalibration,
    config: result.config,
    sites: cross.sites,
    pooled: cross.pooled,
    heterogeneity: cross.heterogeneity,
    summaries: cross.summaries,
    folds: result.validation.folds.map((f) => ({
      site: f.site,
      nTrain: f.nTrain,
      nTest: f.nTest,
      developmentAuc: f.developmentAuc,
      internalAuc: f.internalAuc,
      externalAuc: f.externalAuc,
      epochs: f.history?.epochs.length ?? null,
      bestEpoch: f.history?.bestEpoch === undefined ? null : f.history.bestEpoch + 1,
    })),
    updatingExperiment: result.updating ?? null,
    model: paths.model,
    report: paths.report,
    ...(paths.predictions !== undefined ? { predictions: paths.predictions } : {}),
    findings: result.findings,
  };
}
