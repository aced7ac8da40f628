import { DataError, ValueError } from '../errors.js';
import { binaryTarget, rowsWithTarget } from '../data/binary-target.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { rocAucScore } from '../metrics/roc-auc.js';
import type { Module } from '../nn/module.js';
import { MIN_SITE_ROWS, smallSitesLabel } from '../checks/small-sites.js';
import { manualSeed } from '../stats/random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { History } from '../train/history.js';
import { evaluateCrossSite, type CrossSiteOptions, type CrossSiteResult, type SitePredictions } from './cross-site.js';
import { FIT_SETTINGS_KEYS, labelTensor, pick, prepareRows, toTensor, trainModel, type FitSettings } from './fit-rows.js';
import { forwardInBatches } from '../train/forward-batches.js';

export { MIN_SITE_ROWS };

/** Options every validation scheme shares: the training recipe plus what happens around the folds. */
export interface FoldEngineOptions extends FitSettings {
  /** Options of the cross-site evaluation of the held-out predictions. */
  crossSite?: CrossSiteOptions;
  /** Called after each fold (for progress reporting). */
  onFold?: (fold: ValidationFold, index: number, total: number) => void;
  /**
   * Replace the default training (`fitOnRows`' recipe) by your own, e.g. domain adaptation with the
   * held-out rows unlabelled. Must return a model giving one logit per row.
   */
  trainFold?: (fold: FoldData) => { model: Module; history?: History };
  /** Rows (indices into the labelled rows) kept out of every development set, e.g. a temporal gap. */
  excludeFromDevelopment?: Int32Array;
  /**
   * Sites with fewer labelled rows are evaluated as one pooled group labelled
   * `small sites (n<minSiteRows)` (leave-one-site-out also holds them out together). Default 20.
   */
  minSiteRows?: number;
}

/** Option names of {@link FoldEngineOptions} (kept in step with the type by `satisfies`). */
export const FOLD_ENGINE_KEYS = {
  ...FIT_SETTINGS_KEYS,
  crossSite: true,
  onFold: true,
  trainFold: true,
  excludeFromDevelopment: true,
  minSiteRows: true,
} as const satisfies Record<keyof Required<FoldEngineOptions>, true>;

/** What a custom `trainFold` receives: preprocessed matrices of one fold. */
export interface FoldData {
  /** The fold's name (the held-out site under leave-one-site-out). */
  name: string;
  /** Alias of `name` (the field's name before folds were not always sites). */
  site: string;
  /** Every site (the domain index of a row is its site's position in `sites`). */
  sites: string[];
  xTrain: Tensor;
  yTrain: Tensor;
  xVal: Tensor;
  yVal: Tensor;
  /** The held-out rows, unlabelled as far as training is concerned. */
  xTest: Tensor;
  /** Index into `sites` of each training / test row. */
  domainTrain: Int32Array;
  domainTest: Int32Array;
  seed: number;
}

/** One held-out fold. */
export interface ValidationFold {
  /** The held-out part: a site, a pooled group of small sites, 'fold 3', 'latest' or 'test'. */
  name: string;
  /** Alias of `name` (kept for code written when every fold was a site). */
  site: string;
  /** Sites with rows in the development set. */
  trainSites: string[];
  /** Whole site(s) held out for early stopping, or 'site-stratified' when a fifth of every site was. */
  innerValidation: string[] | 'site-stratified';
  nTrain: number;
  nTest: number;
  /** Apparent AUC on the development rows the model was fitted on. */
  developmentAuc: number | null;
  /** AUC on the inner validation rows (internal validation). */
  internalAuc: number | null;
  /** AUC on the held-out rows (external validation); null when they have one class. */
  externalAuc: number | null;
  /** The fit history (absent when a custom trainFold returned none). */
  history?: History;
}

/** Result of cross-validation under any scheme: the folds and the cross-site evaluation. */
export interface CrossValidationResult {
  folds: ValidationFold[];
  /** Every tested row as predicted by the model that did not see it, with its site (or pooled group). */
  predictions: SitePredictions;
  crossSite: CrossSiteResult;
  /** Sites pooled into the `small sites (n<…)` group (empty when none). */
  pooledSites: string[];
}

