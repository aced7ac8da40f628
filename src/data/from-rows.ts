import type { Table } from './table.js';
import { assembleTable, TableAssembler, type ColumnReadOptions } from './table-assembler.js';

/** One cell given to {@link fromRows}: text as in a CSV file, a number, or null/undefined/NaN for missing. */
export type Cell = string | number | null | undefined;

/**
 * Build a Table from a header and row-wise cells with the same type inference and missing tokens
 * as {@link readCsv} (strings are read like CSV fields; numbers are taken as they are).
 * @param header column names.
 * @param rows one array of cells per row, each as long as the header.
 * @param options missing tokens, `types`, `categorical` (see readCsv); `source` names the data in errors.
 * @throws DataError for a duplicate or empty name, a ragged row, stray text in a numeric column.
 * @example
 * const t = data.fromRows(['age', 'sex'], [[63, 'm'], [67, null]]);
 */
export function fromRows(
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  options: ColumnReadOptions & { source?: string } = {},
): Table {
  const text = (c: Cell): string =>
    c === null || c === undefined || (typeof c === 'number' && Number.isNaN(c)) ? '' : String(c);
  const missing = [...(options.missing ?? ['', 'NA', 'NaN', '?'])];
  if (!missing.includes('')) missing.push(''); // null/undefined always mean missing
  const opts = { ...options, missing };
  const feed = (asm: TableAssembler): void => {
    asm.record(header);
    for (const r of rows) asm.record(r.map(text));
  };
  const first = new TableAssembler(options.source, opts, undefined, false, () => rows.length);
  feed(first);
  const { columns, reread } = first.finish();
  let second: (typeof columns) = [];
  if (reread.length > 0) {
    const asm = new TableAssembler(options.source, opts, reread, false, () => rows.length);
    feed(asm);
    second = asm.finish().columns;
  }
  return assembleTable(first.header!, columns, reread, second, options.source);
}
