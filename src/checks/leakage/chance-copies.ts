/**
 * How many test rows would have an identical training row by chance (internal to
 * duplicate-rows.ts and validate/rows-in-training.ts). Over a few features of few distinct
 * values, different patients share every value: in R survival::nwtco (institution and central
 * histology 1/2, stage 1–4, age in months, subcohort yes/no) 77% of each study's patients match a
 * patient of the other study exactly, and no record is copied. A copied record is a match chance
 * does not explain. A test row matches another training row with probability q, and one of the
 * N − 1 others (its own copy left out) with probability 1 − (1 − q)^(N − 1); q is the larger of
 * two estimates that fail in opposite ways:
 * - each feature drawn independently at its frequency among the training rows other than the
 *   row's own copy: q = Π_f (c_f − 1)⁺ / (N − 1), c_f the training rows with its value of f (a
 *   value seen once in training is that record's own: a copied lab value does not explain
 *   itself). Features that go together (institution and histology) make real matches likelier;
 * - the share of the other test rows with exactly its values: catches features that go together,
 *   but misses values rare in the test rows and common in the population.
 * Both err toward calling matches copies, the larger less so.
 */
import { rowHashes } from '../../data/fingerprint.js';
import type { Table } from '../../data/table.js';

/** Expected test rows with a chance copy, and the variance of that count (a sum of Bernoullis). */
export interface ChanceCopies {
  expected: number;
  variance: number;
}

/** Whether `count` matches are within 3 SD of the ones chance gives: patients sharing values, not copies. */
export function withinChance(count: number, chance: ChanceCopies): boolean {
  return count <= chance.expected + 3 * Math.sqrt(chance.variance);
}

/**
 * How many of `rows` hold each value of `feature` (categorical: by level code), and the values by
 * table row. A Map compares keys by SameValueZero: NaN (missing) matches NaN, 0 matches −0, as
 * row equality does.
 */
export function valueCounts(table: Table, feature: string, rows: ArrayLike<number>): { key: ArrayLike<number>; counts: Map<number, number> } {
  const c = table.column(feature);
  const key = c.kind === 'categorical' ? c.codes : c.values;
  const counts = new Map<number, number>();
  for (let k = 0; k < rows.length; k++) {
    const v = key[rows[k]!]!;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return { key, counts };
}

/**
 * The test rows expected to have an identical training row over `features` by chance (see the
 * file comment); missing values match missing, as in the duplicate check. None with fewer than 2
 * training rows.
 * @param table the data. @param features the compared columns.
 * @param train the rows whose value frequencies stand for the population (the training rows).
 * @param test test rows.
 * @param draws the rows a test row is matched against: by default the training rows other than its
 *   own copy. Validating a saved model, the file's own rows stand for the population (`train` =
 *   `test`: the −1 leaves each row out of its own frequencies) and `draws` is the model's training size.
 */
export function chanceCopies(table: Table, features: readonly string[], train: ArrayLike<number>, test: ArrayLike<number>, draws = train.length - 1): ChanceCopies {
  const n = train.length;
  const logQ = new Float64Array(test.length);
  if (n < 2) return { expected: 0, variance: 0 };
  for (const f of features) {
    const { key, counts } = valueCounts(table, f, train);
    for (let k = 0; k < test.length; k++) logQ[k]! += Math.log(Math.max((counts.get(key[test[k]!]!) ?? 0) - 1, 0) / (n - 1));
  }
  // The other test rows with exactly its values (32-bit row hashes: a collision now and then only adds a little chance).
  const hashes = rowHashes(table, features, test);
  const joint = new Map<number, number>();
  for (const h of hashes) joint.set(h, (joint.get(h) ?? 0) + 1);
  let expected = 0;
  let variance = 0;
  for (let k = 0; k < test.length; k++) {
    const shared = test.length > 1 ? (joint.get(hashes[k]!)! - 1) / (test.length - 1) : 0;
    const q = Math.max(Math.exp(logQ[k]!), shared);
    const p = -Math.expm1(draws * Math.log1p(-q)); // 1 − (1 − q)^draws
    expected += p;
    variance += p * (1 - p);
  }
  return { expected, variance };
}
