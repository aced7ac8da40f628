import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../tensor/shape.js';
import { add } from '../tensor/ops/add.js';
import { relu } from '../tensor/ops/relu.js';
import { slice } from '../tensor/ops/slice.js';
import type { AttentionMask } from './functional/attention-mask.js';
import { gelu } from './functional/gelu.js';
import { Dropout } from './dropout.js';
import { LayerNorm } from './layer-norm.js';
import { checkNumber, checkPositiveInt } from './layer-checks.js';
import { Linear } from './linear.js';
import { Module } from './module.js';
import { MultiheadAttention } from './multihead-attention.js';
import { checkOptions } from '../option-keys.js';

/** Activation of the feed-forward block. */
export type TransformerActivation = 'relu' | 'gelu';

/** Options of `TransformerEncoderLayer` (PyTorch's defaults except `batchFirst`). */
export interface TransformerEncoderLayerOptions {
  /** Dropout after attention, inside the feed-forward block and after it. Default 0.1. */
  dropout?: number;
  /** Dropout on the attention weights (clinreg extension; PyTorch uses `dropout`). Default: `dropout`. */
  attentionDropout?: number;
  /** 'relu' (default) or 'gelu' (exact). */
  activation?: TransformerActivation;
  /** LayerNorm epsilon. Default 1e-5. */
  layerNormEps?: number;
  /** `[batch, seq, feature]` (true, default here) or `[seq, batch, feature]` (PyTorch's default). */
  batchFirst?: boolean;
  /** Pre-norm (`x + f(norm(x))`, true) or post-norm (`norm(x + f(x))`, false, default). */
  normFirst?: boolean;
}

/** Options of `TransformerEncoderLayer.forward`. */
export interface TransformerEncoderLayerForwardOptions {
  /** Attention mask `[L, L]` or `[B·nhead, L, L]`; true = not allowed, or an additive float Tensor. */
  srcMask?: AttentionMask | null;
  /** `[B, L]`: true marks padding tokens no position attends to. */
  srcKeyPaddingMask?: AttentionMask | null;
}

/**
 * One Transformer encoder block (Vaswani et al., 2017; PyTorch's `nn.TransformerEncoderLayer`):
 * self-attention and a feed-forward network `linear2(dropout(act(linear1(x))))`, each with a
 * residual connection and LayerNorm — post-norm `norm1(x + dropout1(sa(x)))` by default, pre-norm
 * `x + dropout1(sa(norm1(x)))` with `normFirst` (Xiong et al., 2020). Children and state-dict keys
 * are PyTorch's: `self_attn.*`, `linear1.*`, `dropout`, `linear2.*`, `norm1.*`, `norm2.*`,
 * `dropout1`, `dropout2`; every dropout (attention weights included) is an `nn.Dropout`, so
 * `train.mcDropoutPredict` reaches them all.
 * @param dModel model dimension. @param nhead attention heads (must divide dModel).
 * @param dimFeedforward hidden width of the feed-forward block. Default 2048.
 * @param options dropout (0.1), attentionDropout (= dropout), activation ('relu'), layerNormEps (1e-5), batchFirst (true), normFirst (false).
 * @throws ValueError for bad sizes, rates or activation; ShapeError at forward for a bad input or mask.
 * @example new TransformerEncoderLayer(32, 4, 64, { normFirst: true }).forward(randn([8, 10, 32])).shape; // [8, 10, 32]
 */
export class TransformerEncoderLayer extends Module<[Tensor, TransformerEncoderLayerForwardOptions?], Tensor> {
  readonly dModel: number;
  readonly nhead: number;
  readonly dimFeedforward: number;
  readonly activation: TransformerActivation;
  readonly layerNormEps: number;
  readonly batchFirst: boolean;
  readonly normFirst: boolean;
  declare self_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;

