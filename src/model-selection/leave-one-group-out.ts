import { ValueError } from '../errors.js';
import { BaseCrossValidator, checkOptions, required, type SampleSource } from './base.js';
import { encodeSorted, type LabelArray } from './labels.js';

/**
 * Leave-one-group-out (leave-one-site-out): each distinct group is the test set once, in sorted
 * group order (numbers ascending, strings by code point), as scikit-learn's `LeaveOneGroupOut`.
 * Takes no options; passing any key is an error (nothing is silently ignored).
 * @throws ValueError for any option, or at `split` / `getNSplits` when groups are missing or
 *   fewer than 2 distinct.
 * @example
 * const logo = new LeaveOneGroupOut();
 * [...logo.split(3, undefined, ['b', 'a', 'b'])].map((s) => Array.from(s.test)); // [[1], [0, 2]]
 */
export class LeaveOneGroupOut extends BaseCrossValidator {
  protected readonly who = 'LeaveOneGroupOut';

  /** @param options none: an empty object or nothing. */
  constructor(options?: Record<string, never>) {
    super();
    checkOptions('LeaveOneGroupOut', options, []);
  }

  /**
   * The number of distinct groups.
   * @param _X ignored. @param _y ignored.
   * @param groups group ids, required.
   * @throws ValueError when groups are missing.
   */
  getNSplits(_X?: SampleSource, _y?: LabelArray, groups?: LabelArray): number {
    return encodeSorted(this.who, 'groups', required(this.who, 'groups', groups)).uniques.length;
  }

  protected iterTestIndices(nSamples: number, _y: LabelArray | undefined, groups: LabelArray | undefined): Int32Array[] {
    const encoded = encodeSorted(this.who, 'groups', required(this.who, 'groups', groups));
    const nGroups = encoded.uniques.length;
    if (nGroups < 2) {
      throw new ValueError(
        `LeaveOneGroupOut: groups must contain at least 2 distinct groups. Received: ${nGroups}. ` +
          'Check the group column or use KFold.',
      );
    }
    const folds: number[][] = Array.from({ length: nGroups }, () => []);
    for (let i = 0; i < nSamples; i++) (folds[encoded.codes[i] as number] as number[]).push(i);
    return folds.map((f) => Int32Array.from(f));
  }
}
