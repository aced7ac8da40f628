import { ValueError } from '../errors.js';
import { adaptationPlan, type AdaptMethod, type DannSettings } from '../adapt/adaptation-plan.js';
import { resolveSplits } from '../checks/leakage/split.js';
import { checkOptions } from '../option-keys.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { GroupKFold } from '../model-selection/group-kfold.js';
import { StratifiedKFold } from '../model-selection/stratified-kfold.js';
import { TemporalSplit } from '../model-selection/temporal-split.js';
import type { Module } from '../nn/module.js';
import { FOLD_ENGINE_KEYS, MIN_SITE_ROWS, labelledRows, runFolds, type CrossValidationResult, type FoldEngineOptions, type FoldSpec, type LabelledRows } from './fold-engine.js';
import { siteFolds } from './leave-one-site-out.js';

/** How development and test rows are separated. */
export type ValidationScheme = 'leave-one-site-out' | 'group-kfold' | 'stratified-kfold' | 'temporal' | 'split';

/** Every scheme `crossValidate` knows. */
export const VALIDATION_SCHEMES: readonly ValidationScheme[] = ['leave-one-site-out', 'group-kfold', 'stratified-kfold', 'temporal', 'split'];

/** Options of `crossValidate`: the shared fold options plus the scheme. */
export interface CrossValidateOptions extends FoldEngineOptions {
  /** Default 'leave-one-site-out'. */
  scheme?: ValidationScheme;
  /**
   * group-kfold and stratified-kfold: number of folds, an integer ≥ 2. Lowered, never raised, to the
   * number of groups (group-kfold) or to the rows of the rarer outcome (stratified-kfold). Default 5.
   */
  nSplits?: number;
  /** temporal: share of the latest rows held out. Default 0.2. */
  testSize?: number;
  /** temporal: milliseconds between the last training and the first test record. Default 0. */
  gap?: number;
  /** Domain adaptation in every fold (`adapt.adaptationPlan`): 'none' (default), 'per-site-norm' or 'dann'. */
  adapt?: AdaptMethod;
  /** DANN settings when `adapt` is 'dann'. */
  dann?: DannSettings;
}

const CROSS_VALIDATE_KEYS = {
  ...FOLD_ENGINE_KEYS,
  scheme: true,
  nSplits: true,
  testSize: true,
  gap: true,
  adapt: true,
  dann: true,
} as const satisfies Record<keyof Required<CrossValidateOptions>, true>;

/** A cross-validation result with the scheme that produced it. */
export interface CrossValidateResult extends CrossValidationResult {
  scheme: ValidationScheme;
  /** The adaptation used (absent for 'none'); per fold, which DANN checkpoint its label-free rule kept. */
  adaptation?: { method: AdaptMethod; selections: Record<string, 'adversarial' | 'warm-up'> };
}

/**
 * Validate a model-building recipe with a site-, patient- or time-aware scheme:
 * - 'leave-one-site-out': each site held out in turn (`leaveOneSiteOut`; sites under `minSiteRows`
 *   held out together as one pooled fold);
 * - 'group-kfold': GroupKFold over patients (the schema's `patient`, else its `site`), so no patient
 *   (or site) is on both sides; many small sites train in `nSplits` folds;
 * - 'stratified-kfold': one cohort, shuffled StratifiedKFold by outcome (seeded);
 * - 'temporal': train strictly before a cut-off, test on the latest `testSize` of records (the
 *   schema's `time`), with an optional gap;
 * - 'split': the schema's `split` column marks development ('train') and test ('test') rows.
 * Every fold is trained by `fitOnRows`' recipe. The cross-site evaluation covers every tested row,
 * grouped by site ('all' without a site column; sites under `minSiteRows` pooled as one group).
 * @throws ValueError when the scheme needs a column the schema lacks, for an unknown scheme, an
 *   unknown or bad option, or when the data cannot make 2 folds (the message names the column).
 * @example crossValidate(build, table, schema, { scheme: 'group-kfold', nSplits: 5 });
 */
