import { DataError, ValueError } from '../errors.js';
import { binaryTarget, rowsWithTarget } from '../data/binary-target.js';
import { TabularPreprocessor, type TabularPreprocessorOptions } from '../data/preprocessing/tabular-preprocessor.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { rocAucScore } from '../metrics/roc-auc.js';
import { GroupKFold } from '../model-selection/group-kfold.js';
import { KFold } from '../model-selection/kfold.js';
import { StratifiedKFold } from '../model-selection/stratified-kfold.js';
import { BCEWithLogitsLoss } from '../nn/losses/bce-with-logits-loss.js';
import type { Module } from '../nn/module.js';
import { AdamW } from '../optim/adamw.js';
import { noGrad } from '../tensor/autograd.js';
import { manualSeed } from '../stats/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { Augment } from '../train/fit.js';
import { fit } from '../train/fit.js';
import type { History } from '../train/history.js';
import type { ProgressMode } from '../train/progress.js';
import { evaluateCrossSite, type CrossSiteOptions, type CrossSiteResult, type SitePredictions } from './cross-site.js';

/** Options of `leaveOneSiteOut`. Training defaults follow the seed (AdamW lr 3e-4, weight decay 1e-4). */
export interface LeaveOneSiteOutOptions {
  epochs?: number;
  batchSize?: number;
  lr?: number;
  weightDecay?: number;
  /** Label smoothing of the BCE targets. Default 0. */
  labelSmoothing?: number;
  /** Early-stopping patience on the inner validation loss (best weights restored). Default 10. */
  patience?: number;
  /** Seed of everything stochastic in every fold. Default 0. */
  seed?: number;
  /**
   * Inner validation for early stopping. 'site-stratified' (default) holds out a fifth of every
   * training site, stratified by site × outcome, so each hospital is represented on both sides.
   * 'site-held-out' holds out one whole training site (GroupKFold by site, first fold), so
   * stopping rewards what transfers to an unseen hospital; with few, label-shifted sites (the
   * heart data: training on 2 of 4 sites, 85% positive) it stops after an epoch or two, which is
   * why it is not the default. With a single training site it falls back to 'site-stratified'.
   */
  innerValidation?: 'site-stratified' | 'site-held-out';
  preprocess?: TabularPreprocessorOptions;
  augment?: Augment;
  crossSite?: CrossSiteOptions;
  progress?: ProgressMode;
  /** Called after each fold (for progress reporting). */
  onFold?: (fold: LosoFold, index: number, total: number) => void;
  /**
   * Replace the default training (fit with AdamW, BCE and early stopping) by your own, e.g. domain
   * adaptation with the held-out site's unlabelled rows. Must return a model giving one logit per row.
   */
  trainFold?: (fold: FoldData) => { model: Module; history?: History };
  /** Train every epoch without early stopping (for unregularised baselines). Default false. */
  noEarlyStopping?: boolean;
  /** Rows (indices into the labelled rows) kept out of every development set, e.g. a temporal gap. */
  excludeFromDevelopment?: Int32Array;
}

/** What a custom `trainFold` receives: preprocessed matrices of one fold. */
export interface FoldData {
  /** The held-out site and the training sites, in order (the domain index of a row is its site's position in `sites`). */
  site: string;
  sites: string[];
  xTrain: Tensor;
  yTrain: Tensor;
  xVal: Tensor;
  yVal: Tensor;
  /** The held-out site's rows, unlabelled as far as training is concerned. */
  xTest: Tensor;
  /** Index into `sites` of each training / test row. */
  domainTrain: Int32Array;
  domainTest: Int32Array;
  seed: number;
}

/** One held-out site. */
export interface LosoFold {
  site: string;
  trainSites: string[];
  /** Whole site(s) held out for early stopping, or 'site-stratified' when a fifth of every site was. */
  innerValidation: string[] | 'site-stratified';
  nTrain: number;
  nTest: number;
  /** Apparent AUC on the development rows the model was fitted on. */
  developmentAuc: number | null;
  /** AUC on the inner validation rows (internal validation). */
  internalAuc: number | null;
  /** AUC at the held-out site (external validation); null when the site has one class. */
  externalAuc: number | null;
  /** The fit history (absent when a custom trainFold returned none). */
  history?: History;
}

/** Result of `leaveOneSiteOut`: the development-vs-external table and the cross-site evaluation. */
export interface LosoResult {
  folds: LosoFold[];
  /** Every site's rows as predicted by the model that did not see that site. */
  predictions: SitePredictions;
  crossSite: CrossSiteResult;
}

