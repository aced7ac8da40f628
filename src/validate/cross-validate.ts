import { ValueError } from '../errors.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { GroupKFold } from '../model-selection/group-kfold.js';
import { TemporalSplit } from '../model-selection/temporal-split.js';
import type { Module } from '../nn/module.js';
import { labelledRows, leaveOneSiteOut, runFolds, type LeaveOneSiteOutOptions, type LosoResult } from './leave-one-site-out.js';

/** How development and test rows are separated. */
export type ValidationScheme = 'leave-one-site-out' | 'group-kfold' | 'temporal';

/** Options of `crossValidate`: the training options of `leaveOneSiteOut` plus the scheme. */
export interface CrossValidateOptions extends LeaveOneSiteOutOptions {
  /** Default 'leave-one-site-out'. */
  scheme?: ValidationScheme;
  /** group-kfold: number of folds (capped at the number of groups). Default 5. */
  nSplits?: number;
  /** temporal: share of the latest rows held out. Default 0.2. */
  testSize?: number;
  /** temporal: milliseconds between the last training and the first test record. Default 0. */
  gap?: number;
}

/**
 * Validate a model-building recipe with a site- or time-aware scheme:
 * - 'leave-one-site-out': each site held out in turn (`leaveOneSiteOut`);
 * - 'group-kfold': GroupKFold over patients (the schema's `patient`, else its `site`), so no
 *   patient (or site) is on both sides;
 * - 'temporal': train strictly before a cut-off, test on the latest `testSize` of records
 *   (the schema's `time`), with an optional gap.
 * Every fold trains as `leaveOneSiteOut` does (preprocessing fitted on development rows, early
 * stopping on an inner stratified fifth). The cross-site evaluation covers every row that was
 * tested, grouped by site (one group 'all' without a site column).
 * @throws ValueError when the scheme needs a column the schema lacks, or for a bad option.
 * @example crossValidate(build, table, schema, { scheme: 'group-kfold', nSplits: 5 });
 */
export function crossValidate(
  buildModel: (nFeatures: number) => Module,
  table: Table,
  schema: Schema,
  options: CrossValidateOptions = {},
): LosoResult {
  const scheme = options.scheme ?? 'leave-one-site-out';
  if (scheme === 'leave-one-site-out') return leaveOneSiteOut(buildModel, table, schema, options);
  const data = labelledRows(table, schema, 'crossValidate');
  if (scheme === 'group-kfold') {
    const groupColumn = schema.patient ?? schema.site;
    if (groupColumn === undefined) {
      throw new ValueError("crossValidate: 'group-kfold' needs a patient or site column to group by. Fix: set schema.patient or schema.site (CLI: --patient COL or --site COL).");
    }
    const all = table.strings(groupColumn);
    const groups = Array.from(data.rows, (r) => all[r] ?? '');
    const nGroups = new Set(groups).size;
    const nSplits = Math.min(options.nSplits ?? 5, nGroups);
    if (nSplits < 2) throw new ValueError(`crossValidate: 'group-kfold' needs at least 2 distinct values in '${groupColumn}'. Received: ${nGroups}.`);
    const folds = [...new GroupKFold({ nSplits }).split(data.rows.length, undefined, groups)].map((f, i) => ({ name: `fold ${i + 1}`, test: f.test }));
    return runFolds(buildModel, table, schema, data, folds, options);
  }
  if (scheme === 'temporal') {
    if (schema.time === undefined) throw new ValueError("crossValidate: 'temporal' needs a time column. Fix: set schema.time (CLI: --time COL).");
    const all = table.numbers(schema.time);
    const times = Float64Array.from(data.rows, (r) => all[r]!);
    const split = new TemporalSplit({ testSize: options.testSize ?? 0.2, gap: options.gap ?? 0 }).split(data.rows.length, undefined, times).next().value!;
    return runFolds(buildModel, table, schema, data, [{ name: 'latest', test: split.test }], { ...options, excludeFromDevelopment: excluded(data.rows.length, split.train, split.test) });
  }
  throw new ValueError(`crossValidate: scheme must be 'leave-one-site-out', 'group-kfold' or 'temporal'. Received: ${String(scheme)}.`);
}

/** Rows neither in train nor test (the gap, or undated rows) must not be used for development. */
function excluded(n: number, train: Int32Array, test: Int32Array): Int32Array {
  const used = new Uint8Array(n);
  for (const k of train) used[k] = 1;
  for (const k of test) used[k] = 1;
  return Int32Array.from({ length: n }, (_, k) => k).filter((k) => used[k] === 0);
}
