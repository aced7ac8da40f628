// Builds one typed column from a stream of cell texts, inferring its type on the fly while holding
// only typed values (never the strings of a numeric or date column).
import { DataError } from '../errors.js';
import type { Column } from './table.js';
import { GrowableArray } from './growable-array.js';
import { excerpt } from './safe-text.js';
import { overflowsDouble, parseIsoDate, parseNumber as parseCell } from './value-parse.js';

/** A column type a caller can force (reader option `types`). */
export type ColumnType = 'numeric' | 'categorical' | 'date';

/**
 * Share of non-missing values that must parse as numbers (or dates) before a few that do not are
 * reported as typos (DataError) rather than turning the column categorical.
 */
export const STRAY_TEXT_THRESHOLD = 0.95;

type Mode = 'empty' | 'numeric' | 'date' | 'categorical' | 'pending';

/** Result of finishing a column: a typed column, or a request to read its texts again. */
export type BuiltColumn = { column: Column } | { reread: true };

/**
 * Type-inferring builder for one column. Rule: a column is numeric when every non-missing value is a
 * number, a date when every one is an ISO-8601 date, categorical otherwise — except that when at
 * least {@link STRAY_TEXT_THRESHOLD} of the values are numbers (or dates) and a few are not, the
 * first such value is reported as a DataError (a typo in a lab column), unless the column is
 * declared categorical. A column that turns out mixed after numbers were stored is marked for a
 * second pass so that its levels keep their exact text ("01" stays "01").
 */
export class ColumnBuilder {
  private mode: Mode;
  private missingSoFar = 0;
  private nums: GrowableArray<Float64Array> | undefined;
  private codes: GrowableArray<Int32Array> | undefined;
  private levelIndex: Map<string, number> | undefined;
  private nonMissing = 0;
  private nNumeric = 0;
  private nDate = 0;
  private firstNonNumeric: { row: number; text: string } | undefined;
  private firstNonDate: { row: number; text: string } | undefined;
  private firstValue: { row: number; text: string } | undefined;
  private readonly levelCounts: number[] = [];
  /** Per level: 1 number, 2 date, 0 text (categorical mode, inferred columns only). */
  private readonly levelKinds: number[] = [];

  /**
   * @param name column name (for errors).
   * @param file source file (for errors).
   * @param forced type given by the caller; skips inference.
   * @param maxRows upper bound on the number of rows (sizes the storage reservation; may be exceeded).
   */
  constructor(
    readonly name: string,
    private readonly file: string | undefined,
    private readonly forced: ColumnType | undefined,
    private readonly maxRows: number,
  ) {
    this.mode = forced === 'categorical' ? 'categorical' : 'empty';
    if (this.mode === 'categorical') this.startCategorical(0);
  }

  private startCategorical(missingBefore: number): void {
    this.mode = 'categorical';
    this.codes = new GrowableArray(Int32Array, this.maxRows);
    this.codes.fill(-1, missingBefore);
    this.levelIndex = new Map();
  }

  private location(row: number): { file?: string; row: number; column: string } {
    return this.file !== undefined ? { file: this.file, row, column: this.name } : { row, column: this.name };
  }

  /**
   * The number in a cell (NaN for text), refusing a decimal that overflows a double unless the
   * column is declared categorical: it would otherwise turn the column into text silently.
   */
  private parseNumber(text: string, row: number): number {
    const num = parseCell(text);
    if (Number.isNaN(num) && this.forced !== 'categorical' && overflowsDouble(text)) {
      throw new DataError(
        `value '${excerpt(text)}' is beyond the range of a 64-bit float (±1.8e308). Fix: correct the value, change the column's units, or mark it missing.`,
        this.location(row),
      );
    }
    return num;
  }

  /** Whether the column stores numbers now (the reader may then hand it parsed numbers: {@link pushNumber}). */
  get storesNumbers(): boolean {
    return this.mode === 'numeric';
  }

  /**
   * Add a non-missing cell already parsed as a number (only while {@link storesNumbers}): what
   * `push` does with a cell whose text parses as that number.
   */
  pushNumber(num: number): void {
    this.nonMissing++;
    this.nNumeric++;
    this.nums!.push(num);
  }

  /** Add a missing cell. */
  pushMissing(): void {
    switch (this.mode) {
      case 'empty':
        this.missingSoFar++;
        break;
      case 'numeric':
      case 'date':
        this.nums!.push(NaN);
        break;
      case 'categorical':
        this.codes!.push(-1);
        break;
      case 'pending':
        break;
    }
  }

