import { ValueError } from '../errors.js';
import { TabularPreprocessor, type TabularPreprocessorOptions } from '../data/preprocessing/tabular-preprocessor.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { BCEWithLogitsLoss } from '../nn/losses/bce-with-logits-loss.js';
import type { Module } from '../nn/module.js';
import { AdamW } from '../optim/adamw.js';
import { checkOptions } from '../option-keys.js';
import { manualSeed } from '../stats/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { Augment } from '../train/fit.js';
import { fit } from '../train/fit.js';
import { innerSplit } from './inner-split.js';
import type { History } from '../train/history.js';
import type { ProgressMode } from '../train/progress.js';

/**
 * How one model is trained, shared by every validation fold and the final model (seed defaults:
 * AdamW lr 3e-4, weight decay 1e-4, BCE with logits, early stopping on the inner validation loss).
 */
export interface FitSettings {
  /** Maximum epochs. Default 100. */
  epochs?: number;
  /** Mini-batch size. Default 32. */
  batchSize?: number;
  /** AdamW learning rate. Default 3e-4. */
  lr?: number;
  /** AdamW decoupled weight decay. Default 1e-4. */
  weightDecay?: number;
  /** Label smoothing of the BCE training targets. Default 0. */
  labelSmoothing?: number;
  /** Early-stopping patience on the inner validation loss (best weights restored). Default 10. */
  patience?: number;
  /** Seed of everything stochastic (model initialisation, shuffling, dropout, inner split). Default 0. */
  seed?: number;
  /**
   * Inner validation for early stopping. 'site-stratified' (default) holds out a fifth of the rows
   * stratified by site × outcome, so each hospital is represented on both sides. 'site-held-out'
   * holds out one whole site (GroupKFold by site, first fold), so stopping rewards what transfers to
   * an unseen hospital; with a single site it falls back to 'site-stratified'.
   */
  innerValidation?: 'site-stratified' | 'site-held-out';
  /**
   * Patient column whose rows stay together in the inner early-stopping split. Default: the
   * schema's `patient`. For folds whose schema dropped it to group by site (site-grouped k-fold),
   * so their early stopping still keeps each patient whole.
   */
  innerPatient?: string;
  /** Preprocessing (fitted on the inner training rows only). Default `{ addIndicator: true }`. */
  preprocess?: TabularPreprocessorOptions;
  /** Training-time augmentation. Default none. */
  augment?: Augment;
  /** Progress output of `fit`. Default 'none'. */
  progress?: ProgressMode;
  /** Train every epoch without early stopping (for unregularised baselines). Default false. */
  noEarlyStopping?: boolean;
}

/** Options of `fitOnRows`: the training settings plus the site of each row. */
export interface FitOnRowsOptions extends FitSettings {
  /** Site of each of `rows` (aligned with `rows`), for the site × outcome inner split. Default: one site. */
  sites?: readonly string[];
  /** Seed of the inner early-stopping split only. Default `seed`. */
  innerSeed?: number;
}

/** Option names of {@link FitSettings} (kept in step with the type by `satisfies`). */
export const FIT_SETTINGS_KEYS = {
  epochs: true,
  batchSize: true,
  lr: true,
  weightDecay: true,
  labelSmoothing: true,
  patience: true,
  seed: true,
  innerValidation: true,
  innerPatient: true,
  preprocess: true,
  augment: true,
  progress: true,
  noEarlyStopping: true,
} as const satisfies Record<keyof Required<FitSettings>, true>;

const FIT_ON_ROWS_KEYS = { ...FIT_SETTINGS_KEYS, sites: true, innerSeed: true } as const satisfies Record<keyof Required<FitOnRowsOptions>, true>;

/** A fitted model with its preprocessing and the rows it saw. */
export interface FitOnRowsResult<M extends Module = Module> {
  model: M;
  /** Fitted on `trainRows` only. */
  preprocessor: TabularPreprocessor;
  history: History;
  /** Rows fitted on and rows held out for early stopping. */
  nTrain: number;
  nVal: number;
  /** Table rows fitted on. */
  trainRows: Int32Array;
  /** Table rows held out for early stopping (never fitted on; usable for recalibration). */
  valRows: Int32Array;
}

/** The inner split of `rows` and the preprocessed matrices (internal to validate/). */
export interface PreparedRows {
  preprocessor: TabularPreprocessor;
  /** Positions (into `rows`) of the inner training and early-stopping rows. */
  inner: Int32Array;
  val: Int32Array;
  xTrain: Tensor;
  xVal: Tensor;
  /** Whole site(s) held out for early stopping, or 'site-stratified'. */
  innerValidation: string[] | 'site-stratified';
}

