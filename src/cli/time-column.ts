// `--time COL` must name a column of dates or numbers. The library's refusal (createSchema) speaks
// to programmers (`types: { col: 'date' }`); a CLI user needs the flag, the value and the formats.
import { DataError } from '../errors.js';
import type { data } from '../index.js';
import { excerpt } from '../data/safe-text.js';
import { parseIsoDate, parseNumber } from '../data/value-parse.js';
import type { DataFlags } from './flags.js';

/** What `--time` accepts, as printed in its errors and in docs/cli.md. */
export const TIME_SYNTAX =
  'the time column must hold ISO-8601 dates (2021-03-14, or 2021-03-14T08:30 with optional :SS, Z or +01:00) or numbers (e.g. days since the study began); empty cells are allowed';

/**
 * Refuse a `--time` column that is not in the file, has another role, is empty, or was read as
 * text — naming the flag, the first value that is neither an ISO-8601 date nor a number (with its
 * row) and the accepted forms. A column that mixes dates and numbers, or that is also listed in
 * `--categorical`, is refused the same way.
 * @param file the file as the user gave it.
 * @param table the table read from it.
 * @param flags the command's data flags.
 * @throws DataError when the `--time` column is missing, has another role, is empty or holds text.
 */
export function refuseTextTimeColumn(file: string, table: data.Table, flags: DataFlags): void {
  const name = flags.time;
  if (name === undefined) return;
  if (!table.has(name)) {
    throw new DataError(`--time ${name}: the file has no column '${name}'. Columns: ${table.columnNames.join(', ')}.`, { file, column: name });
  }
  const other = (['target', 'site', 'patient', 'split', 'id'] as const).find((role) => flags[role] === name);
  if (other !== undefined) {
    throw new DataError(`--time ${name}: '${name}' is already the --${other} column, and a column has one role. Fix: name the date column with --time.`, { file, column: name });
  }
  const col = table.column(name);
  const fail = (received: string, fix: string, row?: number): never => {
    throw new DataError(`--time ${name}: ${TIME_SYNTAX}. Received: ${received}. Fix: ${fix}.`, row !== undefined ? { file, row, column: name } : { file, column: name });
  };
  if (table.missingCount(name) === table.nRows) fail('a column with no value in any row', 'fill in the dates, or name another column');
  if (col.kind !== 'categorical') return;
  if ((flags.categorical ?? []).includes(name)) fail(`'${name}' is also listed in --categorical`, `leave it out of --categorical`);
  const firstRow = (level: number): number => table.fileRow(col.codes.indexOf(level));
  let date = -1;
  let num = -1;
  for (let k = 0; k < col.levels.length; k++) {
    const text = col.levels[k]!;
    const isNumber = !Number.isNaN(parseNumber(text));
    const isDate = !isNumber && !Number.isNaN(parseIsoDate(text));
    if (!isNumber && !isDate) {
      const hint = /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(text.trim())
        ? ' (day/month order is ambiguous: write dates as YYYY-MM-DD)'
        : '';
      fail(`'${excerpt(text)}', neither a date nor a number${hint}`, `convert the column, or add the value to --missing if it means unknown`, firstRow(k));
    }
    if (isDate && date < 0) date = k;
    if (isNumber && num < 0) num = k;
  }
  if (date >= 0 && num >= 0) {
    fail(
      `both dates ('${excerpt(col.levels[date]!)}', row ${firstRow(date)}) and numbers ('${excerpt(col.levels[num]!)}', row ${firstRow(num)})`,
      'write every value of the column one way',
    );
  }
}
