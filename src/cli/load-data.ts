import type { data } from '../index.js';
import type { DataFlags } from './flags.js';
import { DEFAULT_MISSING } from '../data/value-parse.js';
import { refuseDecimalCommas } from './decimal-comma.js';
import { refuseUnknownRoleColumns } from './role-columns.js';
import { refuseTextTimeColumn } from './time-column.js';

/** A data file read for a command: the table, its roles and (when a target was named) 0/1 labels. */
export interface LoadedData {
  /** The file path as given. */
  file: string;
  /** The typed table. */
  table: data.Table;
  /** Column roles (present when a target was named). */
  schema?: data.Schema;
  /** 0/1 labels of the rows with a target (`data.rowsWithTarget`; present when a target was named). */
  y?: Uint8Array;
}

/**
 * readCsv options from the shared flags (`--missing` tokens are added to the default ones). A trained model's categorical features need no flag: the
 * model's preprocessing reads them as it saw them at fit (TabularPreprocessor.transform).
 */
export function readOptions(flags: DataFlags): data.ReadCsvOptions {
  const o: data.ReadCsvOptions = {};
  if (flags.delimiter !== undefined) o.delimiter = flags.delimiter;
  // Added to the defaults, as pandas' na_values: replacing them made every empty cell a text value
  // as soon as one token was named (and commaList cannot name the empty cell).
  if (flags.missing !== undefined) o.missing = [...DEFAULT_MISSING, ...flags.missing];
  if (flags.categorical !== undefined) o.categorical = flags.categorical;
  return o;
}

/** Schema roles from the shared flags (target required). */
export function schemaRoles(flags: DataFlags & { target: string }): data.SchemaRoles {
  const roles: data.SchemaRoles = { target: flags.target };
  if (flags.positive !== undefined) roles.positive = flags.positive;
  if (flags.site !== undefined) roles.site = flags.site;
  if (flags.patient !== undefined) roles.patient = flags.patient;
  if (flags.time !== undefined) roles.time = flags.time;
  if (flags.split !== undefined) roles.split = flags.split;
  if (flags.categorical !== undefined) roles.categorical = flags.categorical;
  const exclude = [...(flags.exclude ?? []), ...(flags.id !== undefined ? [flags.id] : [])];
  if (exclude.length > 0) roles.exclude = exclude;
  if (flags.features !== undefined) roles.features = flags.features;
  return roles;
}

/**
 * The CLI's column checks on a table just read, in the user's terms: a role flag naming no column,
 * a column of decimal-comma numbers, a `--time` column that is not dates or numbers.
 * @param file the file as the user gave it. @param table the table read from it. @param flags the data flags.
 * @throws DataError naming file, flag and column.
 */
export function refuseBadColumns(file: string, table: data.Table, flags: DataFlags): void {
  refuseUnknownRoleColumns(file, table, flags);
  refuseDecimalCommas(file, table, flags);
  refuseTextTimeColumn(file, table, flags);
}

/**
 * Read `file` (streamed), build the schema from the role flags and, when `--target` was given,
 * the 0/1 labels of the rows that have one. Every problem surfaces as a DataError naming file, row and column.
 * @param file CSV path.
 * @param flags the command's parsed data flags.
 * @throws DataError | ValueError from the data API (missing file, ragged row, unknown column,
 *   non-binary target, …).
 */
export async function loadData(file: string, flags: DataFlags): Promise<LoadedData> {
  const { data } = await import('../index.js');
  const table = await data.readCsv(file, readOptions(flags));
  refuseBadColumns(file, table, flags);
  if (flags.target === undefined) return { file, table };
  const schema = data.createSchema(table, schemaRoles({ ...flags, target: flags.target }));
  // Rows without an outcome are the library's to handle (developModel leaves them out, the audit skips
  // them); only the labelled rows must be binary.
  const y = data.binaryTarget(table, schema, { rows: data.rowsWithTarget(table, schema) });
  return { file, table, schema, y };
}

/**
 * The site of every row as text.
 * @param loaded the loaded data.
 * @param site the site column.
 * @throws DataError naming file, row and column at the first row without a site.
 */
export async function siteLabels(loaded: { file: string; table: data.Table }, site: string): Promise<string[]> {
  const { DataError } = await import('../index.js');
  const values = loaded.table.strings(site);
  const missing = values.indexOf(null);
  if (missing >= 0) {
    throw new DataError('the site is missing; every row needs a site. Fix: fill it in or remove the row.', {
      file: loaded.file,
      row: loaded.table.fileRow(missing),
      column: site,
    });
  }
  return values as string[];
}