  constructor(dModel: number, nhead: number, dimFeedforward = 2048, options: TransformerEncoderLayerOptions = {}) {
    super();
    checkOptions('TransformerEncoderLayer', options, { dropout: true, attentionDropout: true, activation: true, layerNormEps: true, batchFirst: true, normFirst: true } satisfies Record<keyof Required<TransformerEncoderLayerOptions>, true>);
    const who = 'TransformerEncoderLayer';
    checkPositiveInt(dModel, who, 'dModel');
    checkPositiveInt(nhead, who, 'nhead');
    checkPositiveInt(dimFeedforward, who, 'dimFeedforward');
    if (dModel % nhead !== 0) {
      throw new ValueError(`${who}: dModel must be divisible by nhead. Received: dModel=${dModel}, nhead=${nhead}; choose nhead among the divisors of ${dModel}.`);
    }
    const p = options.dropout ?? 0.1;
    const pAttn = options.attentionDropout ?? p;
    checkRate(p, who, 'dropout');
    checkRate(pAttn, who, 'attentionDropout');
    const activation = options.activation ?? 'relu';
    if (activation !== 'relu' && activation !== 'gelu') {
      throw new ValueError(`${who}: activation must be 'relu' or 'gelu'. Received: activation='${String(activation)}'.`);
    }
    this.layerNormEps = options.layerNormEps ?? 1e-5;
    checkNumber(this.layerNormEps, who, 'layerNormEps', 0, Infinity, true);
    this.dModel = dModel;
    this.nhead = nhead;
    this.dimFeedforward = dimFeedforward;
    this.activation = activation;
    this.batchFirst = options.batchFirst ?? true;
    this.normFirst = options.normFirst ?? false;
    // Registration order = PyTorch's, so the state-dict keys come out in its order.
    this.registerModule('self_attn', new MultiheadAttention(dModel, nhead, { dropout: pAttn, batchFirst: this.batchFirst }));
    this.registerModule('linear1', new Linear(dModel, dimFeedforward));
    this.registerModule('dropout', new Dropout(p));
    this.registerModule('linear2', new Linear(dimFeedforward, dModel));
    this.registerModule('norm1', new LayerNorm(dModel, { eps: this.layerNormEps }));
    this.registerModule('norm2', new LayerNorm(dModel, { eps: this.layerNormEps }));
    this.registerModule('dropout1', new Dropout(p));
    this.registerModule('dropout2', new Dropout(p));
  }

  /** `src` `[B, L, dModel]` (batchFirst) or `[L, B, dModel]` → the same shape. */
  forward(src: Tensor, options: TransformerEncoderLayerForwardOptions = {}): Tensor {
    return this.#run(src, options, false);
  }

  /**
   * The layer's output at the LAST position only (`[B, 1, dModel]`, or `[1, B, dModel]`), what a
   * CLS-token head reads: the attention runs for that one query (keys and values still come
   * from every position) and the feed-forward block for that one token. Equal to the last
   * position of `forward(src)` at a fraction of the cost (the FT-Transformer's last-layer trick).
   * @param options srcKeyPaddingMask (an attention mask would need its last row only; not accepted).
   * @throws ShapeError for a bad input or mask.
   */
  forwardLast(src: Tensor, options: Pick<TransformerEncoderLayerForwardOptions, 'srcKeyPaddingMask'> = {}): Tensor {
    return this.#run(src, { srcKeyPaddingMask: options.srcKeyPaddingMask ?? null }, true);
  }

  #run(src: Tensor, options: TransformerEncoderLayerForwardOptions, lastOnly: boolean): Tensor {
    if (src.ndim !== 3 || src.shape[2] !== this.dModel) {
      throw new ShapeError(`TransformerEncoderLayer(${this.dModel}, nhead=${this.nhead}): expected src ${this.batchFirst ? '[B, L, E]' : '[L, B, E]'} with E=${this.dModel}, received ${formatShape(src.shape)}.`);
    }
    const seqDim = this.batchFirst ? 1 : 0;
    const length = src.shape[seqDim]!;
    const last = (y: Tensor): Tensor => (lastOnly ? slice(y, seqDim, length - 1, length) : y);
    const attend = (y: Tensor): Tensor => {
      const [out] = this.self_attn.forward(last(y), y, y, { attnMask: options.srcMask ?? null, keyPaddingMask: options.srcKeyPaddingMask ?? null, needWeights: false });
      return this.dropout1.forward(out);
    };
    const feedForward = (y: Tensor): Tensor => {
      const h = this.linear1.forward(y);
      const a = this.activation === 'relu' ? relu(h) : gelu(h);
      return this.dropout2.forward(this.linear2.forward(this.dropout.forward(a)));
    };
    if (this.normFirst) {
      const x = add(last(src), attend(this.norm1.forward(src)));
      return add(x, feedForward(this.norm2.forward(x)));
    }
    const x = this.norm1.forward(add(last(src), attend(src)));
    return this.norm2.forward(add(x, feedForward(x)));
  }

  /** A deep copy (PyTorch's `copy.deepcopy`): same hyper-parameters, copied weights, same modes. */
  copy(): TransformerEncoderLayer {
    const twin = new TransformerEncoderLayer(this.dModel, this.nhead, this.dimFeedforward, {
      dropout: this.dropout.p,
      attentionDropout: this.self_attn.dropout.p,
      activation: this.activation,
      layerNormEps: this.layerNormEps,
      batchFirst: this.batchFirst,
      normFirst: this.normFirst,
    });
    twin.loadStateDict(this.stateDict());
    const modes = this.modules().map((m) => m.training);
    twin.modules().forEach((m, i) => (m.training = modes[i]!));
    return twin;
  }

  override extraRepr(): string {
    return `d_model=${this.dModel}, nhead=${this.nhead}, dim_feedforward=${this.dimFeedforward}, activation=${this.activation}, norm_first=${this.normFirst}`;
  }
}

