import { ValueError } from '../errors.js';
import { checkOptions } from '../option-keys.js';
import { BatchNorm1d } from '../nn/batchnorm.js';
import { Dropout } from '../nn/dropout.js';
import { Linear } from '../nn/linear.js';
import { ReLU } from '../nn/activation.js';
import { Sequential, type TensorModule } from '../nn/sequential.js';
import type { RegularisationConfig } from './regularisation-config.js';

/** Options of `buildMlp`. */
export interface MlpOptions {
  /** Input features. */
  nFeatures: number;
  /** Hidden widths, e.g. [128, 64] (the seed's). */
  hiddenSizes: readonly number[];
  /** Dropout after each hidden block; a number or one per hidden layer. Default 0.3. */
  dropout?: number | readonly number[];
  /** BatchNorm1d after each hidden Linear. Default true. */
  batchNorm?: boolean;
  /** Output units (1 = one logit for binary outcomes). Default 1. */
  outFeatures?: number;
}

/**
 * A regularised MLP as in the seed's RegularisedClinicalMLP: per hidden layer
 * Linear → BatchNorm1d → ReLU → Dropout, then Linear to the output logits. State-dict keys are
 * those of a PyTorch `nn.Sequential` with the same layers (`0.weight`, `1.running_mean`, …).
 * @throws ValueError for non-positive sizes or a dropout outside [0, 1).
 * @example buildMlp({ nFeatures: 20, hiddenSizes: [128, 64], dropout: [0.4, 0.3] }); // the seed's model
 */
export function buildMlp(options: MlpOptions): Sequential {
  checkOptions('buildMlp', options, { nFeatures: true, hiddenSizes: true, dropout: true, batchNorm: true, outFeatures: true } satisfies Record<keyof Required<MlpOptions>, true>);
  const { nFeatures, hiddenSizes } = options;
  const outFeatures = options.outFeatures ?? 1;
  for (const [name, v] of [['nFeatures', nFeatures], ['outFeatures', outFeatures], ...hiddenSizes.map((h, i) => [`hiddenSizes[${i}]`, h] as const)] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new ValueError(`buildMlp: ${name} must be a positive integer. Received: ${name}=${v}.`);
  }
  const rates = typeof options.dropout === 'number' || options.dropout === undefined ? hiddenSizes.map(() => (options.dropout as number | undefined) ?? 0.3) : [...options.dropout];
  if (rates.length !== hiddenSizes.length) {
    throw new ValueError(`buildMlp: dropout needs one rate per hidden layer (${hiddenSizes.length}). Received: ${rates.length} rates.`);
  }
  const layers: TensorModule[] = [];
  let width = nFeatures;
  hiddenSizes.forEach((h, i) => {
    layers.push(new Linear(width, h));
    if (options.batchNorm ?? true) layers.push(new BatchNorm1d(h));
    layers.push(new ReLU());
    layers.push(new Dropout(rates[i]!));
    width = h;
  });
  layers.push(new Linear(width, outFeatures));
  return new Sequential(...layers);
}

/**
 * Build the model a recommendation describes, for `nFeatures` tabular inputs: for 'mlp' the
 * regularised MLP with `config.hiddenSizes` and `config.dropout` after every hidden block.
 * @throws ValueError for the 'cnn' architecture (images need `buildCnn`) or a bad nFeatures.
 * @example buildModel(getRegularisationConfig({ datasetSize: 900, architecture: 'mlp' }), 13);
 */
export function buildModel(config: RegularisationConfig, nFeatures: number): Sequential {
  if (config.architecture !== 'mlp') {
    throw new ValueError(`buildModel: builds tabular MLPs from a recommendation. Received: architecture=${config.architecture}; use the architecture's own builder.`);
  }
  return buildMlp({ nFeatures, hiddenSizes: config.hiddenSizes, dropout: config.dropout });
}
