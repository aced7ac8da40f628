// `train` on a file with rows that have no outcome: those rows are left out of training and of every
// metric, but a user (as with scikit-learn's predict_proba or R's predict) expects the final model's
// risk for them too. They are appended to predictions.csv, marked by an empty `event`.
import type { develop as developNs } from '../index.js';

/**
 * Score the rows of a development run that have no outcome with the saved final model (stored
 * preprocessing, eval mode, stored recalibration — what `clinreg predict` gives) and append them to
 * the run's predictions.csv after the labelled rows: `event` and `oof_probability` empty,
 * `probability` and the MC-dropout `sd` filled in. The file is rewritten atomically.
 * @param result the development run.
 * @param written what `develop.writeRunOutputs` wrote (nothing is done without a predictions.csv).
 * @param options.id the `--id` column (written first, as for the labelled rows).
 * @param options.mcPasses MC-dropout passes for `sd` (train's `--mc`).
 * @returns the number of rows appended.
 * @throws Error when predictions.csv does not start with the header these rows are written under
 *   (a change of its columns must change this too).
 */
export async function appendUnlabelledPredictions(
  result: developNs.DevelopResult,
  written: developNs.WrittenRun,
  options: { id?: string; mcPasses: number },
): Promise<number> {
  const { table, schema } = result;
  const rows = unlabelledRows(result);
  if (rows.length === 0 || written.predictionsPath === undefined) return 0;
  const { develop, io } = await import('../index.js');
  const { readFileSync } = await import('node:fs');
  const trained = io.loadModel(written.modelDir);
  const empty = new Array<null>(rows.length).fill(null);
  const text = (name: string): (string | null)[] => {
    const all = table.strings(name);
    return Array.from(rows, (r) => all[r] ?? null);
  };
  const columns: developNs.PredictionColumn[] = [];
  if (options.id !== undefined) columns.push({ name: options.id, values: text(options.id) });
  columns.push({ name: 'row', values: Array.from(rows, (r) => table.fileRow(r)) });
  if (schema.site !== undefined) columns.push({ name: schema.site, values: text(schema.site) });
  columns.push({ name: 'event', values: empty });
  // Written for the labelled rows when every one was tested once (see develop.writeRunOutputs).
  if (result.validation.predictions.yProb.length === result.rows.length) columns.push({ name: 'oof_probability', values: empty });
  columns.push(
    { name: 'probability', values: develop.predictProba(trained, table, { rows }) },
    { name: 'sd', values: develop.predictProbaMc(trained, table.select(rows), options.mcPasses, result.seed).std },
  );
  const csv = develop.predictionsCsv(columns);
  const header = csv.slice(0, csv.indexOf('\n') + 1);
  const current = readFileSync(written.predictionsPath, 'utf8');
  if (!current.startsWith(header)) {
    throw new Error(`train: predictions.csv does not start with the expected header ${JSON.stringify(header.trim())}; the rows without an outcome were not added.`);
  }
  await io.writeFileAtomic(written.predictionsPath, current + csv.slice(header.length));
  return rows.length;
}

/** Table rows of a run that are not among its labelled rows, in table order. */
export function unlabelledRows(result: developNs.DevelopResult): Int32Array {
  const labelled = new Uint8Array(result.table.nRows);
  for (const r of result.rows) labelled[r] = 1;
  const out: number[] = [];
  for (let i = 0; i < labelled.length; i++) if (labelled[i] === 0) out.push(i);
  return Int32Array.from(out);
}
