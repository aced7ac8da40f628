import { ValueError } from '../errors.js';
import { checkOptions } from '../option-keys.js';
import { Generator, getGenerator } from '../stats/random.js';

export { checkOptions };
import type { LabelArray } from './labels.js';

/** One train/test split: row indices, ascending. */
export interface Split {
  /** Training rows, ascending. */
  train: Int32Array;
  /** Test rows, ascending. */
  test: Int32Array;
}

/** What `split` accepts for X: a row count, or anything with a `length` (array, typed array, Table-like `{ length }`). */
export type SampleSource = number | { readonly length: number } | { readonly nRows: number };

/** Labels `y` or groups: numbers or strings, one per row. */
export type { LabelArray } from './labels.js';

/** Resolve X to a row count. */
export function numSamples(who: string, X: SampleSource): number {
  const n =
    typeof X === 'number' ? X : 'nRows' in X ? X.nRows : (X as { readonly length: number }).length;
  if (!Number.isInteger(n) || n < 0) {
    throw new ValueError(
      `${who}: X must be a row count or have a length that is a non-negative integer. Received: ${String(n)}.`,
    );
  }
  return n;
}

/** Check that y/groups has one entry per row. */
export function checkLength(who: string, param: string, values: LabelArray | undefined, n: number): void {
  if (values !== undefined && values.length !== n) {
    throw new ValueError(`${who}: ${param} must have one entry per row of X (${n}). Received: ${values.length} entries.`);
  }
}

/** Require an argument some splitters need (y for stratification, groups for group splitters). */
export function required<T>(who: string, param: string, value: T | undefined): T {
  if (value === undefined) {
    throw new ValueError(`${who}: ${param} is required. Received: undefined. Pass it as split(X, y, groups).`);
  }
  return value;
}

/**
 * What every splitter offers (the scikit-learn cross-validator protocol); type against this
 * when any splitter will do.
 * @example
 * function countSplits(cv: CrossValidator, n: number): number { return [...cv.split(n)].length; }
 */
export interface CrossValidator {
  /** Number of splits `split` yields for these inputs. */
  getNSplits(X?: SampleSource, y?: LabelArray, groups?: LabelArray): number;
  /** Generate `{train, test}` row indices (ascending). */
  split(X: SampleSource, y?: LabelArray, groups?: LabelArray): IterableIterator<Split>;
}

/**
 * Base of every cross-validator, as scikit-learn's `BaseCrossValidator`: `split` turns the test
 * folds produced by the one hook `iterTestIndices` into `{train, test}` pairs (both ascending;
 * train is the complement of test). Subclasses validate their inputs inside the hook, which
 * `split` calls eagerly, so bad input fails at the `split(...)` call, not at the first iteration.
 * @example
 * // a custom splitter: implement the one hook (and getNSplits)
 * class FirstRowOut extends BaseCrossValidator {
 *   protected readonly who = 'FirstRowOut';
 *   getNSplits(): number { return 1; }
 *   protected iterTestIndices(): number[][] { return [[0]]; }
 * }
 * [...new FirstRowOut().split(3)]; // [{ train: [1, 2], test: [0] }]
 */
export abstract class BaseCrossValidator implements CrossValidator {
  /** Class name used in error messages. */
  protected abstract readonly who: string;

  /** Number of splits `split` yields for these inputs. */
  abstract getNSplits(X?: SampleSource, y?: LabelArray, groups?: LabelArray): number;

  /**
   * The hook: the test rows of each fold, for `nSamples` rows whose lengths are already checked.
   * May return any iterable; `split` consumes it once.
   */
  protected abstract iterTestIndices(
    nSamples: number,
    y: LabelArray | undefined,
    groups: LabelArray | undefined,
  ): Iterable<ArrayLike<number>>;

  /**
   * Generate train/test row indices.
   * @param X a row count, or anything with a `length` (or a Table's `nRows`).
   * @param y labels, one per row (required by stratified splitters).
   * @param groups group ids (site, patient), one per row (required by group splitters).
   * @returns a generator of `{train, test}` (Int32Array, ascending).
   * @throws ValueError when lengths differ or a splitter's constraint fails (raised at the call).
   * @example
   * for (const { train, test } of new KFold({ nSplits: 3 }).split(6)) console.log(train, test);
   */
  split(X: SampleSource, y?: LabelArray, groups?: LabelArray): IterableIterator<Split> {
    const n = numSamples(this.who, X);
    checkLength(this.who, 'y', y, n);
    checkLength(this.who, 'groups', groups, n);
    const folds = [...this.iterTestIndices(n, y, groups)];
    return splitsFromTestFolds(n, folds);
  }
}

