import { ValueError } from '../errors.js';

/** One output column of a predictions table. */
export interface PredictionColumn {
  name: string;
  /** One value per row; null is written as an empty field. Numbers are written with 6 significant digits unless integers. */
  values: ArrayLike<string | number | null>;
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function cell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Number.isFinite(v) ? v.toPrecision(6) : '';
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * A predictions table as CSV text (RFC 4180 quoting, `\n` line ends): a header of the column
 * names, then one line per row.
 * @param columns the columns in order, all of the same length, with distinct names.
 * @throws ValueError when two columns share a name (a file column named `row`, `probability`, …).
 * @example predictionsCsv([{ name: 'pid', values: ['a', 'b'] }, { name: 'probability', values: [0.1, 0.7] }]);
 */
export function predictionsCsv(columns: readonly PredictionColumn[]): string {
  const names = columns.map((c) => c.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) {
    throw new ValueError(`predictionsCsv: the column '${twice}' would appear twice in the header (${names.join(',')}): a file column named like one clinreg writes. Fix: rename that column in the file.`);
  }
  const n = columns[0]?.values.length ?? 0;
  const lines = [columns.map((c) => cell(c.name)).join(',')];
  for (let i = 0; i < n; i++) lines.push(columns.map((c) => cell(c.values[i] ?? null)).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * The text of every row of a column of a table-like source (ids, carried columns): numbers as
 * written, missing as null.
 * @param strings the column's values as `table.strings(name)` returns them.
 * @param rows which rows, in order (default all).
 */
export function columnText(strings: readonly (string | null)[], rows?: ArrayLike<number>): (string | null)[] {
  if (rows === undefined) return [...strings];
  return Array.from(rows, (r) => strings[r] ?? null);
}