  /**
   * Add a non-missing cell.
   * @param text the raw cell text.
   * @param row 1-based file row (header = 1), for errors.
   * @throws DataError when the column is forced numeric/date and the text is not one.
   */
  push(text: string, row: number): void {
    this.nonMissing++;
    switch (this.mode) {
      case 'numeric': {
        const num = this.parseNumber(text, row);
        if (!Number.isNaN(num)) {
          this.nNumeric++;
          this.nums!.push(num);
          return;
        }
        if (this.forced === 'numeric') {
          throw new DataError(
            `value '${excerpt(text)}' is not a number, but the column is declared numeric. Fix: correct the value, add it to the missing tokens (option missing), or declare the column categorical.`,
            this.location(row),
          );
        }
        this.toPending();
        this.count(text, row, num);
        return;
      }
      case 'date': {
        const date = parseIsoDate(text);
        if (!Number.isNaN(date)) {
          this.nDate++;
          this.nums!.push(date);
          return;
        }
        if (this.forced === 'date') {
          throw new DataError(
            `value '${excerpt(text)}' is not an ISO-8601 date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[Z|±HH:MM]), but the column is declared a date. Fix: correct the value, add it to the missing tokens (option missing), or declare the column categorical.`,
            this.location(row),
          );
        }
        this.toPending();
        this.count(text, row, this.parseNumber(text, row));
        return;
      }
      case 'categorical':
        this.pushLevel(text, row);
        return;
      case 'pending':
        this.count(text, row, this.parseNumber(text, row));
        return;
      case 'empty': {
        this.firstValue = { row, text };
        const num = this.parseNumber(text, row);
        const kind = this.forced ?? (!Number.isNaN(num) ? 'numeric' : !Number.isNaN(parseIsoDate(text)) ? 'date' : 'categorical');
        if (kind === 'categorical') this.startCategorical(this.missingSoFar);
        else {
          this.mode = kind;
          this.nums = new GrowableArray(Float64Array, this.maxRows);
          this.nums.fill(NaN, this.missingSoFar);
        }
        this.nonMissing--;
        this.push(text, row);
        return;
      }
    }
  }

  /** Count a value for the stray-text rule (pending mode, and new levels of a categorical column). */
  private count(text: string, row: number, num: number): void {
    if (!Number.isNaN(num)) {
      this.nNumeric++;
      if (this.firstNonDate === undefined) this.firstNonDate = { row, text };
      return;
    }
    if (this.firstNonNumeric === undefined) this.firstNonNumeric = { row, text };
    if (!Number.isNaN(parseIsoDate(text))) this.nDate++;
    else if (this.firstNonDate === undefined) this.firstNonDate = { row, text };
  }

  private toPending(): void {
    // Everything stored so far was a number (or a date); record that for the stray-text rule.
    if (this.mode === 'numeric' && this.firstNonDate === undefined && this.firstValue !== undefined) this.firstNonDate = this.firstValue;
    if (this.mode === 'date' && this.firstNonNumeric === undefined && this.firstValue !== undefined) this.firstNonNumeric = this.firstValue;
    this.mode = 'pending';
    this.nums = undefined;
  }

  private pushLevel(text: string, row: number): void {
    let code = this.levelIndex!.get(text);
    if (code === undefined) {
      code = this.levelIndex!.size;
      this.levelIndex!.set(text, code);
      this.levelCounts.push(0);
      if (this.forced !== 'categorical') {
        // Type tests once per distinct level; per-level counts give the per-cell totals at the end.
        const before = [this.nNumeric, this.nDate];
        this.count(text, row, this.parseNumber(text, row));
        this.levelKinds.push(this.nNumeric > before[0]! ? 1 : this.nDate > before[1]! ? 2 : 0);
        this.nNumeric = before[0]!;
        this.nDate = before[1]!;
      }
    }
    this.levelCounts[code]!++;
    this.codes!.push(code);
  }

  /**
   * Finish the column.
   * @throws DataError when a few values break an otherwise numeric or date column.
   */
  finish(): BuiltColumn {
    if (this.forced === undefined) this.checkStrays();
    switch (this.mode) {
      case 'empty': {
        const values = new Float64Array(this.missingSoFar).fill(NaN);
        return { column: { kind: this.forced === 'date' ? 'date' : 'numeric', values } };
      }
      case 'numeric':
      case 'date':
        return { column: { kind: this.mode, values: this.nums!.take() } };
      case 'categorical':
        return { column: { kind: 'categorical', codes: this.codes!.take(), levels: [...this.levelIndex!.keys()] } };
      case 'pending':
        return { reread: true };
    }
  }

  private checkStrays(): void {
    if (this.mode === 'categorical') {
      this.levelKinds.forEach((k, l) => {
        if (k === 1) this.nNumeric += this.levelCounts[l]!;
        else if (k === 2) this.nDate += this.levelCounts[l]!;
      });
    }
    const n = this.nonMissing;
    const stray = (count: number, what: string, first: { row: number; text: string } | undefined): void => {
      if (count > 0 && count < n && count >= STRAY_TEXT_THRESHOLD * n && first !== undefined) {
        const pct = ((100 * count) / n).toFixed(1);
        throw new DataError(
          `value '${excerpt(first.text)}' is not ${what}, while ${pct}% (${count} of ${n}) of the column's non-missing values are. ` +
            `Fix: correct the value, add it to the missing tokens (option missing; CLI --missing), or declare the column categorical (option categorical; CLI --categorical ${this.name}).`,
          this.location(first.row),
        );
      }
    };
    stray(this.nNumeric, 'a number', this.firstNonNumeric);
    stray(this.nDate, 'an ISO-8601 date', this.firstNonDate);
  }
}
