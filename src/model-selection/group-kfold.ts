import { ValueError } from '../errors.js';
import { BaseKFold, required, type KFoldOptions } from './base.js';
import { encodeSorted, type LabelArray } from './labels.js';
import { numpyArgsort } from './numpy-argsort.js';

/**
 * Options of {@link GroupKFold}: `nSplits` (an integer ≥ 2 and ≤ the number of distinct groups,
 * default 5), `shuffle` (default false) and `randomState` (only with `shuffle`), as scikit-learn ≥ 1.6.
 */
export type GroupKFoldOptions = KFoldOptions;

/**
 * K-fold over groups (sites, patients): a group is never on both sides of a split.
 *
 * Unshuffled: equal to scikit-learn 1.2 `GroupKFold` exactly: groups are taken largest first (ties
 * in numpy's default argsort order, reproduced here) and each is given to the fold with the fewest
 * rows so far (the first such fold on ties). Not randomised.
 *
 * `shuffle: true`: scikit-learn ≥ 1.6's algorithm: the distinct groups (sorted) are permuted and cut
 * into `nSplits` consecutive chunks whose sizes differ by at most one (`numpy.array_split`: the
 * first `nGroups % nSplits` chunks have one more group); a fold's test rows are its groups' rows.
 * Folds then balance the number of groups, not rows. The permutation comes from clinreg's
 * generator (`randomState`, else the one `manualSeed` seeds), so shuffled folds are reproducible
 * in clinreg, not equal to scikit-learn's.
 * @param options.nSplits number of folds. Default 5.
 * @param options.shuffle permute the groups before cutting them into folds. Default false.
 * @param options.randomState seed or Generator for the permutation (only with `shuffle: true`).
 * @throws ValueError for an unknown option, or at `split` when groups are missing or nSplits
 *   exceeds the distinct groups.
 * @example
 * const gkf = new GroupKFold({ nSplits: 2 });
 * [...gkf.split(4, undefined, ['a', 'a', 'b', 'c'])].map((s) => Array.from(s.test)); // [[0, 1], [2, 3]]
 * new GroupKFold({ nSplits: 2, shuffle: true, randomState: 0 }); // groups permuted, seeded
 */
export class GroupKFold extends BaseKFold {
  protected readonly who = 'GroupKFold';

  constructor(options: GroupKFoldOptions = {}) {
    super('GroupKFold', options);
  }

  protected iterTestIndices(nSamples: number, _y: LabelArray | undefined, groups: LabelArray | undefined): Int32Array[] {
    const encoded = encodeSorted(this.who, 'groups', required(this.who, 'groups', groups));
    const nGroups = encoded.uniques.length;
    if (this.nSplits > nGroups) {
      throw new ValueError(
        `GroupKFold: nSplits must be ≤ the number of distinct groups (${nGroups}). Received: nSplits=${this.nSplits}. ` +
          'Use fewer folds or LeaveOneGroupOut.',
      );
    }
    if (this.shuffle) return this.shuffledFolds(nSamples, encoded.codes, nGroups);
    // scikit-learn: indices = np.argsort(n_samples_per_group)[::-1]
    const ascending = numpyArgsort(encoded.counts);
    const rowsPerFold = new Float64Array(this.nSplits);
    const groupToFold = new Int32Array(nGroups);
    for (let r = nGroups - 1; r >= 0; r--) {
      const g = ascending[r] as number;
      let lightest = 0;
      for (let f = 1; f < this.nSplits; f++) if ((rowsPerFold[f] as number) < (rowsPerFold[lightest] as number)) lightest = f;
      rowsPerFold[lightest] = (rowsPerFold[lightest] as number) + (encoded.counts[g] as number);
      groupToFold[g] = lightest;
    }
    const folds: number[][] = Array.from({ length: this.nSplits }, () => []);
    for (let i = 0; i < nSamples; i++) (folds[groupToFold[encoded.codes[i] as number] as number] as number[]).push(i);
    return folds.map((f) => Int32Array.from(f));
  }

  /** scikit-learn ≥ 1.6 shuffle: permuted groups cut by `numpy.array_split` into nSplits chunks. */
  private shuffledFolds(nSamples: number, codes: ArrayLike<number>, nGroups: number): Int32Array[] {
    const order = this.rng().permutation(nGroups);
    const groupToFold = new Int32Array(nGroups);
    const base = Math.floor(nGroups / this.nSplits);
    const extra = nGroups % this.nSplits;
    let p = 0;
    for (let f = 0; f < this.nSplits; f++) {
      const size = base + (f < extra ? 1 : 0);
      for (let k = 0; k < size; k++) groupToFold[order[p++]!] = f;
    }
    const folds: number[][] = Array.from({ length: this.nSplits }, () => []);
    for (let i = 0; i < nSamples; i++) folds[groupToFold[codes[i]!]!]!.push(i);
    return folds.map((f) => Int32Array.from(f));
  }
}