/** Labelled rows of a table with their 0/1 labels and site (or 'all' without a site column). */
export interface LabelledRows {
  rows: Int32Array;
  y: Uint8Array;
  siteOf: string[];
}

/** One fold to run: positions (into the labelled rows) of its test rows. */
export interface FoldSpec {
  name: string;
  test: Int32Array;
}

/** The labelled rows, labels and sites; rows without a site are a DataError naming the first and the fix. */
export function labelledRows(table: Table, schema: Schema, who: string): LabelledRows {
  const rows = rowsWithTarget(table, schema);
  const y = binaryTarget(table, schema, { rows });
  if (schema.site === undefined) return { rows, y, siteOf: Array.from(rows, () => 'all') };
  const allSites = table.strings(schema.site);
  const siteOf = Array.from(rows, (r) => allSites[r] ?? '');
  const k = siteOf.indexOf('');
  if (k >= 0) {
    const missing = siteOf.reduce((n, s) => n + (s === '' ? 1 : 0), 0);
    const them = missing === 1 ? 'it' : 'them';
    throw new DataError(
      `${who}: ${missing === 1 ? 'this row has' : `this row and ${missing - 1} more have`} no site, and each row is held out with its site. Fix: fill in '${schema.site}' for ${them}, or remove ${them}.`,
      { ...(table.source !== undefined ? { file: table.source } : {}), row: table.fileRow(rows[k]!), column: schema.site },
    );
  }
  return { rows, y, siteOf };
}

/** Number of labelled rows per site, in first-seen order. */
export function siteCounts(siteOf: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of siteOf) counts.set(s, (counts.get(s) ?? 0) + 1);
  return counts;
}

/**
 * Sites with fewer than `min` rows, when at least 2 are (a group of one small site would only lose
 * its name; never the single 'all' group of a table without sites).
 */
export function smallSites(siteOf: readonly string[], min: number): string[] {
  const counts = siteCounts(siteOf);
  if (counts.size < 2) return [];
  const small = [...counts].filter(([, n]) => n < min).map(([s]) => s);
  return small.length >= 2 ? small : [];
}

/**
 * Run validation folds: each fold's `test` indexes `data.rows`; every other labelled row (less
 * `excludeFromDevelopment`) is the development set, trained by `fitOnRows`' recipe (seed + fold
 * index for the model, the base seed for the inner split). Rows in no test fold are left out of the
 * cross-site evaluation; sites below `minSiteRows` are evaluated as one pooled group.
 */
export function runFolds(
  buildModel: (nFeatures: number) => Module,
  table: Table,
  schema: Schema,
  data: LabelledRows,
  foldSpecs: readonly FoldSpec[],
  options: FoldEngineOptions,
): CrossValidationResult {
  const outcomes = foldSpecs.map((spec, index) => {
    const outcome = runFold(buildModel, table, schema, data, spec, index, options);
    options.onFold?.(outcome.fold, index, foldSpecs.length);
    return outcome;
  });
  return assembleFolds(data, foldSpecs, outcomes, options);
}

/** What one fold gave: its summary and the held-out probability of each of its test rows. */
export interface FoldOutcome {
  fold: ValidationFold;
  /** Probability of each row of the fold's `test` (same order). */
  prob: Float64Array;
}

/**
 * Train and test one fold of {@link runFolds}: the same recipe and seeds (model seed `seed + index`,
 * inner split seed `seed`) whichever process runs it, so folds run apart (worker threads, a sweep's
 * jobs on other machines) give exactly the serial numbers. Internal to validate/ and sweep/.
 */