/**
 * The numbered layers of a `TransformerEncoder` (PyTorch keeps them in a `ModuleList` named
 * `layers`), registered as '0', '1', … so keys read `layers.0.self_attn.in_proj_weight`.
 * `forward` applies them in order with the same masks.
 * @example encoder.layers.at(0).self_attn.numHeads;
 */
export class TransformerEncoderLayers extends Module<[Tensor, TransformerEncoderLayerForwardOptions?], Tensor> {
  readonly length: number;

  constructor(layers: readonly TransformerEncoderLayer[]) {
    super();
    layers.forEach((layer, i) => this.registerModule(String(i), layer));
    this.length = layers.length;
  }

  /**
   * The layer at `index` (negative counts from the end), as registered now.
   * @throws ValueError when out of range.
   */
  at(index: number): TransformerEncoderLayer {
    const i = index < 0 ? index + this.length : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.length) {
      throw new ValueError(`TransformerEncoderLayers.at: index must be an integer in [${-this.length}, ${this.length - 1}]. Received: index=${index}.`);
    }
    return (this as unknown as Record<string, TransformerEncoderLayer>)[String(i)]!;
  }

  forward(src: Tensor, options: TransformerEncoderLayerForwardOptions = {}): Tensor {
    let x = src;
    for (let i = 0; i < this.length; i++) x = this.at(i).forward(x, options);
    return x;
  }
}

/** Options of `TransformerEncoder`. */
export interface TransformerEncoderOptions {
  /** A final normalisation applied after the last layer (key prefix `norm.`). Default none. */
  norm?: LayerNorm | null;
}

/** Options of `TransformerEncoder.forward` (PyTorch's names). */
export interface TransformerEncoderForwardOptions {
  /** Attention mask for every layer: `[L, L]` or `[B·nhead, L, L]`. */
  mask?: AttentionMask | null;
  /** `[B, L]`: true marks padding tokens. */
  srcKeyPaddingMask?: AttentionMask | null;
}

/**
 * A stack of `numLayers` encoder layers (PyTorch's `nn.TransformerEncoder`): deep copies of
 * `encoderLayer` (so every layer starts from the same weights, as in PyTorch), keys
 * `layers.0.*`, `layers.1.*`, …, then the optional `norm.*`. Unlike PyTorch 1.13's eval-mode fast
 * path (nested tensors), padded positions are computed like any other, not zeroed.
 * @param encoderLayer the layer to copy. @param numLayers a positive integer.
 * @param options norm (none).
 * @throws ValueError for a non-positive numLayers or a norm that is not a LayerNorm of the layer's width.
 * @example new TransformerEncoder(new TransformerEncoderLayer(16, 2, 32), 3).forward(randn([4, 7, 16])).shape; // [4, 7, 16]
 */
export class TransformerEncoder extends Module<[Tensor, TransformerEncoderForwardOptions?], Tensor> {
  readonly numLayers: number;
  declare layers: TransformerEncoderLayers;
  declare norm: LayerNorm | null;

  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, options: TransformerEncoderOptions = {}) {
    super();
    checkOptions('TransformerEncoder', options, { norm: true } satisfies Record<keyof Required<TransformerEncoderOptions>, true>);
    checkPositiveInt(numLayers, 'TransformerEncoder', 'numLayers');
    if (!(encoderLayer instanceof TransformerEncoderLayer)) {
      throw new ValueError('TransformerEncoder: encoderLayer must be a TransformerEncoderLayer.');
    }
    const norm = options.norm ?? null;
    if (norm !== null && (!(norm instanceof LayerNorm) || norm.normalizedShape.length !== 1 || norm.normalizedShape[0] !== encoderLayer.dModel)) {
      throw new ValueError(`TransformerEncoder: norm must be a LayerNorm(${encoderLayer.dModel}) or null. Received: ${norm.toString()}.`);
    }
    this.numLayers = numLayers;
    this.registerModule('layers', new TransformerEncoderLayers(Array.from({ length: numLayers }, () => encoderLayer.copy())));
    this.registerModule('norm', norm);
  }

  /** `src` `[B, L, dModel]` (or `[L, B, dModel]` when the layers are not batch-first) → same shape. */
  forward(src: Tensor, options: TransformerEncoderForwardOptions = {}): Tensor {
    const x = this.layers.forward(src, { srcMask: options.mask ?? null, srcKeyPaddingMask: options.srcKeyPaddingMask ?? null });
    return this.norm === null ? x : this.norm.forward(x);
  }
}

/** @throws ValueError unless 0 ≤ value < 1 (never clamped). */
export function checkRate(value: number, who: string, name: string): void {
  if (!(value >= 0 && value < 1)) throw new ValueError(`${who}: ${name} must be in [0, 1). Received: ${name}=${value}.`);
}
