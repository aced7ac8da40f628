import { ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { zeros } from '../../tensor/creation.js';
import { Embedding } from '../embedding.js';
import { uniform } from '../init.js';
import { checkPositiveInt } from '../layer-checks.js';
import { Module } from '../module.js';
import { featureTokens } from './feature-tokens.js';

/** Options of `FeatureTokenizer`. */
export interface FeatureTokenizerOptions {
  /** Cardinality of each categorical feature (its codes are 0 … cardinality − 1). Default []. */
  categoricalCardinalities?: readonly number[];
  /** Append a learned CLS token after the feature tokens. Default true. */
  clsToken?: boolean;
}

/**
 * FT-Transformer feature tokenizer (Gorishniy et al., 2021): turns each of a row's features into a
 * `dToken`-vector — numeric feature i → `x_i·W_i + b_i` (a per-feature linear embedding),
 * categorical feature i with code c → `E_i[c] + b_i` — and appends a learned CLS token, whose
 * final representation the model's head reads. Every parameter is initialised U(−1/√d, 1/√d), as
 * the authors' `rtdl` package. State-dict keys: `numeric_weight` `[nNumeric, d]`, `numeric_bias`
 * `[nNumeric, d]`, `category_bias` `[nCategorical, d]`, `cls_token` `[d]`,
 * `category_embeddings.weight` `[Σ cardinalities, d]` (one table, feature after feature; absent
 * parts are omitted).
 * @param nNumeric numeric features (≥ 0). @param dToken token size d.
 * @param options categoricalCardinalities ([]), clsToken (true).
 * @throws ValueError for bad sizes or no feature at all; at forward, ShapeError for a bad input
 *   and ValueError for a category code outside [0, cardinality).
 * @example new FeatureTokenizer(3, 8, { categoricalCardinalities: [4] }).forward(tensor([[0.1, 2, -1, 3]])).shape; // [1, 5, 8]
 */
export class FeatureTokenizer extends Module {
  readonly nNumeric: number;
  readonly categoricalCardinalities: readonly number[];
  readonly dToken: number;
  declare numeric_weight: Tensor | null;
  declare numeric_bias: Tensor | null;
  declare category_bias: Tensor | null;
  declare cls_token: Tensor | null;
  declare category_embeddings: Embedding | null;

  constructor(nNumeric: number, dToken: number, options: FeatureTokenizerOptions = {}) {
    super();
    const who = 'FeatureTokenizer';
    if (!Number.isInteger(nNumeric) || nNumeric < 0) {
      throw new ValueError(`${who}: nNumeric must be a non-negative integer. Received: nNumeric=${nNumeric}.`);
    }
    checkPositiveInt(dToken, who, 'dToken');
    const cards = [...(options.categoricalCardinalities ?? [])];
    cards.forEach((c, i) => checkPositiveInt(c, who, `categoricalCardinalities[${i}]`));
    if (nNumeric + cards.length === 0) {
      throw new ValueError(`${who}: the model needs at least one feature. Received: nNumeric=0 and no categoricalCardinalities.`);
    }
    this.nNumeric = nNumeric;
    this.categoricalCardinalities = cards;
    this.dToken = dToken;
    const nCat = cards.length;
    this.registerParameter('numeric_weight', nNumeric > 0 ? zeros([nNumeric, dToken]) : null);
    this.registerParameter('numeric_bias', nNumeric > 0 ? zeros([nNumeric, dToken]) : null);
    this.registerParameter('category_bias', nCat > 0 ? zeros([nCat, dToken]) : null);
    this.registerParameter('cls_token', options.clsToken ?? true ? zeros([dToken]) : null);
    const total = cards.reduce((a, b) => a + b, 0);
    this.registerModule('category_embeddings', nCat > 0 ? new Embedding(total, dToken) : null);
    this.resetParameters();
  }

  /** Number of tokens per row: features (+1 with the CLS token). */
  get nTokens(): number {
    return this.nNumeric + this.categoricalCardinalities.length + (this.cls_token === null ? 0 : 1);
  }

  /** Re-draw every parameter from U(−1/√d, 1/√d). */
  resetParameters(): void {
    const b = 1 / Math.sqrt(this.dToken);
    for (const t of [this.numeric_weight, this.numeric_bias, this.category_bias, this.cls_token, this.category_embeddings?.weight ?? null]) {
      if (t !== null) uniform(t, -b, b);
    }
  }

  /** `x` `[N, nNumeric + nCategorical]` (numeric columns, then integer codes) → `[N, nTokens, dToken]`. */
  forward(x: Tensor): Tensor {
    return featureTokens(x, {
      numericWeight: this.numeric_weight,
      numericBias: this.numeric_bias,
      categoryWeight: this.category_embeddings?.weight ?? null,
      categoryBias: this.category_bias,
      cardinalities: this.categoricalCardinalities,
      clsToken: this.cls_token,
      dToken: this.dToken,
    }, `FeatureTokenizer(${this.nNumeric} numeric, ${this.categoricalCardinalities.length} categorical)`);
  }

  override extraRepr(): string {
    return `n_numeric=${this.nNumeric}, categorical_cardinalities=[${this.categoricalCardinalities.join(', ')}], d_token=${this.dToken}, cls_token=${this.cls_token !== null}`;
  }
}
