/**
 * How many test rows would have an identical training row by chance (internal to
 * duplicate-rows.ts). Over a few features of few distinct values, different patients share every
 * value: in R survival::nwtco (institution and central histology 1/2, stage 1–4, age in months,
 * subcohort yes/no) 77% of each study's patients match a patient of the other study exactly,
 * and no record is copied. A copied record is a match chance does not explain. Chance here: each
 * feature drawn independently at its frequencies among the training rows other than the row's own
 * copy, if it has one: a test row matches another training row with probability
 * q = Π_f (c_f − 1)⁺ / (N − 1), c_f the training rows with its value of f, and one of them with
 * probability 1 − (1 − q)^(N − 1). So a value seen once in training is that record's own, not a
 * value patients share (a copied lab value does not explain itself). Features that go together
 * (institution and histology) make real matches likelier than this, and a row without a copy
 * loses one count per feature, so the estimate errs toward calling matches copies.
 */
import type { Table } from '../../data/table.js';

/** Expected test rows with a chance copy, and the variance of that count (a sum of Bernoullis). */
export interface ChanceCopies {
  expected: number;
  variance: number;
}

/**
 * The test rows expected to have an identical training row over `features` by chance (see the
 * file comment); missing values match missing, as in the duplicate check. None with fewer than 2
 * training rows.
 * @param table the data. @param features the compared columns.
 * @param train training rows. @param test test rows.
 */
export function chanceCopies(table: Table, features: readonly string[], train: ArrayLike<number>, test: ArrayLike<number>): ChanceCopies {
  const n = train.length;
  const logQ = new Float64Array(test.length);
  if (n < 2) return { expected: 0, variance: 0 };
  for (const f of features) {
    const c = table.column(f);
    const key = c.kind === 'categorical' ? c.codes : c.values;
    // A Map compares keys by SameValueZero: NaN (missing) matches NaN, 0 matches −0, as row equality does.
    const counts = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      const v = key[train[k]!]!;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    for (let k = 0; k < test.length; k++) logQ[k]! += Math.log(Math.max((counts.get(key[test[k]!]!) ?? 0) - 1, 0) / (n - 1));
  }
  let expected = 0;
  let variance = 0;
  for (let k = 0; k < test.length; k++) {
    const q = Math.exp(logQ[k]!);
    const p = -Math.expm1((n - 1) * Math.log1p(-q)); // 1 − (1 − q)^(n − 1)
    expected += p;
    variance += p * (1 - p);
  }
  return { expected, variance };
}