export function crossValidate(
  buildModel: (nFeatures: number) => Module,
  table: Table,
  schema: Schema,
  options: CrossValidateOptions = {},
): CrossValidateResult {
  checkOptions('crossValidate', options, CROSS_VALIDATE_KEYS);
  const plan = foldPlan(table, schema, options);
  const adaptation = adaptationPlan(options.adapt ?? 'none', table, schema, options.dann);
  return {
    ...runFolds(buildModel, adaptation.table, schema, plan.data, plan.folds, {
      ...options,
      ...(adaptation.trainFold ? { trainFold: adaptation.trainFold } : {}),
      ...(plan.excludeFromDevelopment !== undefined ? { excludeFromDevelopment: plan.excludeFromDevelopment } : {}),
    }),
    scheme: plan.scheme,
    ...(adaptation.method !== 'none' ? { adaptation: { method: adaptation.method, selections: Object.fromEntries(adaptation.selections) } } : {}),
  };
}

/** The folds of a scheme, before any training: what `crossValidate` runs. */
export interface FoldPlan {
  scheme: ValidationScheme;
  /** The labelled rows, labels and sites the folds index. */
  data: LabelledRows;
  folds: FoldSpec[];
  /** Rows on neither side (temporal gap, split rows without a side); absent when none are set aside. */
  excludeFromDevelopment?: Int32Array;
}

/**
 * The held-out folds `crossValidate` makes for a scheme (checked as it checks them), without
 * training: a distributed sweep plans its jobs from it and each job rebuilds it from the same data.
 * Internal to validate/ and sweep/.
 * @throws ValueError as `crossValidate` does for the scheme, nSplits, testSize and gap.
 */
export function foldPlan(table: Table, schema: Schema, options: Pick<CrossValidateOptions, 'scheme' | 'nSplits' | 'testSize' | 'gap' | 'seed' | 'minSiteRows'>): FoldPlan {
  const scheme = options.scheme ?? 'leave-one-site-out';
  if (!VALIDATION_SCHEMES.includes(scheme)) {
    throw new ValueError(`crossValidate: scheme must be one of ${VALIDATION_SCHEMES.map((s) => `'${s}'`).join(', ')}. Received: ${String(scheme)}.`);
  }
  const nSplits = options.nSplits ?? 5;
  if (!Number.isInteger(nSplits) || nSplits < 2) throw new ValueError(`crossValidate: nSplits must be an integer ≥ 2. Received: ${String(nSplits)}.`);
  const needs = NEEDS[scheme];
  if (needs !== undefined && !needs.has(schema)) throw new ValueError(`crossValidate: '${scheme}' needs ${needs.what}. Fix: ${needs.fix}`);
  const data = labelledRows(table, schema, scheme);
  switch (scheme) {
    case 'leave-one-site-out':
      return { scheme, data, folds: siteFolds(data, schema.site!, options.minSiteRows ?? MIN_SITE_ROWS) };
    case 'group-kfold':
      return { scheme, data, folds: groupFolds(table, schema, data, nSplits) };
    case 'stratified-kfold':
      return { scheme, data, folds: stratifiedFolds(schema, data, nSplits, options.seed ?? 0) };
    case 'temporal': {
      const split = temporalSplit(table, schema.time!, data, options.testSize ?? 0.2, options.gap ?? 0);
      return { scheme, data, folds: [{ name: 'latest', test: split.test }], excludeFromDevelopment: excluded(data.rows.length, split.train, split.test) };
    }
    case 'split': {
      const [s] = resolveSplits('crossValidate', table, schema, schema.split!, undefined);
      const train = positionsOf(data.rows, s!.train);
      const test = positionsOf(data.rows, s!.test);
      if (train.length < 2 || test.length === 0) {
        throw new ValueError(`split '${schema.split!}': needs labelled 'train' rows (≥ 2) and 'test' rows. Received: ${train.length} train, ${test.length} test with a target.`);
      }
      return { scheme, data, folds: [{ name: 'test', test }], excludeFromDevelopment: excluded(data.rows.length, train, test) };
    }
  }
}

const NEEDS: Partial<Record<ValidationScheme, { has: (s: Schema) => boolean; what: string; fix: string }>> = {
  'leave-one-site-out': { has: (s) => s.site !== undefined, what: 'a site column', fix: 'set schema.site (CLI: --site COL), or use another scheme.' },
  'group-kfold': {
    has: (s) => s.patient !== undefined || s.site !== undefined,
    what: 'a patient or site column to group by',
    fix: 'set schema.patient or schema.site (CLI: --patient COL or --site COL).',
  },
  temporal: { has: (s) => s.time !== undefined, what: 'a time column', fix: 'set schema.time (CLI: --time COL).' },
  split: { has: (s) => s.split !== undefined, what: 'a split column', fix: "set schema.split to a column of 'train'/'test' (CLI: --split COL)." },
};

