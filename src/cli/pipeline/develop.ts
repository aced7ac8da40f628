import type { data, Finding, nn, recommend, validate } from '../../index.js';
import { trainFinalModel, type FinalModel } from './final-model.js';

type Api = typeof import('../../index.js');

/** How to develop a model (the `train` / `demo` flags). */
export interface DevelopOptions {
  arch: 'mlp' | 'transformer';
  /** How development and test rows are separated. */
  validation: validate.ValidationScheme;
  seed: number;
  /** Maximum epochs per fit (early stopping usually ends sooner). */
  epochs: number;
  /** MC-dropout passes for the uncertainty of the final model. */
  mcPasses: number;
  /** Draw progress (epoch bars, fold lines) on stderr: only on a TTY. */
  progress: boolean;
  /** Write a progress line to stderr. */
  note: (text: string) => void;
}

/** Everything a development run produces. */
export interface Developed {
  config: recommend.RegularisationConfig;
  loso: validate.LosoResult;
  final: FinalModel;
  /** MC-dropout mean and SD of the final model's probability for every labelled row. */
  uncertainty: { mean: Float32Array; std: Float32Array; passes: number };
  /** Overfitting findings of the final model's history. */
  overfitting: Finding[];
}

/**
 * Recommend a configuration for the data, validate it (leave-one-site-out, group k-fold or
 * temporal), train the final model on all rows and measure its MC-dropout uncertainty. Only public
 * API calls, composed.
 * @param api the public clinreg API.
 * @param loaded table, schema (with site) and 0/1 labels of every row.
 * @param options see {@link DevelopOptions}.
 * @throws ValueError when the scheme lacks its column (site, patient/site, time) or has too few groups.
 */
export function developModel(api: Api, loaded: { table: data.Table; schema: data.Schema; y: Uint8Array }, options: DevelopOptions): Developed {
  const { table, schema, y } = loaded;
  const events = y.reduce((a, v) => a + v, 0);
  const positiveRate = events / y.length;
  const config = api.recommend.getRegularisationConfig({
    datasetSize: table.nRows,
    architecture: options.arch,
    nFeatures: schema.features.length,
    ...(positiveRate > 0 && positiveRate < 1 ? { positiveRate } : {}),
  });
  const build = (nFeatures: number): nn.TensorModule =>
    options.arch === 'transformer' ? api.recommend.buildTransformer(config, nFeatures) : api.recommend.buildModel(config, nFeatures);
  const progress = options.progress ? 'bar' : 'none';
  const common = {
    lr: config.optimizer.lr,
    weightDecay: config.weightDecay,
    labelSmoothing: config.labelSmoothing,
    patience: config.earlyStopping.patience,
    epochs: options.epochs,
    batchSize: 32,
    seed: options.seed,
    progress,
  } as const;
  const loso = api.validate.crossValidate(build, table, schema, {
    ...common,
    scheme: options.validation,
    onFold: (fold, index, total) => {
      if (options.progress) {
        const auc = fold.externalAuc === null ? 'undefined (one class)' : fold.externalAuc.toFixed(3);
        const done = Math.round((20 * (index + 1)) / total);
        options.note(`fold ${index + 1}/${total} [${'█'.repeat(done)}${'░'.repeat(20 - done)}] held out ${fold.site}, test AUC ${auc}`);
      }
    },
  });
  if (options.progress) options.note('final model on all sites');
  const rows = Int32Array.from({ length: table.nRows }, (_, i) => i);
  const sites = schema.site === undefined ? Array.from(rows, () => 'all') : table.strings(schema.site).map((s) => s ?? '');
  const final = trainFinalModel(api, table, schema, rows, y, sites, { ...common, build });
  const x = new api.Tensor(final.preprocessor.transform(table, rows), [rows.length, final.preprocessor.featureNames.length]);
  const mc = api.train.mcDropoutPredict(final.model, x, { passes: options.mcPasses, seed: options.seed });
  return {
    config,
    loso,
    final,
    uncertainty: { mean: mc.mean, std: mc.std, passes: options.mcPasses },
    overfitting: api.checks.diagnoseOverfitting(final.history),
  };
}
