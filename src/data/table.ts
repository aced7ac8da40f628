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

  /**
   * @param columns name → column, in order.
   * @param options.source file path or description for error messages.
   * @throws ValueError when columns differ in length.
   */
  constructor(columns: Record<string, Column> | Map<string, Column>, options: { source?: string } = {}) {
    this.columns = columns instanceof Map ? new Map(columns) : new Map(Object.entries(columns));
    this.columnNames = [...this.columns.keys()];
    this.source = options.source;
    let n: number | undefined;
    for (const [name, col] of this.columns) {
      const len = columnLength(col);
      if (n === undefined) n = len;
      else if (len !== n) {
        throw new ValueError(`Table: every column must have ${n} rows. Received: column '${name}' with ${len} rows.`);
      }
    }
    this.nRows = n ?? 0;
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

  /** A new table with the given rows, in the given order. Levels of categorical columns are kept. */
  select(rows: ArrayLike<number>): Table {
    const out = new Map<string, Column>();
    for (const [name, col] of this.columns) out.set(name, selectRows(col, rows));
    return new Table(out, this.source !== undefined ? { source: this.source } : {});
  }

  /** A new table with only the named columns, in the given order. */
  pick(names: readonly string[]): Table {
    const out = new Map<string, Column>();
    for (const name of names) out.set(name, this.column(name));
    return new Table(out, this.source !== undefined ? { source: this.source } : {});
  }

  /** A new table with `name` added or replaced. */
  withColumn(name: string, column: Column): Table {
    const out = new Map(this.columns);
    out.set(name, column);
    return new Table(out, this.source !== undefined ? { source: this.source } : {});
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
