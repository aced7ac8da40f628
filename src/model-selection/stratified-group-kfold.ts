import { ValueError } from '../errors.js';
import { BaseKFold, required, type KFoldOptions } from './base.js';
import { encodeSorted, showLabel, type LabelArray } from './labels.js';

/**
 * Stratified k-fold over groups: a group is never on both sides, and folds keep class
 * proportions as well as whole groups allow.
 *
 * The greedy algorithm of scikit-learn 1.2 `StratifiedGroupKFold`: groups are visited in order
 * of decreasing standard deviation of their class counts (stable), and each goes to the fold
 * that minimises the mean over classes of the across-fold standard deviation of class shares,
 * ties (`numpy.isclose`) to the fold with fewer rows. Unshuffled folds equal scikit-learn's.
 * With `shuffle`, the visiting order of groups is shuffled before the stable sort (scikit-learn
 * 1.2 shuffles only the count rows, which detaches them from their groups; not reproduced).
 *
 * Differs from scikit-learn on purpose: it throws (instead of warning or returning empty
 * folds) when nSplits exceeds the number of groups or the members of a class.
 * @param options.nSplits number of folds, integer ≥ 2. Default 5.
 * @param options.shuffle shuffle the group visiting order. Default false.
 * @param options.randomState seed or Generator for the shuffle (only with `shuffle: true`).
 * @throws ValueError at `split` when y or groups are missing, nSplits exceeds the distinct
 * groups, or a class has fewer than nSplits members.
 * @example
 * const sgkf = new StratifiedGroupKFold({ nSplits: 2 });
 * const y = [0, 1, 0, 1, 0, 1, 0, 1];
 * const site = ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd'];
 * for (const { train, test } of sgkf.split(8, y, site)) console.log(train, test);
 */
export class StratifiedGroupKFold extends BaseKFold {
  protected readonly who = 'StratifiedGroupKFold';

  constructor(options: KFoldOptions = {}) {
    super('StratifiedGroupKFold', options);
  }

  protected iterTestIndices(nSamples: number, y: LabelArray | undefined, groups: LabelArray | undefined): Int32Array[] {
    const labels = encodeSorted(this.who, 'y', required(this.who, 'y', y));
    const grp = encodeSorted(this.who, 'groups', required(this.who, 'groups', groups));
    const k = this.nSplits;
    const nClasses = labels.uniques.length;
    const nGroups = grp.uniques.length;
    if (k > nGroups) {
      throw new ValueError(
        `StratifiedGroupKFold: nSplits must be ≤ the number of distinct groups (${nGroups}). Received: nSplits=${k}. ` +
          'Use fewer folds.',
      );
    }
    for (let c = 0; c < nClasses; c++) {
      if ((labels.counts[c] as number) < k) {
        throw new ValueError(
          `StratifiedGroupKFold: nSplits must be ≤ the number of members of every class. Received: nSplits=${k}, ` +
            `but class ${showLabel(labels.uniques[c] as number | string)} has ${labels.counts[c]} members. Use fewer folds.`,
        );
      }
    }
    const perGroup = new Float64Array(nGroups * nClasses);
    for (let i = 0; i < nSamples; i++) perGroup[(grp.codes[i] as number) * nClasses + (labels.codes[i] as number)]++;

    const order = Array.from({ length: nGroups }, (_, g) => g);
    if (this.shuffle) this.rng().shuffle(order);
    const negStd = new Float64Array(nGroups);
    for (let g = 0; g < nGroups; g++) negStd[g] = -std(perGroup, g * nClasses, 1, nClasses);
    // Array.prototype.sort is stable, like numpy's kind="mergesort".
    order.sort((a, b) => (negStd[a] as number) - (negStd[b] as number));

    const perFold = new Float64Array(k * nClasses);
    const groupFold = new Int32Array(nGroups);
    for (const g of order) {
      const best = this.bestFold(perFold, labels.counts, perGroup, g * nClasses, nClasses);
      for (let c = 0; c < nClasses; c++) perFold[best * nClasses + c] = (perFold[best * nClasses + c] as number) + (perGroup[g * nClasses + c] as number);
      groupFold[g] = best;
    }
    const folds: number[][] = Array.from({ length: k }, () => []);
    for (let i = 0; i < nSamples; i++) (folds[groupFold[grp.codes[i] as number] as number] as number[]).push(i);
    return folds.map((f) => Int32Array.from(f));
  }

  /** scikit-learn's `_find_best_fold`, with numpy's summation order so ties resolve identically. */
  private bestFold(perFold: Float64Array, classCounts: Int32Array, perGroup: Float64Array, off: number, nClasses: number): number {
    const k = this.nSplits;
    let best = -1;
    let minEval = Infinity;
    let minSamples = Infinity;
    const shares = new Float64Array(k * nClasses);
    for (let i = 0; i < k; i++) {
      for (let f = 0; f < k; f++) {
        for (let c = 0; c < nClasses; c++) {
          const extra = f === i ? (perGroup[off + c] as number) : 0;
          shares[f * nClasses + c] = ((perFold[f * nClasses + c] as number) + extra) / (classCounts[c] as number);
        }
      }
      let evalSum = 0;
      for (let c = 0; c < nClasses; c++) evalSum += std(shares, c, nClasses, k);
      const foldEval = evalSum / nClasses;
      let samples = 0;
      for (let c = 0; c < nClasses; c++) samples += perFold[i * nClasses + c] as number;
      const better = foldEval < minEval || (isClose(foldEval, minEval) && samples < minSamples);
      if (better) {
        minEval = foldEval;
        minSamples = samples;
        best = i;
      }
    }
    return best;
  }
}

/** Population standard deviation of `count` values at `off + j·stride`, summed in order as numpy does. */
function std(a: Float64Array, off: number, stride: number, count: number): number {
  let sum = 0;
  for (let j = 0; j < count; j++) sum += a[off + j * stride] as number;
  const mean = sum / count;
  let ss = 0;
  for (let j = 0; j < count; j++) {
    const d = (a[off + j * stride] as number) - mean;
    ss += d * d;
  }
  return Math.sqrt(ss / count);
}

/** `numpy.isclose(a, b)` with rtol 1e-5, atol 1e-8 for a finite `a`. */
function isClose(a: number, b: number): boolean {
  if (!Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
}
