// Turns CSV records (arrays of cell texts) into a Table: header checks, ragged rows, type inference.
import { DataError } from '../errors.js';
import { excerpt } from './safe-text.js';
import { ColumnBuilder, type ColumnType } from './column-builder.js';
import { Table, type Column } from './table.js';
import { DEFAULT_MISSING, missingTest, parseNumber, parseNumberIn } from './value-parse.js';

/** How cells are read into typed columns (shared by readCsv, parseCsv and fromRows). */
export interface ColumnReadOptions {
  /** Cell texts that mean "missing", compared after trimming spaces. Default `['', 'NA', 'NaN', '?']`. */
  missing?: readonly string[];
  /** Force a column's type instead of inferring it: `{ ca: 'categorical', visit: 'date' }`. */
  types?: Readonly<Record<string, ColumnType>>;
  /** Columns to read as categorical whatever their values look like (codes such as `01` keep their text). */
  categorical?: readonly string[];
}

/** Longest column name accepted, in characters (a 10 MB name would be echoed in every output). */
export const MAX_COLUMN_NAME_LENGTH = 256;

function fields(n: number): string {
  return n === 1 ? '1 field' : `${n} fields`;
}

function loc(file: string | undefined, row: number, column?: string): { file?: string; row: number; column?: string } {
  const out: { file?: string; row: number; column?: string } = { row };
  if (file !== undefined) out.file = file;
  if (column !== undefined) out.column = column;
  return out;
}

/** Consumes records in file order; the first record is the header. */
export class TableAssembler {
  /**
   * The most data rows a text of `size` characters (or bytes) can hold with `nCols` columns: every
   * row has at least nCols − 1 delimiters and a line break.
   */
  static rowBound(size: number): (nCols: number) => number {
    return (nCols) => Math.floor(size / Math.max(1, nCols)) + 2;
  }

  /** 1-based number of the last record seen (header = 1). */
  row = 0;
  /** Data records accepted so far. */
  dataRows = 0;
  /** File rows of blank lines that were skipped (they do not become table rows). */
  readonly blankRows: number[] = [];
  header: string[] | undefined;
  private builders: ColumnBuilder[] = [];
  private readonly isMissing: (text: string) => boolean;
  /** No missing token reads as a number, so a cell that parses as a number is never missing. */
  private readonly numbersNeverMissing: boolean;
  /** Field ends of the current line ({@link recordLine}), reused. */
  private ends = new Int32Array(0);

  constructor(
    private readonly file: string | undefined,
    private readonly options: ColumnReadOptions,
    /** Indices of the only columns to build (second pass); undefined: all, with inference. */
    private readonly only?: readonly number[],
    /** Whether a record of one empty field is a blank line to skip (CSV) rather than a ragged row. */
    private readonly skipBlankLines = true,
    /** Upper bound on data rows given the column count (sizes column storage; may be exceeded). */
    private readonly maxRows: (nCols: number) => number = () => 1 << 20,
  ) {
    this.isMissing = missingTest(options.missing ?? DEFAULT_MISSING);
    this.numbersNeverMissing = (options.missing ?? DEFAULT_MISSING).every((t) => Number.isNaN(parseNumber(t.trim())));
  }

  /**
   * Feed one record given as its line of text (no quotes; csv-split.ts): the same as
   * `record(line.split(delimiter))`, but a cell of a numeric column that parses as a number is read
   * straight from the line, without making its string.
   */
  recordLine(line: string, delimiter: string): void {
    const n = this.header?.length ?? 0;
    if (this.header === undefined || this.only !== undefined || !this.numbersNeverMissing || line.length === 0) {
      this.record(line.split(delimiter));
      return;
    }
    if (this.ends.length < n) this.ends = new Int32Array(n);
    const ends = this.ends;
    let fields = 0;
    let at = line.indexOf(delimiter);
    while (at >= 0 && fields < n) {
      ends[fields++] = at;
      at = line.indexOf(delimiter, at + 1);
    }
    if (at >= 0 || fields !== n - 1) {
      // Ragged: record() names the row and column.
      this.record(line.split(delimiter));
      return;
    }
    ends[n - 1] = line.length;
    this.row++;
    this.dataRows++;
    const builders = this.builders;
    let start = 0;
    for (let c = 0; c < n; c++) {
      const end = ends[c]!;
      const b = builders[c]!;
      if (b.storesNumbers) {
        const num = parseNumberIn(line, start, end);
        if (num === num) {
          b.pushNumber(num);
          start = end + 1;
          continue;
        }
      }
      const text = line.slice(start, end);
      if (text.indexOf('\u0000') >= 0) this.nulInField(c);
      if (this.isMissing(text)) b.pushMissing();
      else b.push(text, this.row);
      start = end + 1;
    }
  }

  /** Feed one record. @throws DataError on a bad header or a ragged row. */
  record(rec: readonly string[]): void {
    this.row++;
    if (this.header === undefined) {
      this.setHeader(rec);
      return;
    }
    const n = this.header.length;
    if (rec.length !== n) {
      if (this.skipBlankLines && rec.length === 1 && rec[0] === '') {
        this.blankRows.push(this.row);
        return;
      }
      if (rec.length < n) {
        throw new DataError(
          `row has ${fields(rec.length)} but the header has ${n}; column '${this.header[rec.length]}' and those after it are missing. ` +
            `Fix: add the missing fields (an empty field means missing), or quote fields that contain the delimiter.`,
          loc(this.file, this.row, this.header[rec.length]),
        );
      }
      throw new DataError(
        `row has ${fields(rec.length)} but the header has ${n} (extra fields after column '${this.header[n - 1]}'). ` +
          `Fix: remove the extra fields, or quote fields that contain the delimiter.`,
        loc(this.file, this.row, this.header[n - 1]),
      );
    }
    this.dataRows++;
    const builders = this.builders;
    if (this.only === undefined) {
      for (let c = 0; c < n; c++) {
        const text = rec[c]!;
        if (text.indexOf('\u0000') >= 0) this.nulInField(c);
        if (this.isMissing(text)) builders[c]!.pushMissing();
        else builders[c]!.push(text, this.row);
      }
    } else {
      for (let k = 0; k < this.only.length; k++) {
        const text = rec[this.only[k]!]!;
        if (text.indexOf('\u0000') >= 0) this.nulInField(this.only[k]!);
        if (this.isMissing(text)) builders[k]!.pushMissing();
        else builders[k]!.push(text, this.row);
      }
    }
  }

