// The inner early-stopping split of every clinreg fit (validate/fit-rows.ts): a fifth of the rows,
// stratified by site × outcome, on which early stopping and the final model's recalibration judge
// the model. Rows that are one record's — a patient's rows, copied records (checks/leakage/
// copied-records.ts) — stay on one side: on the other they would judge rows the model trained on.
import { copiedRecords } from '../checks/leakage/copied-records.js';
import type { Table } from '../data/table.js';
import { ValueError } from '../errors.js';
import { GroupKFold } from '../model-selection/group-kfold.js';
import { KFold } from '../model-selection/kfold.js';
import { StratifiedKFold } from '../model-selection/stratified-kfold.js';

/** How to split: the site and label of each row, the mode, the seed and the patient column. */
export interface InnerSplitOptions {
  sites: readonly string[];
  y: ArrayLike<number>;
  /** 'site-stratified': a stratified fifth; 'site-held-out': one whole site (with ≥ 2 sites). */
  mode: 'site-stratified' | 'site-held-out';
  seed: number;
  /** Patient column: a patient's rows stay on one side. */
  patient?: string | undefined;
}

/**
 * The inner split of `rows` (positions into `rows`). 'site-stratified': {@link stratifiedFifth} by
 * site × outcome; with a patient column a fifth of the patients ({@link groupedFifth}, a set of
 * copied records joining the patients it spans); without one, each set of copied records moved
 * to the side of its first row, which leaves the split of data without copies as it was.
 * 'site-held-out': the first fold of GroupKFold by site.
 * @param table the data. @param features the model's features (copies are compared over them).
 * @param rows the table rows being fitted. @param options see {@link InnerSplitOptions}.
 */
export function innerSplit(
  table: Table,
  features: readonly string[],
  rows: Int32Array,
  options: InnerSplitOptions,
): { inner: Int32Array; val: Int32Array; innerValidation: string[] | 'site-stratified' } {
  const { sites: siteOf, y, mode, seed, patient } = options;
  const n = siteOf.length;
  const sites = new Set(siteOf);
  if (mode === 'site-held-out' && sites.size >= 2) {
    const split = new GroupKFold({ nSplits: Math.min(sites.size, 5) }).split(n, undefined, siteOf).next().value!;
    return { inner: split.train, val: split.test, innerValidation: [...new Set(Array.from(split.test, (k: number) => siteOf[k]!))] };
  }
  const strata = Array.from(siteOf, (s, k) => `${s}|${y[k]!}`);
  const outcome = Array.from(siteOf, (_, k) => String(y[k]!));
  const copies = copiedRecords(table, features, rows)?.set;
  let split: { train: Int32Array; test: Int32Array };
  if (patient !== undefined) split = groupedFifth(strata, outcome, recordKeys(patientKeys(table, patient, rows), copies), seed);
  else {
    split = stratifiedFifth(strata, outcome, seed);
    if (copies !== undefined) split = keepSetsTogether(split, copies);
  }
  return { inner: split.train, val: split.test, innerValidation: 'site-stratified' };
}

/** The patient of each of `rows`; a row without one is a patient of its own. */
function patientKeys(table: Table, column: string, rows: Int32Array): string[] {
  const ids = table.strings(column);
  return Array.from(rows, (r, k) => ids[r] ?? `\u0000row ${k}`);
}

/** One key per record: the patients, joined where a set of copied records spans several. */
function recordKeys(patients: string[], copies: Int32Array | undefined): string[] {
  if (copies === undefined) return patients;
  const parent = Int32Array.from(patients, (_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]!]!;
    return k;
  };
  const firstOfPatient = new Map<string, number>();
  const firstOfSet = new Map<number, number>();
  patients.forEach((p, k) => {
    const a = firstOfPatient.get(p);
    if (a === undefined) firstOfPatient.set(p, k);
    else parent[find(k)] = find(a);
    const s = copies[k]!;
    if (s < 0) return;
    const b = firstOfSet.get(s);
    if (b === undefined) firstOfSet.set(s, k);
    else parent[find(k)] = find(b);
  });
  return patients.map((_, k) => `\u0000record ${find(k)}`);
}

