import { ValueError } from '../errors.js';
import { TabularTransformer } from '../nn/tabular/tabular-transformer.js';
import type { RegularisationConfig } from './regularisation-config.js';

/** Options of `buildTransformer`. */
export interface BuildTransformerOptions {
  /**
   * Cardinality of each categorical column; these are the LAST columns of the `nFeatures` inputs
   * and hold integer codes. Default [] (all numeric).
   */
  categoricalCardinalities?: readonly number[];
  /** Token size; default by dataset size: 32 (< 5,000 rows), 64 (< 50,000), 128. */
  dToken?: number;
  /** Encoder layers; default 2 (< 5,000 rows) or 3. */
  nLayers?: number;
  /** Attention heads; default 4 (< 5,000 rows) or 8. Must divide dToken. */
  nHeads?: number;
  /** Outputs (1 logit for a binary outcome). Default 1. */
  nOut?: number;
}

/**
 * Build the tabular Transformer (FT-Transformer, `nn.TabularTransformer`) a recommendation for
 * architecture 'transformer' describes: Dropout `config.dropout` (0.1) in attention and the
 * feed-forward blocks, LayerNorm, pre-norm layers, feed-forward width 2·dToken, and a size that
 * follows the dataset-size band the config was made for (`config.base`, the seed's bands): small
 * data → 32-wide tokens, 2 layers, 4 heads. Train it with `optim.AdamW` at `config.optimizer.lr`
 * (1e-4) and `config.weightDecay` (0.01–0.1), exempting biases and norms
 * (`optim.paramGroupsWithoutDecay`), with early stopping on `val_loss`.
 * @param config a recommendation from `getRegularisationConfig({ architecture: 'transformer', … })`.
 * @param nFeatures input columns (numeric first, then `categoricalCardinalities.length` categorical).
 * @param options categoricalCardinalities ([]), dToken, nLayers, nHeads (sized by the data), nOut (1).
 * @throws ValueError for another architecture, a bad nFeatures, or more categorical columns than features.
 * @example
 * const config = getRegularisationConfig({ datasetSize: 900, architecture: 'transformer' });
 * const model = buildTransformer(config, 13, { categoricalCardinalities: [4, 3] }); // 11 numeric + 2 categorical
 */
export function buildTransformer(config: RegularisationConfig, nFeatures: number, options: BuildTransformerOptions = {}): TabularTransformer {
  const who = 'buildTransformer';
  if (config.architecture !== 'transformer') {
    throw new ValueError(`${who}: needs a recommendation for architecture 'transformer'. Received: architecture=${config.architecture}; use buildModel for 'mlp'.`);
  }
  if (!Number.isInteger(nFeatures) || nFeatures <= 0) {
    throw new ValueError(`${who}: nFeatures must be a positive integer. Received: nFeatures=${nFeatures}.`);
  }
  const cards = options.categoricalCardinalities ?? [];
  if (cards.length > nFeatures) {
    throw new ValueError(`${who}: categoricalCardinalities names ${cards.length} columns but there are only nFeatures=${nFeatures}.`);
  }
  // The seed's size bands, read back from the base dropout they set: 0.5 (< 5,000 rows), 0.3, 0.1.
  const band = config.base.dropout >= 0.5 ? 'small' : config.base.dropout >= 0.3 ? 'medium' : 'large';
  const dToken = options.dToken ?? (band === 'small' ? 32 : band === 'medium' ? 64 : 128);
  return new TabularTransformer({
    nNumeric: nFeatures - cards.length,
    categoricalCardinalities: cards,
    dToken,
    nLayers: options.nLayers ?? (band === 'small' ? 2 : 3),
    nHeads: options.nHeads ?? (band === 'small' ? 4 : 8),
    dFfn: 2 * dToken,
    dropout: config.dropout,
    nOut: options.nOut ?? 1,
    normFirst: true,
  });
}