/**
 * Leave-one-site-out validation (seed Q5: "use GroupKFold by site … to detect overfitting to any
 * single site"): for each site, fit a fresh model from `buildModel` on all other sites —
 * preprocessing fitted on the training rows only, early stopping (with restored weights) on an
 * inner validation split stratified by site × outcome (or a held-out site) — and predict the
 * held-out site. Returns each fold's development, internal and external AUC and
 * `evaluateCrossSite` over the external predictions. The same as
 * `crossValidate(…, { scheme: 'leave-one-site-out' })`.
 * @param buildModel returns a fresh binary model (one logit) for `nFeatures` inputs.
 * @param table the data; rows with a missing target are left out.
 * @param schema needs `site`.
 * @throws ValueError without a site column or with fewer than 2 sites.
 * @example leaveOneSiteOut((n) => recommend.buildModel(config, n), table, schema, { epochs: 100 });
 */
export function leaveOneSiteOut(
  buildModel: (nFeatures: number) => Module,
  table: Table,
  schema: Schema,
  options: LeaveOneSiteOutOptions = {},
): LosoResult {
  if (schema.site === undefined) throw new ValueError('leaveOneSiteOut: the schema needs a site column. Fix: set schema.site (CLI: --site COL).');
  const data = labelledRows(table, schema, 'leaveOneSiteOut');
  const sites = [...new Set(data.siteOf)];
  if (sites.length < 2) throw new ValueError(`leaveOneSiteOut: needs at least 2 sites. Received: ${sites.length} (${sites.join(', ')}).`);
  const folds = sites.map((site) => ({ name: site, test: indicesWhere(data.siteOf, (s) => s === site) }));
  return runFolds(buildModel, table, schema, data, folds, options);
}

/** Labelled rows of a table with their 0/1 labels and site (or 'all' without a site column). */
export interface LabelledRows {
  rows: Int32Array;
  y: Uint8Array;
  siteOf: string[];
}

/** The labelled rows, labels and sites; a row without a site is a DataError naming it. */
export function labelledRows(table: Table, schema: Schema, who: string): LabelledRows {
  const rows = rowsWithTarget(table, schema);
  const y = binaryTarget(table, schema, { rows });
  if (schema.site === undefined) return { rows, y, siteOf: Array.from(rows, () => 'all') };
  const allSites = table.strings(schema.site);
  const siteOf = Array.from(rows, (r) => allSites[r] ?? '');
  const k = siteOf.indexOf('');
  if (k >= 0) {
    throw new DataError(`${who}: a row has no site.`, { ...(table.source !== undefined ? { file: table.source } : {}), row: table.fileRow(rows[k]!), column: schema.site });
  }
  return { rows, y, siteOf };
}

/**
 * Run validation folds: each fold's `test` indexes `data.rows`; every other labelled row is the
 * development set. Rows not in any test fold are left out of the cross-site evaluation.
 */
