import { ValueError } from '../errors.js';
import type { Finding } from '../checks/finding.js';
import { binaryTarget } from '../data/binary-target.js';
import type { Table } from '../data/table.js';
import type { LoadedModel } from '../io/model-file.js';
import { evaluateCrossSite, type CrossSiteOptions, type CrossSiteResult } from '../validate/cross-site.js';
import { matchesByChanceFinding, rowsInTrainingFinding } from '../validate/rows-in-training.js';
import { predictProba } from './predict-proba.js';
import { siteOfRows, validationRows } from './validation-rows.js';

/** Options of {@link validateModel}. */
export interface ValidateModelOptions {
  /** Site column: results per site. Default: the table is one cohort ('all'). */
  site?: string;
  /** Which target values are events. Default: the rule the model was trained with. */
  positive?: string;
  /**
   * Rows that were in the model's training data: 'exclude' (default) leaves them out of the
   * estimate with a `validation-rows-in-training` finding; 'refuse' throws.
   */
  inTraining?: 'exclude' | 'refuse';
  /**
   * Options of the cross-site evaluation (`validate.evaluateCrossSite`): e.g. the net-benefit
   * `thresholds`, `metaMethod` ('REML' | 'DL'), `metaTest` ('knha' | 'z'). Default: its defaults.
   */
  crossSite?: CrossSiteOptions;
}

/** An external validation of a saved model. */
export interface ValidateModelResult {
  /** Rows with a target that were validated (training rows left out). */
  validatedRows: number;
  /** Rows with a target found in the model's training data (left out). */
  rowsInTraining: number;
  /** Which rows the training check could see: every training row, only the preprocessing-fit rows (models saved without a training fingerprint), or none. */
  trainingRowsChecked: 'all' | 'preprocessing-fit rows only' | 'none';
  /** Per-site and pooled discrimination and calibration (`validate.evaluateCrossSite`). */
  crossSite: CrossSiteResult;
  /** `validation-rows-in-training` (when rows were left out), then the cross-site findings. */
  findings: Finding[];
}

/**
 * Validate a saved model on new data, site by site: rows that were in its training data (found by
 * the training fingerprint in model.json) are left out or refused, the rest are scored by
 * `predictProba` (stored preprocessing and recalibration) and evaluated per site.
 * @param loaded `io.loadModel(dir)`.
 * @param table the validation data (with the target and the model's features).
 * @param target the outcome column.
 * @param options see {@link ValidateModelOptions}.
 * @throws ValueError when training rows are found and `inTraining` is 'refuse', or when every row
 *   was in training; DataError for a row without a site or a missing feature.
 * @example
 * const v = develop.validateModel(io.loadModel('out/model'), await data.readCsv('next.csv'), 'event5', { site: 'cohort' });
 */
export function validateModel(loaded: LoadedModel, table: Table, target: string, options: ValidateModelOptions = {}): ValidateModelResult {
  const source = table.source ?? 'the table';
  const { schema, labelled, seen, rows, nSeen, fingerprint: fp, byChance } = validationRows(loaded, table, target, options);
  if (nSeen > 0 && options.inTraining === 'refuse') {
    throw new ValueError(
      `validate: ${nSeen} of ${labelled.length} rows of ${source} were in the model's training data (validation-rows-in-training). Fix: validate on rows the model has not seen, or leave them out (inTraining: 'exclude'; CLI --in-training exclude).`,
    );
  }
  if (rows.length === 0) {
    throw new ValueError(`validate: all ${labelled.length} rows of ${source} were in the model's training data (validation-rows-in-training); nothing is left for an external estimate. Fix: validate on data the model has not seen.`);
  }
  const sites = siteOfRows(table, rows, options.site, 'all');
  const crossSite = evaluateCrossSite({ yTrue: binaryTarget(table, schema, { rows }), yProb: predictProba(loaded, table, { rows }), sites }, options.crossSite ?? {});
  const findings = [...crossSite.findings];
  if (nSeen > 0) {
    let bySite: Map<string, number> | undefined;
    if (options.site !== undefined) {
      const siteText = table.strings(options.site);
      bySite = new Map();
      for (const r of labelled) if (seen[r] === 1) bySite.set(siteText[r] ?? '(missing)', (bySite.get(siteText[r] ?? '(missing)') ?? 0) + 1);
    }
    findings.unshift(rowsInTrainingFinding(nSeen, labelled.length, bySite));
  }
  if (byChance !== null) findings.unshift(matchesByChanceFinding(byChance.matched, byChance.expected, labelled.length));
  return {
    validatedRows: rows.length,
    rowsInTraining: nSeen,
    trainingRowsChecked: fp === null ? 'none' : fp.complete ? 'all' : 'preprocessing-fit rows only',
    crossSite,
    findings,
  };
}
