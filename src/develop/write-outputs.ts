import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { loadModel, saveModel } from '../io/model-file.js';
import { FEATURE_RANGES_KEY, trainingRanges } from '../conformal/feature-range.js';
import { SITE_PROFILES_KEY, siteProfilesOfTable } from '../conformal/site-profile.js';
import type { RenderReportOptions } from '../report/html/document.js';
import type { ReportInput } from '../report/report-input.js';
import { writeReport } from '../report/write-report.js';
import { TRAINING_FINGERPRINT_KEY } from '../validate/rows-in-training.js';
import type { DevelopResult } from './develop-model.js';
import { OutputSet } from './output-set.js';
import { columnText, predictionsCsv, type PredictionColumn } from './predictions-csv.js';
import { resultsDocument, type ResultsDocument } from './results-json.js';
import { toReportInput } from './to-report-input.js';

/** Options of {@link writeRunOutputs}. */
export interface WriteRunOutputsOptions {
  /** The report's input. Default: `toReportInput(result)`. */
  report?: ReportInput;
  /** Also write predictions.csv (one row per labelled row). Default true. */
  predictions?: boolean;
  /** Column written first in predictions.csv to identify rows (e.g. the patient id). Default: none (the file row number only). */
  id?: string;
  /** Extra model.json metadata (merged over seed, source, scheme and architecture). */
  metadata?: Record<string, unknown>;
  /**
   * Renders the report's charts (e.g. `DevelopWorkers.renderChart`, on worker threads): all are
   * requested at once, while this thread writes the model, predictions and results. The files are
   * the same. Default: `report.renderChart` on this thread.
   */
  renderChart?: RenderReportOptions['renderChart'];
}

/** What {@link writeRunOutputs} wrote (final paths, after the swap). */
export interface WrittenRun {
  doc: ResultsDocument;
  modelDir: string;
  reportPath: string;
  resultsPath: string;
  predictionsPath?: string;
}

/**
 * Write a development run's output set — `model/` (loaded back and checked before it counts),
 * `report.html`, `results.json` and `predictions.csv` — into a staging directory beside `out` and
 * replace `out` with it in one rename. On any error the staging directory is removed and the
 * previous set stays whole.
 * @param out the output directory, or an `OutputSet` opened before the work (so that a bad
 *   directory is reported before training).
 * @param result a `developModel` result.
 * @param options see {@link WriteRunOutputsOptions}.
 * @throws ValueError naming the directory when it cannot take the set (see OutputSet.open).
 * @example const { doc } = await develop.writeRunOutputs('out', result);
 */
export async function writeRunOutputs(out: string | OutputSet, result: DevelopResult, options: WriteRunOutputsOptions = {}): Promise<WrittenRun> {
  const set = typeof out === 'string' ? OutputSet.open(out) : out;
  try {
    const written = await fill(set, result, options);
    set.commit();
    return written;
  } catch (err) {
    set.abort();
    throw err;
  }
}

async function fill(set: OutputSet, result: DevelopResult, options: WriteRunOutputsOptions): Promise<WrittenRun> {
  const final = {
    modelDir: join(set.dir, 'model'),
    reportPath: join(set.dir, 'report.html'),
    resultsPath: join(set.dir, 'results.json'),
    predictionsPath: join(set.dir, 'predictions.csv'),
  };
  // The report first: its charts render (on other threads with `renderChart`) while this one writes the rest.
  const report = writeReport(set.path('report.html'), options.report ?? toReportInput(result), options.renderChart !== undefined ? { renderChart: options.renderChart } : {});
  report.catch(() => undefined); // its error is thrown where it is awaited, never left unhandled meanwhile
  try {
    return await writeRest(set, result, options, final, report);
  } finally {
    await report.catch(() => undefined); // settled before the caller removes the staging directory
  }
}

async function writeRest(set: OutputSet, result: DevelopResult, options: WriteRunOutputsOptions, final: Omit<WrittenRun, 'doc'> & { predictionsPath: string }, report: Promise<number>): Promise<WrittenRun> {
  saveModel(set.path('model'), {
    model: result.final.model,
    preprocessor: result.final.preprocessor,
    schema: result.schema,
    metadata: {
      seed: result.seed,
      trainedOn: result.source,
      validation: result.scheme.scheme,
      arch: result.arch,
      pooledAuc: result.validation.crossSite.heterogeneity?.auc ?? result.validation.crossSite.pooled.auc,
      ...(options.id !== undefined ? { id: options.id } : {}),
      ...(result.leaksAllowed.length > 0 ? { leaksAllowed: result.leaksAllowed.map((l) => l.feature) } : {}),
      [TRAINING_FINGERPRINT_KEY]: result.trainingFingerprint,
      [FEATURE_RANGES_KEY]: trainingRanges(result.table, result.schema.features, result.rows),
      ...(result.schema.site !== undefined ? { [SITE_PROFILES_KEY]: siteProfilesOfTable(result.final.preprocessor, result.table, result.rows, result.schema.site) } : {}),
      ...options.metadata,
    },
    recalibration: result.recalibration?.recalibration ?? null,
  });
  loadModel(set.path('model')); // a model that cannot be read back must not replace a working one
  const withPredictions = options.predictions !== false;
  if (withPredictions) await writeFileAtomic(set.path('predictions.csv'), predictionsCsv(predictionColumns(result, options.id)));
  const doc = resultsDocument(result, { model: final.modelDir, report: final.reportPath, ...(withPredictions ? { predictions: final.predictionsPath } : {}) });
  await writeFileAtomic(set.path('results.json'), resultsJson(doc));
  await report;
  return {
    doc,
    modelDir: final.modelDir,
    reportPath: final.reportPath,
    resultsPath: final.resultsPath,
    ...(withPredictions ? { predictionsPath: final.predictionsPath } : {}),
  };
}

/**
 * The per-row table of a run: [id], file row, [site], outcome, out-of-fold probability (when
 * every row was tested once), the deployed model's probability (recalibrated when applied) and
 * its MC-dropout SD.
 */
function predictionColumns(result: DevelopResult, id: string | undefined): PredictionColumn[] {
  const { table, rows, y, schema, validation, uncertainty } = result;
  const cols: PredictionColumn[] = [];
  if (id !== undefined) cols.push({ name: id, values: columnText(table.strings(id), rows) });
  cols.push({ name: 'row', values: Array.from(rows, (r) => table.fileRow(r)) });
  if (schema.site !== undefined) cols.push({ name: schema.site, values: columnText(table.strings(schema.site), rows) });
  cols.push({ name: 'event', values: Array.from(y) }); // the 0/1 outcome (after --positive), not the raw target
  // Out-of-fold predictions are in labelled-row order; when every row was tested they align.
  if (validation.predictions.yProb.length === rows.length) cols.push({ name: 'oof_probability', values: validation.predictions.yProb });
  cols.push({ name: 'probability', values: result.probability }, { name: 'sd', values: uncertainty.std });
  return cols;
}

/**
 * A results document as JSON text: typed arrays as arrays, non-finite numbers as null (JSON has
 * no NaN), two-space indent, final newline. The CLI's `--json` prints the same text.
 * @param doc any JSON-like document.
 */
export function resultsJson(doc: unknown): string {
  return `${JSON.stringify(doc, jsonReplacer, 2)}\n`;
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}
