import { ValueError } from '../errors.js';

/** A numeric column; missing values are NaN. */
export interface NumericColumn {
  kind: 'numeric';
  values: Float64Array;
}

/** A categorical column: integer codes into `levels`; missing is −1. */
export interface CategoricalColumn {
  kind: 'categorical';
  codes: Int32Array;
  levels: string[];
}

/** A date/time column as epoch milliseconds (UTC); missing values are NaN. */
export interface DateColumn {
  kind: 'date';
  values: Float64Array;
}

/** One typed column of a Table. */
export type Column = NumericColumn | CategoricalColumn | DateColumn;

/**
 * A column-oriented table of typed columns, all of the same length.
 *
 * Numeric and date columns are Float64Array (NaN = missing); categorical columns are Int32Array
 * codes into a `levels` array (−1 = missing).
 * @example
 * const t = new Table({ age: { kind: 'numeric', values: Float64Array.of(63, 67) } });
 * t.nRows; // 2
 */
export class Table {
  /** Number of rows. */
  readonly nRows: number;
  /** Column names in file order. */
  readonly columnNames: readonly string[];
  /** Where the table came from (a file path), used in error messages. */
  readonly source: string | undefined;
  private readonly columns: Map<string, Column>;
  private readonly fileRows: Int32Array | undefined;

  /**
   * @param columns name → column, in order.
   * @param options.source file path or description for error messages.
   * @param options.fileRows 1-based source-file row of each table row (default: row i is file row i + 2,
   *   the header being row 1); kept through `select` and `slice` so errors can name the file row.
   * @throws ValueError when columns differ in length.
   */
  constructor(
    columns: Record<string, Column> | Map<string, Column>,
    options: { source?: string; fileRows?: Int32Array } = {},
  ) {
    this.columns = columns instanceof Map ? new Map(columns) : new Map(Object.entries(columns));
    this.columnNames = [...this.columns.keys()];
    this.source = options.source;
    this.fileRows = options.fileRows;
    let n: number | undefined;
    for (const [name, col] of this.columns) {
      const len = columnLength(col);
      if (n === undefined) n = len;
      else if (len !== n) {
        throw new ValueError(`Table: every column must have ${n} rows. Received: column '${name}' with ${len} rows.`);
      }
    }
    this.nRows = n ?? 0;
    if (this.fileRows !== undefined && this.fileRows.length !== this.nRows) {
      throw new ValueError(`Table: fileRows must have one entry per row (${this.nRows}). Received: ${this.fileRows.length} entries.`);
    }
  }

  /**
   * The 1-based row of table row `i` in its source file (header = row 1, first data record = row 2),
   * for error messages; tracked through `select` and `slice`.
   */
  fileRow(i: number): number {
    return this.fileRows !== undefined ? this.fileRows[i]! : i + 2;
  }

  /** Number of missing values in column `name` (optionally only among `rows`). */
  missingCount(name: string, rows?: ArrayLike<number>): number {
    const col = this.column(name);
    let count = 0;
    const n = rows === undefined ? this.nRows : rows.length;
    for (let k = 0; k < n; k++) {
      const i = rows === undefined ? k : rows[k]!;
      if (col.kind === 'categorical' ? col.codes[i]! < 0 : Number.isNaN(col.values[i]!)) count++;
    }
    return count;
  }

