import { excerpt } from '../data/safe-text.js';
import type { Table } from '../data/table.js';
import { DataError } from '../errors.js';

/**
 * Check that a table can enter a saved model's preprocessing, with messages a user of
 * `clinreg predict` / `validate` / `update` can act on (the preprocessor's own speak of
 * `schema.categorical`): every model feature is a column, and every feature that was numeric in
 * training reads as numbers (a decimal comma or a unit makes it text).
 * @param pre the model's preprocessing: its feature names and which of them are numeric.
 * @param table the rows to score.
 * @throws DataError naming the file, the column and (for text) the first row and value, with the fix.
 * @example checkModelInputs(loaded.preprocessor, table); // before preprocessor.transform(table)
 */
export function checkModelInputs(pre: { readonly features: readonly string[]; readonly numeric: readonly string[] }, table: Table): void {
  const file = table.source !== undefined ? { file: table.source } : {};
  const absent = pre.features.find((f) => !table.has(f));
  if (absent !== undefined) {
    throw new DataError(
      `the model's feature '${absent}' is not in the file. Columns: ${table.columnNames.join(', ')}. Fix: add the column; leave its cells empty where it was not recorded (the model imputes them).`,
      { ...file, column: absent },
    );
  }
  for (const f of pre.numeric) {
    if (table.column(f).kind !== 'categorical') continue;
    const cells = table.strings(f);
    const at = cells.findIndex((v) => v !== null && Number.isNaN(Number(v)));
    const value = at >= 0 ? cells[at]! : '';
    const comma = /^\s*[-+]?\d+,\d+\s*$/.test(value) ? ': a decimal comma?' : '';
    throw new DataError(
      `the model's feature '${f}' is numeric, but the file holds text in it ('${excerpt(value, 30)}'${comma}). Fix: write numbers with a decimal point, or list the texts that mean missing (CLI --missing).`,
      { ...file, ...(at >= 0 ? { row: table.fileRow(at) } : {}), column: f },
    );
  }
}
