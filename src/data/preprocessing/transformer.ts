// The shape every preprocessing step shares (scikit-learn's fit / transform / fitTransform), with
// one hook per step, and the fit fingerprint that leakage checks read.
import { DataError, NotFittedError, ValueError } from '../../errors.js';
import { createFingerprint, type Fingerprint } from '../fingerprint.js';
import { Table, type Column } from '../table.js';

/** Anything that fits on rows of a Table and transforms Tables: a step or a Pipeline. */
export interface Transformer {
  /** Class name, also the `type` field of its JSON. */
  readonly type: string;
  /** Whether `fit` has run. */
  readonly isFitted: boolean;
  /** What the transformer was fitted on (raw input columns, rows). @throws NotFittedError before fit. */
  readonly fitFingerprint: Fingerprint;
  /** Learn the state from `rows` of `table` (default: all rows). */
  fit(table: Table, rows?: ArrayLike<number>): this;
  /** Apply the fitted state to `rows` of `table` (default: all rows); the output has those rows. */
  transform(table: Table, rows?: ArrayLike<number>): Table;
  /** `fit(table, rows)` then `transform(table, rows)`. */
  fitTransform(table: Table, rows?: ArrayLike<number>): Table;
  /** JSON-serialisable state (for model.json). */
  toJSON(): { type: string } & Record<string, unknown>;
}

/** Validate row indices against a table. @throws ValueError naming the caller. */
export function checkRows(who: string, table: Table, rows: ArrayLike<number> | undefined, atLeastOne: boolean): void {
  if (rows === undefined) {
    if (atLeastOne && table.nRows === 0) throw new ValueError(`${who}: needs at least one row to fit on. Received: an empty table.`);
    return;
  }
  if (atLeastOne && rows.length === 0) throw new ValueError(`${who}: needs at least one row to fit on. Received: rows=[].`);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!Number.isInteger(r) || r < 0 || r >= table.nRows) {
      throw new ValueError(`${who}: rows must be integer indices in [0, ${table.nRows}). Received: rows[${i}]=${r}.`);
    }
  }
}

/** Location of a column of a table, for DataError. */
export function columnWhere(table: Table, column: string, i?: number): { file?: string; row?: number; column: string } {
  const out: { file?: string; row?: number; column: string } = { column };
  if (table.source !== undefined) out.file = table.source;
  if (i !== undefined) out.row = table.fileRow(i);
  return out;
}

/** Build an output table: each input column passes through (selected rows) or is replaced; extras appended. */
export function outputTable(
  who: string,
  table: Table,
  rows: ArrayLike<number> | undefined,
  replace: (name: string, column: Column) => [string, Column][] | undefined,
  extra: [string, Column][] = [],
): Table {
  const out = new Map<string, Column>();
  const add = (name: string, col: Column): void => {
    if (out.has(name)) {
      throw new ValueError(`${who}: output column '${name}' already exists in the table. Fix: rename that input column.`);
    }
    out.set(name, col);
  };
  for (const name of table.columnNames) {
    const col = table.column(name);
    const rep = replace(name, col);
    if (rep === undefined) add(name, rows === undefined ? col : selectColumn(col, rows));
    else for (const [n, c] of rep) add(n, c);
  }
  for (const [n, c] of extra) add(n, c);
  const n = rows === undefined ? table.nRows : rows.length;
  const fileRows = new Int32Array(n);
  for (let k = 0; k < n; k++) fileRows[k] = table.fileRow(rows === undefined ? k : rows[k]!);
  const options: { source?: string; fileRows: Int32Array } = { fileRows };
  if (table.source !== undefined) options.source = table.source;
  return new Table(out, options);
}

function selectColumn(col: Column, rows: ArrayLike<number>): Column {
  if (col.kind === 'categorical') return { kind: 'categorical', codes: Int32Array.from(rows, (r) => col.codes[r]!), levels: col.levels };
  return { kind: col.kind, values: Float64Array.from(rows, (r) => col.values[r]!) };
}

/**
 * Base of the column-wise steps (SimpleImputer, StandardScaler, OneHotEncoder): `fit` validates rows,
 * resolves the columns the step reads, calls the `fitColumns` hook and records the fingerprint.
 */
export abstract class ColumnTransformerBase implements Transformer {
  abstract readonly type: string;
  private fp: Fingerprint | undefined;

  /** Whether `fit` has run (or fitted state was loaded). */
  get isFitted(): boolean {
    return this.fp !== undefined;
  }

  /** Raw columns and rows of the last fit. @throws NotFittedError before fit. */
  get fitFingerprint(): Fingerprint {
    if (this.fp === undefined) throw new NotFittedError(`${this.type}: not fitted yet. Fix: call fit() first.`);
    return this.fp;
  }

  /** Columns this step reads from `table` (validated). */
  protected abstract resolveColumns(table: Table): string[];
  /** Learn the state of `columns` from `rows`. */
  protected abstract fitColumns(table: Table, columns: string[], rows: ArrayLike<number> | undefined): void;
  /** Apply the state. */
  protected abstract transformColumns(table: Table, rows: ArrayLike<number> | undefined): Table;
  /** Columns the fitted state reads. */
  protected abstract fittedColumns(): string[];
  abstract toJSON(): { type: string } & Record<string, unknown>;

  /**
   * Learn the state from `rows` of `table`.
   * @throws ValueError for bad rows, an unknown column, or no column to work on; DataError for data
   *   the step cannot learn from.
   */
  fit(table: Table, rows?: ArrayLike<number>): this {
    checkRows(`${this.type}.fit`, table, rows, true);
    const columns = this.resolveColumns(table);
    if (columns.length === 0) {
      throw new ValueError(`${this.type}.fit: no column to work on (the table has ${table.columnNames.length} columns, none of the kind this step handles). Fix: name columns in the options.`);
    }
    this.fitColumns(table, columns, rows);
    this.fp = createFingerprint(table, columns, rows);
    return this;
  }

  /**
   * Apply the fitted state to `rows` of `table` (default: all); the output table has those rows.
   * @throws NotFittedError before fit; DataError when a fitted column is absent or of another kind.
   */
  transform(table: Table, rows?: ArrayLike<number>): Table {
    if (this.fp === undefined) throw new NotFittedError(`${this.type}: call fit() before transform().`);
    checkRows(`${this.type}.transform`, table, rows, false);
    for (const c of this.fittedColumns()) {
      if (!table.has(c)) {
        throw new DataError(`${this.type}: column '${c}' was fitted on but is not in this table. Columns: ${table.columnNames.join(', ')}.`, columnWhere(table, c));
      }
    }
    return this.transformColumns(table, rows);
  }

  /** `fit(table, rows)` then `transform(table, rows)`. */
  fitTransform(table: Table, rows?: ArrayLike<number>): Table {
    return this.fit(table, rows).transform(table, rows);
  }

  /** Restore a loaded fingerprint (fromJSON). */
  protected setFingerprint(fp: Fingerprint): void {
    this.fp = fp;
  }
}