  /**
   * Rows `start` (inclusive) to `end` (exclusive) as a new table that shares memory with this one
   * (typed-array views, no copy). Writing to the view's arrays writes to this table's.
   * @throws ValueError unless 0 ≤ start ≤ end ≤ nRows.
   */
  slice(start: number, end: number = this.nRows): Table {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > this.nRows || start > end) {
      throw new ValueError(`Table.slice: need integers 0 ≤ start ≤ end ≤ ${this.nRows}. Received: start=${start}, end=${end}.`);
    }
    const out = new Map<string, Column>();
    for (const [name, col] of this.columns) {
      out.set(
        name,
        col.kind === 'categorical'
          ? { kind: 'categorical', codes: col.codes.subarray(start, end), levels: col.levels }
          : { kind: col.kind, values: col.values.subarray(start, end) },
      );
    }
    const fileRows = new Int32Array(end - start);
    for (let i = start; i < end; i++) fileRows[i - start] = this.fileRow(i);
    return new Table(out, this.options(fileRows));
  }

  private options(fileRows?: Int32Array): { source?: string; fileRows?: Int32Array } {
    const o: { source?: string; fileRows?: Int32Array } = {};
    if (this.source !== undefined) o.source = this.source;
    if (fileRows !== undefined) o.fileRows = fileRows;
    else if (this.fileRows !== undefined) o.fileRows = this.fileRows;
    return o;
  }

  /** Whether a column exists. */
  has(name: string): boolean {
    return this.columns.has(name);
  }

  /**
   * The column called `name`.
   * @throws ValueError naming the known columns when it does not exist.
   */
  column(name: string): Column {
    const col = this.columns.get(name);
    if (col === undefined) {
      throw new ValueError(
        `Table: no column '${name}'${this.source !== undefined ? ` in ${this.source}` : ''}. Known columns: ${this.columnNames.join(', ')}.`,
      );
    }
    return col;
  }

  /**
   * Values of a column as numbers: numeric and date values as they are, categorical codes as
   * numbers with missing (−1) mapped to NaN.
   */
  numbers(name: string): Float64Array {
    const col = this.column(name);
    if (col.kind !== 'categorical') return col.values;
    const out = new Float64Array(col.codes.length);
    for (let i = 0; i < out.length; i++) out[i] = col.codes[i]! < 0 ? NaN : col.codes[i]!;
    return out;
  }

  /** Values of a column as strings (missing → null); numbers are formatted with String(). */
  strings(name: string): (string | null)[] {
    const col = this.column(name);
    const out: (string | null)[] = new Array<string | null>(this.nRows);
    if (col.kind === 'categorical') {
      for (let i = 0; i < this.nRows; i++) out[i] = col.codes[i]! < 0 ? null : col.levels[col.codes[i]!]!;
    } else if (col.kind === 'date') {
      for (let i = 0; i < this.nRows; i++) out[i] = Number.isNaN(col.values[i]!) ? null : new Date(col.values[i]!).toISOString();
    } else {
      for (let i = 0; i < this.nRows; i++) out[i] = Number.isNaN(col.values[i]!) ? null : String(col.values[i]);
    }
    return out;
  }

  /** Whether row `i` of column `name` is missing. */
  isMissing(name: string, i: number): boolean {
    const col = this.column(name);
    return col.kind === 'categorical' ? col.codes[i]! < 0 : Number.isNaN(col.values[i]!);
  }

  /**
   * A new table with the given rows, in the given order (copied). Levels of categorical columns are
   * kept. For contiguous rows without a copy, use `slice`; transformers take `rows` directly.
   * @throws ValueError when a row index is not an integer in [0, nRows).
   */
  select(rows: ArrayLike<number>): Table {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (!Number.isInteger(r) || r < 0 || r >= this.nRows) {
        throw new ValueError(`Table.select: rows must be integers in [0, ${this.nRows}). Received: rows[${i}]=${r}.`);
      }
    }
    const out = new Map<string, Column>();
    for (const [name, col] of this.columns) out.set(name, selectRows(col, rows));
    const fileRows = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) fileRows[i] = this.fileRow(rows[i]!);
    return new Table(out, this.options(fileRows));
  }

  /** A new table with only the named columns, in the given order. */
  pick(names: readonly string[]): Table {
    const out = new Map<string, Column>();
    for (const name of names) out.set(name, this.column(name));
    return new Table(out, this.options());
  }

  /** A new table with `name` added or replaced. */
  withColumn(name: string, column: Column): Table {
    const out = new Map(this.columns);
    out.set(name, column);
    return new Table(out, this.options());
  }
}

function columnLength(col: Column): number {
  return col.kind === 'categorical' ? col.codes.length : col.values.length;
}

function selectRows(col: Column, rows: ArrayLike<number>): Column {
  if (col.kind === 'categorical') {
    const codes = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) codes[i] = col.codes[rows[i]!]!;
    return { kind: 'categorical', codes, levels: col.levels };
  }
  const values = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = col.values[rows[i]!]!;
  return { kind: col.kind, values };
}