/**
 * Fit one model on labelled table rows with clinreg's one training recipe: an inner early-stopping
 * split (a fifth stratified by site × outcome, of whole patients when the schema has a patient
 * column; or a held-out site), preprocessing fitted on the inner
 * training rows only, a fresh model from `build` seeded by `manualSeed(seed)`, AdamW with BCE and early
 * stopping that restores the best weights. Every fold of `crossValidate` / `leaveOneSiteOut` and the
 * final model of a development run are trained by this function, so the deployed model is trained
 * exactly as it was validated.
 * @param build returns a fresh binary model (one logit per row) for `nFeatures` inputs.
 * @param table the data.
 * @param schema column roles (features and target).
 * @param rows labelled table rows to fit on (at least 2).
 * @param y 0/1 label of each of `rows`.
 * @param options training settings; `sites` aligned with `rows`.
 * @throws ValueError for an unknown option, when `y` or `sites` does not align with `rows`, or with
 *   fewer than 2 rows.
 * @example
 * const { model, preprocessor } = validate.fitOnRows((n) => recommend.buildModel(config, n), table, schema, rows, y, { seed: 0 });
 */
export function fitOnRows<M extends Module>(
  build: (nFeatures: number) => M,
  table: Table,
  schema: Schema,
  rows: Int32Array,
  y: ArrayLike<number>,
  options: FitOnRowsOptions = {},
): FitOnRowsResult<M> {
  checkOptions('fitOnRows', options, FIT_ON_ROWS_KEYS);
  const prepared = prepareRows(table, schema, rows, y, options);
  const seed = options.seed ?? 0;
  manualSeed(seed);
  const model = build(prepared.preprocessor.featureNames.length);
  const history = trainModel(model, prepared, y, options, seed);
  return {
    model,
    preprocessor: prepared.preprocessor,
    history,
    nTrain: prepared.inner.length,
    nVal: prepared.val.length,
    trainRows: pick(rows, prepared.inner),
    valRows: pick(rows, prepared.val),
  };
}

/** Inner split and preprocessing of `rows` (validated). Internal to validate/. */
export function prepareRows(table: Table, schema: Schema, rows: Int32Array, y: ArrayLike<number>, options: FitOnRowsOptions): PreparedRows {
  if (y.length !== rows.length) throw new ValueError(`fitOnRows: y must have one label per row. Received: ${y.length} labels for ${rows.length} rows.`);
  if (options.sites !== undefined && options.sites.length !== rows.length) {
    throw new ValueError(`fitOnRows: sites must have one site per row. Received: ${options.sites.length} sites for ${rows.length} rows.`);
  }
  if (rows.length < 2) throw new ValueError(`fitOnRows: needs at least 2 rows (fitting and early stopping). Received: ${rows.length}.`);
  const siteOf = options.sites ?? Array.from(rows, () => 'all');
  const { inner, val, innerValidation } = innerSplit(table, schema.features, rows, {
    sites: siteOf,
    y,
    mode: options.innerValidation ?? 'site-stratified',
    seed: options.innerSeed ?? options.seed ?? 0,
    patient: options.innerPatient ?? schema.patient,
  });
  const preprocessor = new TabularPreprocessor(schema, options.preprocess ?? { addIndicator: true });
  const xTrain = toTensor(preprocessor.fitTransform(table, pick(rows, inner)), inner.length);
  const xVal = toTensor(preprocessor.transform(table, pick(rows, val)), val.length);
  return { preprocessor, inner, val, xTrain, xVal, innerValidation };
}

/** Train `model` on prepared rows with the recipe's optimiser, loss and early stopping. Internal. */
export function trainModel(model: Module, prepared: PreparedRows, y: ArrayLike<number>, options: FitSettings, seed: number): History {
  const smoothing = options.labelSmoothing ?? 0;
  return fit(model, {
    x: prepared.xTrain,
    y: labelTensor(y, prepared.inner, smoothing),
    validationData: { x: prepared.xVal, y: labelTensor(y, prepared.val, 0) },
    loss: new BCEWithLogitsLoss(),
    optimizer: new AdamW(model.parameters(), { lr: options.lr ?? 3e-4, weightDecay: options.weightDecay ?? 1e-4 }),
    epochs: options.epochs ?? 100,
    batchSize: options.batchSize ?? 32,
    seed,
    ...(options.noEarlyStopping === true ? {} : { earlyStopping: { monitor: 'val_loss', patience: options.patience ?? 10, restoreBestWeights: true } }),
    ...(options.augment !== undefined ? { augment: options.augment } : {}),
    progress: options.progress ?? 'none',
  });
}

/** 0/1 labels at positions `idx` of `y` as an [n, 1] tensor, smoothed toward 1/2. */
export function labelTensor(y: ArrayLike<number>, idx: Int32Array, smoothing: number): Tensor {
  const out = new Float32Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = y[idx[i]!]! * (1 - smoothing) + smoothing / 2;
  return new Tensor(out, [idx.length, 1]);
}

/** A row-major matrix of n rows as an [n, width] tensor. */
export function toTensor(x: Float32Array, n: number): Tensor {
  return new Tensor(x, [n, n === 0 ? 0 : x.length / n]);
}

/** values[idx[i]] for each i. */
export function pick(values: Int32Array, idx: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: idx.length }, (_, i) => values[idx[i]!]!);
}