export function runFolds(
  buildModel: (nFeatures: number) => Module,
  table: Table,
  schema: Schema,
  data: LabelledRows,
  foldSpecs: { name: string; test: Int32Array }[],
  options: LeaveOneSiteOutOptions,
): LosoResult {
  const { rows, y, siteOf } = data;
  const sites = [...new Set(siteOf)];
  const seed = options.seed ?? 0;
  const folds: LosoFold[] = [];
  const prob = new Float64Array(rows.length).fill(NaN);
  foldSpecs.forEach(({ name: site, test }, index) => {
    const inTest = new Uint8Array(rows.length);
    for (const k of test) inTest[k] = 1;
    for (const k of options.excludeFromDevelopment ?? []) inTest[k] = 2;
    const dev = Int32Array.from({ length: rows.length }, (_, k) => k).filter((k) => inTest[k] === 0);
    const trainSites = [...new Set(Array.from(dev, (k) => siteOf[k]!))];
    const { inner, val, innerValidation } = innerSplit(dev, siteOf, y, trainSites, options.innerValidation ?? 'site-stratified', seed);
    const pre = new TabularPreprocessor(schema, options.preprocess ?? { addIndicator: true });
    const xTrain = toTensor(pre.fitTransform(table, pick(rows, inner)), inner.length);
    const xVal = toTensor(pre.transform(table, pick(rows, val)), val.length);
    const xTest = toTensor(pre.transform(table, pick(rows, test)), test.length);
    manualSeed(seed + index);
    const ls = options.labelSmoothing ?? 0;
    let model: Module;
    let history: History | undefined;
    if (options.trainFold !== undefined) {
      const domainOf = (k: number): number => sites.indexOf(siteOf[k]!);
      ({ model, history } = options.trainFold({
        site, sites, xTrain, yTrain: labels(y, inner, ls), xVal, yVal: labels(y, val, 0), xTest,
        domainTrain: Int32Array.from(inner, domainOf), domainTest: Int32Array.from(test, domainOf), seed: seed + index,
      }));
    } else {
      model = buildModel(pre.featureNames.length);
      history = fit(model, {
        x: xTrain,
        y: labels(y, inner, ls),
        validationData: { x: xVal, y: labels(y, val, 0) },
        loss: new BCEWithLogitsLoss(),
        optimizer: new AdamW(model.parameters(), { lr: options.lr ?? 3e-4, weightDecay: options.weightDecay ?? 1e-4 }),
        epochs: options.epochs ?? 100,
        batchSize: options.batchSize ?? 32,
        seed: seed + index,
        ...(options.noEarlyStopping === true ? {} : { earlyStopping: { monitor: 'val_loss', patience: options.patience ?? 10, restoreBestWeights: true } }),
        ...(options.augment !== undefined ? { augment: options.augment } : {}),
        progress: options.progress ?? 'none',
      });
    }
    const pTest = predict(model, xTest);
    test.forEach((k, i) => (prob[k] = pTest[i]!));
    const fold: LosoFold = {
      site,
      trainSites,
      innerValidation,
      nTrain: inner.length,
      nTest: test.length,
      developmentAuc: safeAuc(pickLabels(y, inner), predict(model, xTrain)),
      internalAuc: safeAuc(pickLabels(y, val), predict(model, xVal)),
      externalAuc: safeAuc(pickLabels(y, test), pTest),
      ...(history !== undefined ? { history } : {}),
    };
    folds.push(fold);
    options.onFold?.(fold, index, foldSpecs.length);
  });
  const scored = Int32Array.from({ length: rows.length }, (_, k) => k).filter((k) => !Number.isNaN(prob[k]!));
  const predictions: SitePredictions = {
    yTrue: Float64Array.from(scored, (k) => y[k]!),
    yProb: Float64Array.from(scored, (k) => prob[k]!),
    sites: Array.from(scored, (k) => siteOf[k]!),
  };
  return { folds, predictions, crossSite: evaluateCrossSite(predictions, options.crossSite ?? {}) };
}

function innerSplit(
  dev: Int32Array,
  siteOf: string[],
  y: Uint8Array,
  trainSites: string[],
  mode: 'site-stratified' | 'site-held-out',
  seed: number,
): { inner: Int32Array; val: Int32Array; innerValidation: string[] | 'site-stratified' } {
  if (mode === 'site-held-out' && trainSites.length >= 2) {
    const groups = Array.from(dev, (k) => siteOf[k]!);
    const split = new GroupKFold({ nSplits: Math.min(trainSites.length, 5) }).split(dev.length, undefined, groups).next().value!;
    const val = pick(dev, split.test);
    return { inner: pick(dev, split.train), val, innerValidation: [...new Set(Array.from(val, (k) => siteOf[k]!))] };
  }
  const split = stratifiedFifth(Array.from(dev, (k) => `${siteOf[k]!}|${y[k]!}`), Array.from(dev, (k) => String(y[k]!)), seed);
  return { inner: pick(dev, split.train), val: pick(dev, split.test), innerValidation: 'site-stratified' };
}

/**
 * One stratified fifth of the rows for early stopping, as every clinreg validation fold uses:
 * stratified by `strata` (e.g. site × outcome); strata with fewer than 5 rows fall back to
 * `outcome` strata; with fewer than 5 rows of an outcome the number of folds shrinks (≥ 2), and
 * with a single row of an outcome the split is unstratified. Indices are positions in the arrays.
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

function predict(model: Module, x: Tensor): Float64Array {
  model.eval();
  const out = noGrad(() => model.forward(x));
  return Float64Array.from(out.data, (v) => 1 / (1 + Math.exp(-v)));
}

function safeAuc(y: ArrayLike<number>, p: ArrayLike<number>): number | null {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i]!;
  return pos === 0 || pos === y.length ? null : rocAucScore(y, p);
}

function labels(y: Uint8Array, idx: Int32Array, smoothing: number): Tensor {
  const out = new Float32Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = y[idx[i]!]! * (1 - smoothing) + smoothing / 2;
  return new Tensor(out, [idx.length, 1]);
}

function pickLabels(y: Uint8Array, idx: Int32Array): Float64Array {
  return Float64Array.from(idx, (k) => y[k]!);
}

function toTensor(x: Float32Array, n: number): Tensor {
  return new Tensor(x, [n, n === 0 ? 0 : x.length / n]);
}

function indicesWhere(values: string[], pred: (s: string) => boolean): Int32Array {
  const out: number[] = [];
  values.forEach((v, i) => pred(v) && out.push(i));
  return Int32Array.from(out);
}

function pick(values: Int32Array, idx: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: idx.length }, (_, i) => values[idx[i]!]!);
}