  private nulInField(c: number): never {
    throw new DataError(
      'the field contains a NUL character (byte 0), which text data never holds; the file may be binary, corrupted or UTF-16/32 encoded. Fix: remove the NUL bytes or save the file as UTF-8 text.',
      loc(this.file, this.row, this.header![c]),
    );
  }

  private setHeader(rec: readonly string[]): void {
    const names = rec.map((s) => s.trim());
    const seen = new Map<string, number>();
    names.forEach((name, i) => {
      if (name.length > MAX_COLUMN_NAME_LENGTH) {
        throw new DataError(
          `header field ${i + 1} is a name of ${name.length} characters ('${excerpt(name, 40)}'); column names may have at most ${MAX_COLUMN_NAME_LENGTH}. Fix: shorten the name.`,
          loc(this.file, 1),
        );
      }
      if (name.indexOf('\u0000') >= 0) {
        throw new DataError(`header field ${i + 1} contains a NUL character (byte 0). Fix: remove it, or save the file as UTF-8 text.`, loc(this.file, 1));
      }
      if (name === '') {
        throw new DataError(
          `header field ${i + 1} is empty; every column needs a name. Fix: name the column, or remove a trailing delimiter.`,
          loc(this.file, 1),
        );
      }
      const first = seen.get(name);
      if (first !== undefined) {
        throw new DataError(
          `duplicate column name '${name}' (fields ${first + 1} and ${i + 1}). Fix: give every column a distinct name.`,
          loc(this.file, 1, name),
        );
      }
      seen.set(name, i);
    });
    const known = new Set(names);
    // Own properties only: a column called 'constructor' or '__proto__' must not find Object.prototype's.
    const types: Readonly<Record<string, ColumnType>> = this.options.types ?? {};
    for (const name of [...Object.keys(types), ...(this.options.categorical ?? [])]) {
      if (!known.has(name)) {
        throw new DataError(
          `a column type is given for '${name}', which is not in the header (columns: ${names.join(', ')}). Fix: use a column name from the header.`,
          loc(this.file, 1, name),
        );
      }
    }
    for (const [name, t] of Object.entries(types)) {
      if (t !== 'numeric' && t !== 'categorical' && t !== 'date') {
        throw new DataError(
          `type of column '${name}' must be 'numeric', 'categorical' or 'date'. Received: '${String(t)}'.`,
          loc(this.file, 1, name),
        );
      }
    }
    const cat = new Set(this.options.categorical ?? []);
    this.header = names;
    const maxRows = this.maxRows(names.length);
    const forcedType = (name: string): ColumnType | undefined => (cat.has(name) ? 'categorical' : Object.hasOwn(types, name) ? types[name] : undefined);
    this.builders =
      this.only === undefined
        ? names.map((name) => new ColumnBuilder(name, this.file, forcedType(name), maxRows))
        : this.only.map((c) => new ColumnBuilder(names[c]!, this.file, 'categorical', maxRows));
  }

  /**
   * Finish after the last record.
   * @returns the typed columns and the indices of columns that need a second, text-keeping pass.
   * @throws DataError for an empty file, a header without rows, or stray text in a numeric column.
   */
  finish(): { columns: (Column | undefined)[]; reread: number[] } {
    if (this.header === undefined) {
      throw new DataError('the file is empty; expected a header row and data rows.', loc(this.file, 1));
    }
    if (this.only === undefined && this.dataRows === 0) {
      throw new DataError('the file has a header but no data rows.', loc(this.file, 2));
    }
    const columns: (Column | undefined)[] = [];
    const reread: number[] = [];
    this.builders.forEach((b, i) => {
      const built = b.finish();
      if ('column' in built) columns.push(built.column);
      else {
        columns.push(undefined);
        reread.push(i);
      }
    });
    return { columns, reread };
  }
}

/** Put first- and second-pass columns together in header order. */
export function assembleTable(
  header: readonly string[],
  first: readonly (Column | undefined)[],
  rereadIdx: readonly number[],
  second: readonly (Column | undefined)[],
  source: string | undefined,
  blankRows: readonly number[] = [],
): Table {
  const map = new Map<string, Column>();
  header.forEach((name, i) => {
    const k = rereadIdx.indexOf(i);
    const col = k >= 0 ? second[k] : first[i];
    map.set(name, col!);
  });
  const options: { source?: string; fileRows?: Int32Array } = {};
  if (source !== undefined) options.source = source;
  if (blankRows.length > 0) {
    const n = map.size > 0 ? columnLength(map.values().next().value!) : 0;
    const fileRows = new Int32Array(n);
    let r = 2;
    let b = 0;
    for (let i = 0; i < n; i++) {
      while (b < blankRows.length && blankRows[b] === r) {
        b++;
        r++;
      }
      fileRows[i] = r++;
    }
    options.fileRows = fileRows;
  }
  return new Table(map, options);
}

function columnLength(col: Column): number {
  return col.kind === 'categorical' ? col.codes.length : col.values.length;
}