/** `split` with every row of a copy set on the side of the set's first row. */
function keepSetsTogether(split: { train: Int32Array; test: Int32Array }, copies: Int32Array): { train: Int32Array; test: Int32Array } {
  const held = new Uint8Array(copies.length);
  for (const k of split.test) held[k] = 1;
  const side = new Map<number, number>();
  copies.forEach((s, k) => {
    if (s < 0) return;
    const first = side.get(s);
    if (first === undefined) side.set(s, held[k]!);
    else held[k] = first;
  });
  const all = Int32Array.from({ length: copies.length }, (_, k) => k);
  return { train: all.filter((k) => held[k] === 0), test: all.filter((k) => held[k] === 1) };
}

/**
 * {@link stratifiedFifth} over groups: one fifth of the groups (each by its first row's stratum and
 * outcome) for early stopping, whole, so no group has rows on both sides. With one row per group it
 * is `stratifiedFifth` of the rows. Indices are positions in the arrays.
 * @param strata stratum of each row. @param outcome outcome of each row. @param groups group of each
 * row (e.g. patient). @param seed shuffling seed.
 * @throws ValueError with fewer than 2 groups.
 * @example groupedFifth(rows.map((r) => `${site[r]}|${y[r]}`), rows.map((r) => String(y[r])), rows.map((r) => patient[r]), 0);
 */
export function groupedFifth(strata: string[], outcome: string[], groups: readonly string[], seed: number): { train: Int32Array; test: Int32Array } {
  const index = new Map<string, number>();
  const groupOf = Int32Array.from(groups, (g) => {
    let at = index.get(g);
    if (at === undefined) index.set(g, (at = index.size));
    return at;
  });
  if (index.size === groups.length) return stratifiedFifth(strata, outcome, seed);
  // One item per group, in order of first appearance, with its first row's stratum and outcome.
  const itemStrata: string[] = [];
  const itemOutcome: string[] = [];
  groupOf.forEach((g, k) => {
    if (g === itemStrata.length) {
      itemStrata.push(strata[k]!);
      itemOutcome.push(outcome[k]!);
    }
  });
  if (itemStrata.length < 2) throw new ValueError(`fitOnRows: the early-stopping split needs at least 2 patients. Received: ${groups.length} rows of 1 patient.`);
  const held = new Uint8Array(itemStrata.length);
  for (const g of stratifiedFifth(itemStrata, itemOutcome, seed).test) held[g] = 1;
  const all = Int32Array.from({ length: groups.length }, (_, k) => k);
  return { train: all.filter((k) => held[groupOf[k]!] === 0), test: all.filter((k) => held[groupOf[k]!] === 1) };
}

/**
 * One stratified fifth of the rows for early stopping, as every clinreg fit uses: stratified by
 * `strata` (e.g. site × outcome); strata with fewer than 5 rows fall back to `outcome` strata; with
 * fewer than 5 rows of an outcome the number of folds shrinks (≥ 2), and with a single row of an
 * outcome the split is unstratified. Indices are positions in the arrays.
 * @param strata stratum of each row. @param outcome outcome of each row. @param seed shuffling seed.
 * @example stratifiedFifth(rows.map((r) => `${site[r]}|${y[r]}`), rows.map((r) => String(y[r])), 0);
 */
export function stratifiedFifth(strata: string[], outcome: string[], seed: number): { train: Int32Array; test: Int32Array } {
  const counts = new Map<string, number>();
  for (const s of strata) counts.set(s, (counts.get(s) ?? 0) + 1);
  const merged = strata.map((s, i) => (counts.get(s)! < 5 ? `*|${outcome[i]!}` : s));
  const mergedCounts = new Map<string, number>();
  for (const s of merged) mergedCounts.set(s, (mergedCounts.get(s) ?? 0) + 1);
  const smallest = Math.min(...mergedCounts.values());
  if (smallest < 2) return new KFold({ nSplits: Math.min(5, strata.length), shuffle: true, randomState: seed }).split(strata.length).next().value!;
  return new StratifiedKFold({ nSplits: Math.min(5, smallest), shuffle: true, randomState: seed }).split(strata.length, merged).next().value!;
}
