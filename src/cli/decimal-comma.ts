// A text column whose levels are numbers written with a decimal comma ('1,5'), as a European
// spreadsheet exports them: read as categories it would give one level per value, silently.
import { DataError } from '../errors.js';
import type { data } from '../index.js';
import type { DataFlags } from './flags.js';

const DECIMAL_COMMA = /^[-+]?\d+,\d+$/;

/**
 * The first column (other than the role and excluded columns, or one declared `--categorical`)
 * whose text levels are mostly numbers with a decimal comma: at least 2 such levels and 80% of
 * all its levels. Null when there is none.
 */
export function decimalCommaColumn(table: data.Table, flags: DataFlags): { column: string; example: string; count: number; levels: number } | null {
  const skip = new Set<string>([flags.target, flags.site, flags.patient, flags.time, flags.split, flags.id, ...(flags.categorical ?? []), ...(flags.exclude ?? [])].filter((x): x is string => x !== undefined));
  for (const name of table.columnNames) {
    if (skip.has(name)) continue;
    const col = table.column(name);
    if (col.kind !== 'categorical') continue;
    const like = col.levels.filter((l) => DECIMAL_COMMA.test(l.trim()));
    if (like.length >= 2 && like.length >= 0.8 * col.levels.length) return { column: name, example: like[0]!, count: like.length, levels: col.levels.length };
  }
  return null;
}

/**
 * Refuse a file with a {@link decimalCommaColumn}: a DataError naming the file and column, with the
 * fix (convert the decimal commas, or `--categorical COL` if they are categories).
 * @throws DataError when such a column exists.
 */
export function refuseDecimalCommas(file: string, table: data.Table, flags: DataFlags): void {
  const comma = decimalCommaColumn(table, flags);
  if (comma === null) return;
  throw new DataError(
    `column '${comma.column}' reads as text: ${comma.count} of its ${comma.levels} values look like numbers with a decimal comma ('${comma.example}'), and clinreg's decimal mark is '.'. ` +
      `Fix: convert the decimal commas to points (e.g. export the file with '.' decimals), or pass --categorical ${comma.column} if these are categories.`,
    { file, column: comma.column },
  );
}