function* splitsFromTestFolds(n: number, folds: ArrayLike<number>[]): IterableIterator<Split> {
  const mask = new Uint8Array(n);
  for (const fold of folds) {
    mask.fill(0);
    for (let i = 0; i < fold.length; i++) mask[fold[i] as number] = 1;
    let nTest = 0;
    for (let i = 0; i < n; i++) nTest += mask[i] as number;
    const test = new Int32Array(nTest);
    const train = new Int32Array(n - nTest);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      if (mask[i] === 1) test[a++] = i;
      else train[b++] = i;
    }
    yield { train, test };
  }
}

/** Options shared by the k-fold splitters (scikit-learn defaults). */
export interface KFoldOptions {
  /** Number of folds, an integer ≥ 2. Default 5. */
  nSplits?: number;
  /** Shuffle before splitting. Default false. */
  shuffle?: boolean;
  /**
   * Seed or Generator for the shuffle; only allowed with `shuffle: true`. Default: the global
   * generator (`manualSeed`). Shuffled folds are reproducible in clinreg, not equal to
   * scikit-learn's (different random stream).
   */
  randomState?: number | Generator;
}

/** The option names of every k-fold splitter. */
const KFOLD_OPTIONS: readonly string[] = ['nSplits', 'shuffle', 'randomState'];

/**
 * Base of the k-fold family (scikit-learn's `_BaseKFold`): validates `nSplits`, `shuffle`,
 * `randomState`, and refuses more folds than rows. Subclasses (KFold, StratifiedKFold,
 * GroupKFold, StratifiedGroupKFold) only implement `iterTestIndices`.
 * @param who the subclass name used in error messages.
 * @param options.nSplits folds, integer ≥ 2. Default 5.
 * @param options.shuffle default false. @param options.randomState only with shuffle.
 * @throws ValueError for an unknown option key, a bad nSplits, a non-boolean shuffle, or
 *   randomState without shuffle.
 * @example
 * const kf: BaseKFold = new KFold({ nSplits: 3 });
 * kf.getNSplits(); // 3
 */
export abstract class BaseKFold extends BaseCrossValidator {
  /** Number of folds. */
  readonly nSplits: number;
  /** Whether rows (or class blocks, or groups) are shuffled. */
  readonly shuffle: boolean;
  /** The seed or generator for the shuffle, if given. */
  readonly randomState: number | Generator | undefined;

  protected constructor(who: string, options: KFoldOptions) {
    super();
    checkOptions(who, options, KFOLD_OPTIONS);
    const { nSplits = 5, shuffle = false, randomState } = options ?? {};
    if (!Number.isInteger(nSplits) || nSplits < 2) {
      throw new ValueError(
        `${who}: nSplits must be an integer ≥ 2 (k-fold needs at least one train/test split). Received: nSplits=${nSplits}.`,
      );
    }
    if (typeof shuffle !== 'boolean') {
      throw new ValueError(`${who}: shuffle must be true or false. Received: ${String(shuffle)}.`);
    }
    if (!shuffle && randomState !== undefined) {
      throw new ValueError(
        `${who}: randomState has no effect when shuffle is false. Received: randomState with shuffle=false. ` +
          'Remove randomState or set shuffle: true.',
      );
    }
    this.nSplits = nSplits;
    this.shuffle = shuffle;
    this.randomState = randomState;
  }

  /** The number of folds (`nSplits`); the arguments are ignored. */
  getNSplits(): number {
    return this.nSplits;
  }

  /** The generator a shuffle draws from: a fresh one per `split` call when seeded, so calls repeat. */
  protected rng(): Generator {
    if (this.randomState === undefined) return getGenerator();
    return typeof this.randomState === 'number' ? new Generator(this.randomState) : this.randomState;
  }

  override split(X: SampleSource, y?: LabelArray, groups?: LabelArray): IterableIterator<Split> {
    const n = numSamples(this.who, X);
    if (this.nSplits > n) {
      throw new ValueError(
        `${this.who}: nSplits must be ≤ the number of rows (${n}). Received: nSplits=${this.nSplits}. Use fewer folds.`,
      );
    }
    return super.split(X, y, groups);
  }
}