/** GroupKFold by patient (else site), with at most as many folds as groups. */
function groupFolds(table: Table, schema: Schema, data: LabelledRows, nSplits: number): { name: string; test: Int32Array }[] {
  const column = (schema.patient ?? schema.site)!;
  const role = schema.patient !== undefined ? 'patient' : 'site';
  const all = table.strings(column);
  const groups = Array.from(data.rows, (r) => all[r] ?? '');
  const missing = groups.indexOf('');
  if (missing >= 0) {
    throw new ValueError(`${role} '${column}': row ${table.fileRow(data.rows[missing]!)} has no value; group k-fold needs every row's ${role}. Fix: fill it in or drop the row.`);
  }
  const nGroups = new Set(groups).size;
  if (nGroups < 2) {
    throw new ValueError(`${role} '${column}': group k-fold needs at least 2 distinct values. Received: ${nGroups} ('${groups[0] ?? ''}'). Fix: give another --${role} column, or use stratified k-fold.`);
  }
  const k = Math.min(nSplits, nGroups);
  return [...new GroupKFold({ nSplits: k }).split(data.rows.length, undefined, groups)].map((f, i) => ({ name: `fold ${i + 1}`, test: f.test }));
}

/** Shuffled StratifiedKFold by outcome, with at most as many folds as rows of the rarer outcome. */
function stratifiedFolds(schema: Schema, data: LabelledRows, nSplits: number, seed: number): { name: string; test: Int32Array }[] {
  let events = 0;
  for (const v of data.y) events += v;
  const rarer = Math.min(events, data.y.length - events);
  if (rarer < 2) {
    throw new ValueError(
      `target '${schema.target}': stratified k-fold needs at least 2 rows of each outcome. Received: ${events} events and ${data.y.length - events} non-events.`,
    );
  }
  const k = Math.min(nSplits, rarer);
  const splitter = new StratifiedKFold({ nSplits: k, shuffle: true, randomState: seed });
  return [...splitter.split(data.rows.length, Array.from(data.y))].map((f, i) => ({ name: `fold ${i + 1}`, test: f.test }));
}

/**
 * The latest `testSize` of the dated rows as test, earlier ones (before the gap) as development;
 * undated rows are on neither side. Positions index the labelled rows. Errors name the time column.
 */
function temporalSplit(table: Table, column: string, data: LabelledRows, testSize: number, gap: number): { train: Int32Array; test: Int32Array } {
  const all = table.numbers(column);
  const dated = Int32Array.from({ length: data.rows.length }, (_, k) => k).filter((k) => Number.isFinite(all[data.rows[k]!]!));
  if (dated.length < 2) {
    throw new ValueError(`time '${column}': temporal validation needs at least 2 dated rows. Received: ${dated.length} of ${data.rows.length} labelled rows have a date. Fix: fill in the dates, or use another scheme.`);
  }
  const times = Float64Array.from(dated, (k) => all[data.rows[k]!]!);
  let split: { train: Int32Array; test: Int32Array };
  try {
    split = new TemporalSplit({ testSize, gap }).split(dated.length, undefined, times).next().value!;
  } catch (e) {
    // Phrase the splitter's precondition with the user's column, not the class name.
    if (e instanceof ValueError) throw new ValueError(`time '${column}': ${e.message.replace(/^TemporalSplit: /, '')}`);
    throw e;
  }
  return { train: Int32Array.from(split.train, (k) => dated[k]!), test: Int32Array.from(split.test, (k) => dated[k]!) };
}

/** Positions in `rows` (ascending table rows) of the table rows `wanted`. */
function positionsOf(rows: Int32Array, wanted: Int32Array): Int32Array {
  const at = new Map<number, number>();
  rows.forEach((r, k) => at.set(r, k));
  const out: number[] = [];
  for (const r of wanted) {
    const k = at.get(r);
    if (k !== undefined) out.push(k);
  }
  return Int32Array.from(out);
}

/** Rows neither in train nor test (the gap, undated or unassigned rows) must not be used for development. */
function excluded(n: number, train: Int32Array, test: Int32Array): Int32Array {
  const used = new Uint8Array(n);
  for (const k of train) used[k] = 1;
  for (const k of test) used[k] = 1;
  return Int32Array.from({ length: n }, (_, k) => k).filter((k) => used[k] === 0);
}
