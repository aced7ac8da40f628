import { BaseKFold, type KFoldOptions } from './base.js';

/**
 * K-fold cross-validation: consecutive folds of rows (shuffled first when `shuffle` is true).
 *
 * Same folds as scikit-learn 1.2 `KFold` when unshuffled: the first `n % nSplits` folds hold
 * `⌊n / nSplits⌋ + 1` rows, the rest `⌊n / nSplits⌋`.
 * @param options.nSplits number of folds, integer ≥ 2. Default 5.
 * @param options.shuffle shuffle rows before splitting. Default false.
 * @param options.randomState seed or Generator for the shuffle (only with `shuffle: true`).
 * @throws ValueError for bad options, or at `split` when nSplits exceeds the number of rows.
 * @example
 * const kf = new KFold({ nSplits: 2 });
 * [...kf.split(4)].map((s) => Array.from(s.test)); // [[0, 1], [2, 3]]
 */
export class KFold extends BaseKFold {
  protected readonly who = 'KFold';

  constructor(options: KFoldOptions = {}) {
    super('KFold', options);
  }

  protected iterTestIndices(nSamples: number): Int32Array[] {
    const indices = new Int32Array(nSamples);
    for (let i = 0; i < nSamples; i++) indices[i] = i;
    if (this.shuffle) this.rng().shuffle(indices);
    const base = Math.floor(nSamples / this.nSplits);
    const extra = nSamples % this.nSplits;
    const folds: Int32Array[] = [];
    let start = 0;
    for (let f = 0; f < this.nSplits; f++) {
      const size = base + (f < extra ? 1 : 0);
      folds.push(indices.subarray(start, start + size));
      start += size;
    }
    return folds;
  }
}
