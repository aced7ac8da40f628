// Batch mode: a CSV chosen or dropped onto the page is scored in the page (nothing leaves it),
// shown as a table and offered as a download in `clinreg predict`'s CSV format.
import { flagOutOfRange, type FeatureRange } from '../../conformal/feature-range.js';
import { parseCsv } from '../../data/csv-text.js';
import type { Table } from '../../data/table.js';
import { predictionsCsv as toCsv, type PredictionColumn } from '../../develop/predictions-csv.js';
import { predictRisk, unlikeSites, type ScoringModel } from '../risk.js';
import { byId, make, revokeUrl, textUrl, type BrowserFile } from './dom.js';
import type { CalculatorSpec } from './spec.js';

/** Rows shown in the page table; the download always has every row. */
const SHOWN_ROWS = 500;

/**
 * `clinreg predict MODEL FILE`'s CSV for a table: the id column the model was trained with first
 * (when the file has it), the file row number, the probability (develop.predictionsCsv format).
 */
export function predictionsCsv(model: ScoringModel, table: Table, probability: ArrayLike<number>): string {
  const id = model.metadata['id'];
  const columns: PredictionColumn[] = [];
  if (typeof id === 'string' && table.has(id)) columns.push({ name: id, values: table.strings(id) });
  columns.push({ name: 'row', values: Array.from({ length: table.nRows }, (_, i) => table.fileRow(i)) });
  columns.push({ name: 'probability', values: probability });
  return toCsv(columns);
}

/**
 * Per row, the features outside the training range or with a level the model never saw, flagged
 * as `clinreg predict` flags them (conformal.flagOutOfRange on the model's training ranges).
 */
function rangeFlags(table: Table, spec: CalculatorSpec): string[][] {
  const ranges: FeatureRange[] = [];
  for (const f of spec.fields) {
    if (f.kind === 'numeric' && f.min !== undefined && f.max !== undefined) ranges.push({ feature: f.name, kind: 'numeric', min: f.min, max: f.max });
    if (f.kind === 'categorical' && f.levels !== undefined) ranges.push({ feature: f.name, kind: 'categorical', levels: f.levels });
  }
  const flags: string[][] = Array.from({ length: table.nRows }, () => []);
  for (const o of flagOutOfRange(table, ranges)) flags[o.row] = o.features;
  return flags;
}

/** ' (file rows a, b, …)' for the first flagged rows, so rows beyond the shown table can be found; '' for none. */
function fileRows(data: Table, rows: readonly number[]): string {
  if (rows.length === 0) return '';
  const shown = rows.slice(0, 10).map((r) => data.fileRow(r)).join(', ');
  return ` (file row${rows.length === 1 ? '' : 's'} ${shown}${rows.length > 10 ? `, and ${rows.length - 10} more` : ''})`;
}

/**
 * Wire the file chooser `#batch-file` and the drop zone `#batch-drop` to score a CSV.
 * @param model the loaded model.
 * @param spec the fields (for the out-of-range column of the table).
 */
export function wireBatch(model: ScoringModel, spec: CalculatorSpec): void {
  const status = byId('batch-status');
  const body = byId('batch-rows');
  const table = byId('batch-table');
  const link = byId('batch-download');
  let url: string | null = null;

  const run = async (file: BrowserFile): Promise<void> => {
    status.textContent = `Reading ${file.name}…`;
    table.hidden = true;
    link.hidden = true;
    try {
      // The model's categorical features are read as text whatever they look like (codes such as 1–4).
      const data = parseCsv(await file.text(), { source: file.name, categorical: [...model.preprocessor.categorical] });
      const p = predictRisk(model, data);
      const csv = predictionsCsv(model, data, p);
      if (url !== null) revokeUrl(url);
      url = textUrl(csv, 'text/csv');
      link.setAttribute('href', url);
      link.setAttribute('download', `${file.name.replace(/\.csv$/i, '')}-predictions.csv`);
      link.hidden = false;
      const flags = rangeFlags(data, spec);
      const check = unlikeSites(model, data);
      const unlike = new Map((check?.flagged ?? []).map((u) => [u.row, u]));
      const rows = [];
      for (let i = 0; i < Math.min(data.nRows, SHOWN_ROWS); i++) {
        const tr = make('tr');
        const flagged = flags[i]!;
        const u = unlike.get(i);
        tr.setAttribute('data-unlike', check === null ? '' : String(u !== undefined));
        const unlikeCell = check === null ? 'not checked' : u === undefined ? 'no' : `yes: closest ${u.closestSite}, ${u.ratio.toFixed(2)} × its limit`;
        const rowHeader = make('th', String(data.fileRow(i)));
        rowHeader.setAttribute('scope', 'row');
        tr.append(rowHeader, make('td', p[i]!.toPrecision(6)), make('td', flagged.length === 0 ? '' : `outside training range: ${flagged.join(', ')}`), make('td', unlikeCell));
        rows.push(tr);
      }
      body.replaceChildren(...rows);
      table.hidden = false;
      const outside = flags.flatMap((f, i) => (f.length > 0 ? [i] : []));
      const unlikeNote = check === null ? '' : `; ${unlike.size} unlike every development site${fileRows(data, [...unlike.keys()])}`;
      status.textContent = `${data.nRows} rows scored; ${outside.length} outside the training range${fileRows(data, outside)}${unlikeNote}${data.nRows > SHOWN_ROWS ? `; the first ${SHOWN_ROWS} are shown, the download has all` : ''}.`;
      status.setAttribute('data-unlike', check === null ? '' : String(unlike.size));
      status.setAttribute('data-rows', String(data.nRows));
    } catch (e) {
      const message = (e as Error).message;
      // errors from parsing and preprocessing name the file already (the table's source)
      status.textContent = message.startsWith(file.name) ? message : `${file.name}: ${message}`;
      status.setAttribute('data-rows', '');
      status.setAttribute('data-unlike', '');
    }
  };

  const input = byId('batch-file');
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    if (f !== undefined) void run(f);
  });
  const drop = byId('batch-drop');
  drop.addEventListener('dragover', (e) => e.preventDefault());
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    const f = e.dataTransfer?.files[0];
    if (f !== undefined) void run(f);
  });
}
