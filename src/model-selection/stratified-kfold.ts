import { ValueError } from '../errors.js';
import { BaseKFold, required, type KFoldOptions } from './base.js';
import { encodeByAppearance, showLabel, type LabelArray } from './labels.js';

/**
 * Stratified k-fold: every fold keeps the class proportions of `y` (each class's count per fold
 * differs by at most one between folds).
 *
 * Unshuffled folds equal scikit-learn 1.2 `StratifiedKFold` exactly (its `_make_test_folds`:
 * classes encoded in order of first appearance, per-fold class counts allocated round-robin
 * over the sorted labels, rows of each class assigned to folds in contiguous blocks). With
 * `shuffle`, each class's block order is shuffled with clinreg's generator.
 *
 * Differs from scikit-learn on purpose: when a class has fewer members than `nSplits`,
 * scikit-learn only warns and leaves some test folds without that class (their AUC is then
 * undefined); clinreg throws.
 * @param options.nSplits number of folds, integer ≥ 2. Default 5.
 * @param options.shuffle shuffle each class's rows before assigning folds. Default false.
 * @param options.randomState seed or Generator for the shuffle (only with `shuffle: true`).
 * @throws ValueError at `split` when y is missing, or a class has fewer than nSplits members.
 * @example
 * const skf = new StratifiedKFold({ nSplits: 2 });
 * [...skf.split(4, [0, 0, 1, 1])].map((s) => Array.from(s.test)); // [[0, 2], [1, 3]]
 */
export class StratifiedKFold extends BaseKFold {
  protected readonly who = 'StratifiedKFold';

  constructor(options: KFoldOptions = {}) {
    super('StratifiedKFold', options);
  }

  protected iterTestIndices(nSamples: number, y: LabelArray | undefined): Int32Array[] {
    const labels = encodeByAppearance(this.who, 'y', required(this.who, 'y', y));
    const nClasses = labels.uniques.length;
    let minClass = 0;
    for (let k = 1; k < nClasses; k++) if ((labels.counts[k] as number) < (labels.counts[minClass] as number)) minClass = k;
    if (nClasses > 0 && (labels.counts[minClass] as number) < this.nSplits) {
      throw new ValueError(
        `StratifiedKFold: nSplits must be ≤ the number of members of every class. Received: nSplits=${this.nSplits}, ` +
          `but class ${showLabel(labels.uniques[minClass] as number | string)} has ${labels.counts[minClass]} members. ` +
          'Use fewer folds or merge rare classes.',
      );
    }
    const k = this.nSplits;
    // allocation[f][c]: members of class c in fold f, round-robin over labels sorted by code.
    const allocation = new Int32Array(k * nClasses);
    let position = 0;
    for (let c = 0; c < nClasses; c++) {
      for (let m = 0; m < (labels.counts[c] as number); m++) {
        allocation[(position % k) * nClasses + c]++;
        position++;
      }
    }
    const testFolds = new Int32Array(nSamples);
    const rng = this.shuffle ? this.rng() : undefined;
    for (let c = 0; c < nClasses; c++) {
      const foldsForClass = new Int32Array(labels.counts[c] as number);
      let p = 0;
      for (let f = 0; f < k; f++) {
        for (let m = 0; m < (allocation[f * nClasses + c] as number); m++) foldsForClass[p++] = f;
      }
      if (rng !== undefined) rng.shuffle(foldsForClass);
      p = 0;
      for (let i = 0; i < nSamples; i++) if (labels.codes[i] === c) testFolds[i] = foldsForClass[p++] as number;
    }
    const folds: Int32Array[] = [];
    for (let f = 0; f < k; f++) {
      const rows: number[] = [];
      for (let i = 0; i < nSamples; i++) if (testFolds[i] === f) rows.push(i);
      folds.push(Int32Array.from(rows));
    }
    return folds;
  }
}
