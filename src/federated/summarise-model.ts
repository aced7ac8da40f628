// The hospital side of federated validation: score a saved model on local rows, keep only aggregates.
import { ValueError } from '../errors.js';
import { binaryTarget } from '../data/binary-target.js';
import type { Table } from '../data/table.js';
import type { LoadedModel } from '../io/model-file.js';
import { storedRanges } from '../conformal/feature-range.js';
import { predictProba } from '../develop/predict-proba.js';
import { siteOfRows, validationRows } from '../develop/validation-rows.js';
import { summariseSites, type SummariseSitesOptions } from './site-summary.js';
import type { SiteSummaryFile } from './summary-schema.js';

/** Options of {@link summariseModel}. */
export interface SummariseModelOptions extends Pick<SummariseSitesOptions, 'level' | 'thresholds'> {
  /** Site column: one record per site. Default: the table is one site named `siteName`. */
  site?: string;
  /** Name of the single site without `site`. Default the table's source file name, else 'site'. */
  siteName?: string;
  /** Which target values are events. Default: the rule the model was trained with. */
  positive?: string;
  /** Rows that were in the model's training data: 'exclude' (default) or 'refuse' (throw). */
  inTraining?: 'exclude' | 'refuse';
}

/**
 * Validate a saved model on local rows and return only the site summary (`summariseSites`):
 * the rows `develop.validateModel` would validate (training rows left out or refused), scored by
 * `develop.predictProba`, with feature histograms on the model's stored training ranges.
 * @param loaded `io.loadModel(dir)`. @param table local data. @param target outcome column.
 * @throws ValueError when training rows are found with inTraining 'refuse' or every row was in
 *   training; DataError for a row without a site.
 * @example writeFileSync('a.summary.json', JSON.stringify(federated.summariseModel(io.loadModel('m'), table, 'num')));
 */
export function summariseModel(loaded: LoadedModel, table: Table, target: string, options: SummariseModelOptions = {}): SiteSummaryFile {
  const source = table.source ?? 'the table';
  const { positive, schema, labelled, rows, nSeen } = validationRows(loaded, table, target, options);
  if (nSeen > 0 && options.inTraining === 'refuse') {
    throw new ValueError(`summariseModel: ${nSeen} of ${labelled.length} rows of ${source} were in the model's training data (validation-rows-in-training). Fix: summarise rows the model has not seen, or leave them out (inTraining: 'exclude'; CLI --in-training exclude).`);
  }
  if (rows.length === 0) throw new ValueError(`summariseModel: all ${labelled.length} rows of ${source} were in the model's training data; nothing is left to summarise. Fix: summarise data the model has not seen.`);
  const single = options.siteName ?? (table.source !== undefined ? table.source.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') : 'site');
  const sites = siteOfRows(table, rows, options.site, single);
  const ranges = storedRanges(loaded.metadata) ?? [];
  const created = loaded.metadata['created'];
  return summariseSites(
    { yTrue: binaryTarget(table, schema, { rows }), yProb: predictProba(loaded, table, { rows }), sites },
    {
      target,
      ...(typeof created === 'string' ? { model: { created } } : {}),
      ...(positive !== undefined ? { positive } : {}),
      ...(options.level !== undefined ? { level: options.level } : {}),
      ...(options.thresholds !== undefined ? { thresholds: options.thresholds } : {}),
      features: { table, rows: Array.from(rows), ranges },
    },
  );
}
