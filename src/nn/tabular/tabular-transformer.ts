import { ShapeError, ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { formatShape } from '../../tensor/shape.js';
import { reshape } from '../../tensor/ops/reshape.js';
import { ReLU } from '../activation.js';
import { LayerNorm } from '../layer-norm.js';
import { checkPositiveInt } from '../layer-checks.js';
import { Linear } from '../linear.js';
import { Module } from '../module.js';
import { Sequential } from '../sequential.js';
import { checkRate, TransformerEncoder, TransformerEncoderLayer, type TransformerActivation } from '../transformer.js';
import { FeatureTokenizer } from './feature-tokenizer.js';

/** Options of `TabularTransformer`. */
export interface TabularTransformerOptions {
  /** Numeric input columns (the first columns of the input). */
  nNumeric: number;
  /** Cardinality of each categorical column (after the numeric ones; codes 0 … cardinality − 1). Default []. */
  categoricalCardinalities?: readonly number[];
  /** Token (model) dimension d. Default 32. */
  dToken?: number;
  /** Encoder layers. Default 2. */
  nLayers?: number;
  /** Attention heads; must divide dToken. Default 4. */
  nHeads?: number;
  /** Feed-forward hidden width. Default 2·dToken. */
  dFfn?: number;
  /** Dropout after attention and in/after the feed-forward block (the seed's Transformer advice: 0.1). Default 0.1. */
  dropout?: number;
  /** Dropout on the attention weights. Default: `dropout`. */
  attentionDropout?: number;
  /** Feed-forward activation. Default 'relu'. */
  activation?: TransformerActivation;
  /** Outputs (1 = one logit for a binary outcome). Default 1. */
  nOut?: number;
  /** Pre-norm encoder layers (FT-Transformer's choice, stabler to train). Default true. */
  normFirst?: boolean;
}

/**
 * FT-Transformer for tabular data (Gorishniy et al., 2021, "Revisiting Deep Learning Models for
 * Tabular Data"): a `FeatureTokenizer` turns every feature into a token and appends a CLS token,
 * `nLayers` Transformer encoder layers let the features attend to each other, and the head
 * LayerNorm → ReLU → Linear reads the CLS token's final representation. LayerNorm throughout and
 * Dropout 0.1 in attention and the feed-forward blocks, per the seed's Q4; train it with AdamW and
 * weight decay 0.01–0.1 (`recommend.buildTransformer`).
 *
 * Input: a float matrix `[N, nNumeric + nCategorical]`: the numeric columns (standardised) first,
 * then one column per categorical feature holding its integer code in [0, cardinality) — reserve
 * a code for missing or unseen categories. Output: `[N, nOut]` logits.
 * Differences from the paper's reference code: the ReGLU feed-forward is ReLU/GELU, the first
 * layer keeps its attention LayerNorm, and the last layer computes the CLS token only (its output is the same; `TransformerEncoderLayer.forwardLast`).
 * State-dict keys: `tokenizer.*` (see FeatureTokenizer), `encoder.layers.{i}.*` (PyTorch's
 * TransformerEncoderLayer keys), `head.0.*` (LayerNorm), `head.2.*` (Linear).
 * @param options nNumeric, categoricalCardinalities ([]), dToken (32), nLayers (2), nHeads (4),
 *   dFfn (2·dToken), dropout (0.1), attentionDropout (= dropout), activation ('relu'), nOut (1), normFirst (true).
 * @throws ValueError for bad hyper-parameters (dToken not divisible by nHeads, …); at forward,
 *   ShapeError for a bad input shape and ValueError for a bad category code.
 * @example
 * const model = new TabularTransformer({ nNumeric: 10, categoricalCardinalities: [3, 5] });
 * model.forward(x).shape; // x [N, 12] → [N, 1]
 */
export class TabularTransformer extends Module {
  readonly nNumeric: number;
  readonly categoricalCardinalities: readonly number[];
  readonly dToken: number;
  readonly nLayers: number;
  readonly nHeads: number;
  readonly dFfn: number;
  readonly dropout: number;
  readonly attentionDropout: number;
  readonly activation: TransformerActivation;
  readonly nOut: number;
  readonly normFirst: boolean;
  declare tokenizer: FeatureTokenizer;
  declare encoder: TransformerEncoder;
  declare head: Sequential;

  constructor(options: TabularTransformerOptions) {
    super();
    const who = 'TabularTransformer';
    this.dToken = options.dToken ?? 32;
    this.nLayers = options.nLayers ?? 2;
    this.nHeads = options.nHeads ?? 4;
    this.nOut = options.nOut ?? 1;
    for (const name of ['dToken', 'nLayers', 'nHeads', 'nOut'] as const) checkPositiveInt(this[name], who, name);
    this.dFfn = options.dFfn ?? 2 * this.dToken;
    checkPositiveInt(this.dFfn, who, 'dFfn');
    if (this.dToken % this.nHeads !== 0) {
      throw new ValueError(`${who}: dToken must be divisible by nHeads. Received: dToken=${this.dToken}, nHeads=${this.nHeads}; choose nHeads among the divisors of ${this.dToken}.`);
    }
    this.dropout = options.dropout ?? 0.1;
    this.attentionDropout = options.attentionDropout ?? this.dropout;
    checkRate(this.dropout, who, 'dropout');
    checkRate(this.attentionDropout, who, 'attentionDropout');
    this.activation = options.activation ?? 'relu';
    this.normFirst = options.normFirst ?? true;
    this.registerModule('tokenizer', new FeatureTokenizer(options.nNumeric, this.dToken, { categoricalCardinalities: options.categoricalCardinalities ?? [] }));
    this.nNumeric = this.tokenizer.nNumeric;
    this.categoricalCardinalities = this.tokenizer.categoricalCardinalities;
    const layer = new TransformerEncoderLayer(this.dToken, this.nHeads, this.dFfn, {
      dropout: this.dropout, attentionDropout: this.attentionDropout, activation: this.activation, normFirst: this.normFirst, batchFirst: true,
    });
    this.registerModule('encoder', new TransformerEncoder(layer, this.nLayers));
    this.registerModule('head', new Sequential(new LayerNorm(this.dToken), new ReLU(), new Linear(this.dToken, this.nOut)));
  }

  /** Input columns expected: nNumeric + number of categorical features. */
  get nFeatures(): number {
    return this.nNumeric + this.categoricalCardinalities.length;
  }

  /** `x` `[N, nFeatures]` → logits `[N, nOut]`. */
  forward(x: Tensor): Tensor {
    if (x.ndim !== 2 || x.shape[1] !== this.nFeatures) {
      throw new ShapeError(`TabularTransformer(${this.nNumeric} numeric + ${this.categoricalCardinalities.length} categorical): expected input [N, ${this.nFeatures}], received ${formatShape(x.shape)}.`);
    }
    // Every layer but the last runs on all tokens; the last only for the CLS token (its output is
    // all the head reads, and equals that token's row of a full forward).
    const layers = this.encoder.layers;
    let h = this.tokenizer.forward(x);
    for (let i = 0; i < layers.length - 1; i++) h = layers.at(i).forward(h);
    h = layers.at(-1).forwardLast(h);
    const cls = reshape(h, [x.shape[0]!, this.dToken]);
    return this.head.forward(cls);
  }

  override extraRepr(): string {
    return `n_numeric=${this.nNumeric}, categorical=[${this.categoricalCardinalities.join(', ')}], d_token=${this.dToken}, n_layers=${this.nLayers}, n_heads=${this.nHeads}, d_ffn=${this.dFfn}, dropout=${this.dropout}, norm_first=${this.normFirst}`;
  }
}