export function runFold(
  buildModel: (nFeatures: number) => Module,
  table: Table,
  schema: Schema,
  data: LabelledRows,
  spec: FoldSpec,
  index: number,
  options: FoldEngineOptions,
): FoldOutcome {
  const { rows, y, siteOf } = data;
  const { name, test } = spec;
  const sites = [...new Set(siteOf)];
  const seed = options.seed ?? 0;
  const inTest = new Uint8Array(rows.length);
  for (const k of test) inTest[k] = 1;
  for (const k of options.excludeFromDevelopment ?? []) inTest[k] = 2;
  const dev = Int32Array.from({ length: rows.length }, (_, k) => k).filter((k) => inTest[k] === 0);
  if (dev.length < 2) {
    const where = schema.site !== undefined ? `site '${schema.site}': ` : '';
    throw new ValueError(
      `${where}holding out ${name} leaves ${dev.length} labelled row(s) to develop a model on. Fix: drop the tiny sites, or use a scheme that keeps more rows for development (group k-fold).`,
    );
  }
  const devSites = Array.from(dev, (k) => siteOf[k]!);
  const prepared = prepareRows(table, schema, pick(rows, dev), pickLabels(y, dev), { ...options, sites: devSites, innerSeed: seed });
  const inner = pick(dev, prepared.inner);
  const val = pick(dev, prepared.val);
  const xTest = toTensor(prepared.preprocessor.transform(table, pick(rows, test)), test.length);
  manualSeed(seed + index);
  let model: Module;
  let history: History | undefined;
  if (options.trainFold !== undefined) {
    const domainOf = (k: number): number => sites.indexOf(siteOf[k]!);
    ({ model, history } = options.trainFold({
      name, site: name, sites, xTrain: prepared.xTrain, yTrain: labelTensor(y, inner, options.labelSmoothing ?? 0),
      xVal: prepared.xVal, yVal: labelTensor(y, val, 0), xTest,
      domainTrain: Int32Array.from(inner, domainOf), domainTest: Int32Array.from(test, domainOf), seed: seed + index,
    }));
  } else {
    model = buildModel(prepared.preprocessor.featureNames.length);
    history = trainModel(model, prepared, pickLabels(y, dev), options, seed + index);
  }
  const pTest = predict(model, xTest);
  const fold: ValidationFold = {
    name,
    site: name,
    trainSites: [...new Set(devSites)],
    innerValidation: prepared.innerValidation,
    nTrain: inner.length,
    nTest: test.length,
    developmentAuc: safeAuc(pickLabels(y, inner), predict(model, prepared.xTrain)),
    internalAuc: safeAuc(pickLabels(y, val), predict(model, prepared.xVal)),
    externalAuc: safeAuc(pickLabels(y, test), pTest),
    ...(history !== undefined ? { history } : {}),
  };
  return { fold, prob: pTest };
}

/**
 * The cross-validation result of fold outcomes (aligned with `foldSpecs`): the out-of-fold
 * predictions grouped by site (sites under `minSiteRows` pooled) and their cross-site evaluation.
 * Internal to validate/ and sweep/.
 */
export function assembleFolds(
  data: LabelledRows,
  foldSpecs: readonly FoldSpec[],
  outcomes: readonly FoldOutcome[],
  options: Pick<FoldEngineOptions, 'minSiteRows' | 'crossSite'>,
): CrossValidationResult {
  const { rows, y, siteOf } = data;
  const prob = new Float64Array(rows.length).fill(NaN);
  foldSpecs.forEach(({ test }, f) => test.forEach((k, i) => (prob[k] = outcomes[f]!.prob[i]!)));
  const minSiteRows = options.minSiteRows ?? MIN_SITE_ROWS;
  const pooledSites = smallSites(siteOf, minSiteRows);
  const pooled = new Set(pooledSites);
  const label = smallSitesLabel(minSiteRows);
  const scored = Int32Array.from({ length: rows.length }, (_, k) => k).filter((k) => !Number.isNaN(prob[k]!));
  const predictions: SitePredictions = {
    yTrue: Float64Array.from(scored, (k) => y[k]!),
    yProb: Float64Array.from(scored, (k) => prob[k]!),
    sites: Array.from(scored, (k) => (pooled.has(siteOf[k]!) ? label : siteOf[k]!)),
  };
  return { folds: outcomes.map((o) => o.fold), predictions, crossSite: evaluateCrossSite(predictions, options.crossSite ?? {}), pooledSites };
}

function predict(model: Module, x: Tensor): Float64Array {
  model.eval();
  const out = forwardInBatches(model, x); // chunked: bounded activation memory (H4, #19)
  return Float64Array.from(out.data, (v) => 1 / (1 + Math.exp(-v)));
}

function safeAuc(y: ArrayLike<number>, p: ArrayLike<number>): number | null {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i]!;
  return pos === 0 || pos === y.length ? null : rocAucScore(y, p);
}

function pickLabels(y: Uint8Array, idx: Int32Array): Float64Array {
  return Float64Array.from(idx, (k) => y[k]!);
}
