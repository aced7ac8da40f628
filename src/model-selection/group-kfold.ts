import { ValueError } from '../errors.js';
import { BaseKFold, required } from './base.js';
import { encodeSorted, type LabelArray } from './labels.js';
import { numpyArgsort } from './numpy-argsort.js';

/** Options of {@link GroupKFold}. */
export interface GroupKFoldOptions {
  /** Number of folds, an integer ≥ 2 and ≤ the number of distinct groups. Default 5. */
  nSplits?: number;
}

/**
 * K-fold over groups (sites, patients): a group is never on both sides of a split.
 *
 * Equal to scikit-learn 1.2 `GroupKFold` exactly: groups are taken largest first (ties in
 * numpy's default argsort order, reproduced here) and each is given to the fold with the fewest
 * rows so far (the first such fold on ties). Not randomised.
 * @param options.nSplits number of folds. Default 5.
 * @throws ValueError at `split` when groups are missing or nSplits exceeds the distinct groups.
 * @example
 * const gkf = new GroupKFold({ nSplits: 2 });
 * [...gkf.split(4, undefined, ['a', 'a', 'b', 'c'])].map((s) => Array.from(s.test)); // [[0, 1], [2, 3]]
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
}
