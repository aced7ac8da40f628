import { ValueError } from '../errors.js';
import { checkLength, checkOptions, numSamples, type CrossValidator, type SampleSource, type Split } from './base.js';

/** Options of {@link TemporalSplit}: give exactly one of `cutoff` and `testSize`. */
export interface TemporalSplitOptions {
  /** Rows with time ≥ cutoff are the test set; rows before it may train. A number or Date. */
  cutoff?: number | Date;
  /**
   * Size of the test set, the latest rows: a fraction in (0, 1) or a row count ≥ 1. Rows tied
   * with the earliest test time join the test set, so it can be slightly larger.
   */
  testSize?: number;
  /**
   * Time left out between train and test: train rows have time < cutoff − gap. Same unit as
   * the times (milliseconds for Dates, rows when no times are given). Default 0.
   */
  gap?: number;
}

/**
 * One temporal (prospective) split: train strictly before a cut-off, test from the cut-off on,
 * with an optional gap between them, as TRIPOD's temporal validation asks. Unlike scikit-learn's
 * `TimeSeriesSplit` it yields one split and reads times, not row order, when times are given.
 *
 * `split(X, y?, times?)`: the third argument holds each row's time as a number (epoch
 * milliseconds for dates, as in a Table's date column); without it rows are assumed to be in
 * time order and the row index is the time. Not a subclass of BaseCrossValidator: with a gap,
 * train is not the complement of test.
 * @param options.cutoff the first test time (number or Date); or
 * @param options.testSize the latest fraction (0, 1) or count of rows to test on.
 * @param options.gap time excluded before the cut-off. Default 0.
 * @throws ValueError for bad or unknown options, or at `split` when the train or test side is empty.
 * @example
 * const ts = new TemporalSplit({ cutoff: new Date('2020-01-01') });
 * const times = [Date.parse('2019-05-01'), Date.parse('2020-03-01')];
 * [...ts.split(2, undefined, times)]; // [{ train: [0], test: [1] }]
 */
export class TemporalSplit implements CrossValidator {
  private readonly who = 'TemporalSplit';
  /** The cut-off as a number (epoch ms for a Date), if given. */
  readonly cutoff: number | undefined;
  /** The test size, if given. */
  readonly testSize: number | undefined;
  /** The gap before the cut-off. */
  readonly gap: number;

  constructor(options: TemporalSplitOptions) {
    checkOptions('TemporalSplit', options, ['cutoff', 'testSize', 'gap']);
    const { cutoff, testSize, gap = 0 } = options ?? {};
    if ((cutoff === undefined) === (testSize === undefined)) {
      throw new ValueError(
        'TemporalSplit: give exactly one of cutoff and testSize. Received: ' +
          `${cutoff === undefined ? 'neither' : 'both'}. Example: new TemporalSplit({ cutoff: new Date('2020-01-01') }).`,
      );
    }
    const c = cutoff instanceof Date ? cutoff.getTime() : cutoff;
    if (c !== undefined && !Number.isFinite(c)) {
      throw new ValueError(`TemporalSplit: cutoff must be a finite number or a valid Date. Received: ${String(cutoff)}.`);
    }
    if (testSize !== undefined && !(testSize > 0 && (testSize < 1 || Number.isInteger(testSize)))) {
      throw new ValueError(
        `TemporalSplit: testSize must be a fraction in (0, 1) or an integer row count ≥ 1. Received: testSize=${testSize}.`,
      );
    }
    if (!(Number.isFinite(gap) && gap >= 0)) {
      throw new ValueError(`TemporalSplit: gap must be a finite number ≥ 0. Received: gap=${gap}.`);
    }
    this.cutoff = c;
    this.testSize = testSize;
    this.gap = gap;
  }

  /** Always 1. */
  getNSplits(): number {
    return 1;
  }

  /**
   * The one train/test split.
   * @param X a row count or anything with a length.
   * @param _y ignored (accepted for the common signature).
   * @param times each row's time; default: the row index.
   * @throws ValueError when times are invalid or either side would be empty.
   */
  split(X: SampleSource, _y?: ArrayLike<unknown>, times?: ArrayLike<number>): IterableIterator<Split> {
    const n = numSamples(this.who, X);
    checkLength(this.who, 'times', times, n);
    const t = toTimes(times, n);
    const cutoff = this.cutoff ?? this.cutoffFromTestSize(t);
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) {
      const ti = t[i] as number;
      if (ti >= cutoff) test.push(i);
      else if (ti < cutoff - this.gap) train.push(i);
    }
    if (train.length === 0 || test.length === 0) {
      throw new ValueError(
        `TemporalSplit: the ${train.length === 0 ? 'train' : 'test'} side is empty (cutoff=${cutoff}, gap=${this.gap}, ` +
          `times from ${min(t)} to ${max(t)}). Received: ${this.cutoff !== undefined ? `cutoff=${this.cutoff}` : `testSize=${this.testSize}`}. ` +
          'Choose a cut-off inside the time range and a smaller gap.',
      );
    }
    return [{ train: Int32Array.from(train), test: Int32Array.from(test) }][Symbol.iterator]();
  }

  private cutoffFromTestSize(t: Float64Array): number {
    const n = t.length;
    const size = this.testSize as number;
    const nTest = size < 1 ? Math.ceil(size * n) : size;
    if (nTest >= n) {
      throw new ValueError(
        `TemporalSplit: testSize must leave rows to train on. Received: testSize=${size} of ${n} rows.`,
      );
    }
    const sorted = Float64Array.from(t).sort();
    return sorted[n - nTest] as number;
  }
}

function toTimes(times: ArrayLike<number> | undefined, n: number): Float64Array {
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v: unknown = times === undefined ? i : times[i];
    // Dates are accepted at run time too (compared as epoch ms), though the type asks for numbers.
    const x = v instanceof Date ? v.getTime() : v;
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new ValueError(`TemporalSplit: times must be finite numbers or valid Dates. Received: ${String(v)} at row ${i}.`);
    }
    t[i] = x;
  }
  return t;
}

function min(t: Float64Array): number {
  return t.reduce((a, b) => Math.min(a, b), Infinity);
}

function max(t: Float64Array): number {
  return t.reduce((a, b) => Math.max(a, b), -Infinity);
}
