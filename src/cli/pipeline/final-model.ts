import type { data, nn, train } from '../../index.js';

type Api = typeof import('../../index.js');

/** The model trained on every site, with what is needed to use and save it. */
export interface FinalModel {
  model: nn.TensorModule;
  preprocessor: data.TabularPreprocessor;
  history: train.History;
  /** Rows used for fitting and for early stopping. */
  nTrain: number;
  nVal: number;
}

/** How the final model is trained (the recommendation's settings). */
export interface FinalModelOptions {
  build: (nFeatures: number) => nn.TensorModule;
  lr: number;
  weightDecay: number;
  labelSmoothing: number;
  patience: number;
  epochs: number;
  batchSize: number;
  seed: number;
  progress: train.ProgressMode;
}

/**
 * Train the final model on all sites, as each leave-one-site-out fold was trained: a fifth of
 * every site (stratified by site × outcome) held out for early stopping with restored weights,
 * preprocessing fitted on the training rows only, AdamW with the recommended settings.
 * @param api the public clinreg API.
 * @param table the data; `rows` selects labelled rows.
 * @param schema roles (site required).
 * @param y 0/1 labels of `rows`.
 * @param sites site of each of `rows`.
 */
export function trainFinalModel(
  api: Api,
  table: data.Table,
  schema: data.Schema,
  rows: Int32Array,
  y: Uint8Array,
  sites: readonly string[],
  options: FinalModelOptions,
): FinalModel {
  const split = api.validate.stratifiedFifth(Array.from(rows, (_, k) => `${sites[k]!}|${y[k]!}`), Array.from(rows, (_, k) => String(y[k]!)), options.seed);
  const inner = Int32Array.from(split.train, (k: number) => rows[k]!);
  const val = Int32Array.from(split.test, (k: number) => rows[k]!);
  const preprocessor = new api.data.TabularPreprocessor(schema, { addIndicator: true });
  const xTrain = preprocessor.fitTransform(table, inner);
  const xVal = preprocessor.transform(table, val);
  const nFeatures = preprocessor.featureNames.length;
  const labels = (idx: ArrayLike<number>, smoothing: number): InstanceType<Api['Tensor']> =>
    new api.Tensor(Float32Array.from(idx, (k) => y[k]! * (1 - smoothing) + smoothing / 2), [idx.length, 1]);
  api.manualSeed(options.seed);
  const model = options.build(nFeatures);
  const history = api.train.fit(model, {
    x: new api.Tensor(xTrain, [inner.length, nFeatures]),
    y: labels(split.train, options.labelSmoothing),
    validationData: { x: new api.Tensor(xVal, [val.length, nFeatures]), y: labels(split.test, 0) },
    loss: new api.nn.BCEWithLogitsLoss(),
    // Same optimiser set-up as validate.leaveOneSiteOut, so the deployed model is trained exactly as validated.
    optimizer: new api.optim.AdamW(model.parameters(), { lr: options.lr, weightDecay: options.weightDecay }),
    epochs: options.epochs,
    batchSize: options.batchSize,
    seed: options.seed,
    earlyStopping: { monitor: 'val_loss', patience: options.patience, restoreBestWeights: true },
    progress: options.progress,
  });
  return { model, preprocessor, history, nTrain: inner.length, nVal: val.length };
}
