import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { zeros } from '../tensor/creation.js';
import { formatShape } from '../tensor/shape.js';
import { transpose } from '../tensor/ops/transpose.js';
import type { AttentionMask } from './functional/attention-mask.js';
import { multiHeadAttentionForward } from './functional/attention.js';
import { Dropout } from './dropout.js';
import { xavierUniform } from './init.js';
import { checkPositiveInt } from './layer-checks.js';
import { Linear } from './linear.js';
import { Module } from './module.js';
import { checkOptions } from '../option-keys.js';

/** Options of `MultiheadAttention`. */
export interface MultiheadAttentionOptions {
  /** Dropout probability on the attention weights (training only). Default 0, as PyTorch. */
  dropout?: number;
  /** Learn the projection biases `in_proj_bias` and `out_proj.bias`. Default true. */
  bias?: boolean;
  /**
   * Inputs are `[batch, seq, feature]` (true) or `[seq, batch, feature]` (false). Default true —
   * PyTorch's default is false; clinreg is batch-first throughout.
   */
  batchFirst?: boolean;
}

/** Options of `MultiheadAttention.forward`. */
export interface MultiheadAttentionForwardOptions {
  /** `[B, S]`: true marks a padding key no query may attend (or an additive float Tensor). Default none. */
  keyPaddingMask?: AttentionMask | null;
  /** `[L, S]` or `[B·numHeads, L, S]`: true = not allowed (or an additive float Tensor). Default none. */
  attnMask?: AttentionMask | null;
  /** Return the attention weights too (detached; after dropout, as PyTorch 1.13). Default true, as PyTorch. */
  needWeights?: boolean;
  /** Average the returned weights over heads (`[B, L, S]`) or not (`[B, H, L, S]`). Default true. */
  averageAttnWeights?: boolean;
}

/**
 * Multi-head attention (Vaswani et al., 2017; PyTorch's `nn.MultiheadAttention`):
 * `softmax(Q_h·K_hᵀ/√d_h + mask)·V_h` in each of `numHeads` heads, concatenated and projected.
 * Parameters and state-dict keys are PyTorch's: `in_proj_weight` `[3E, E]` (query, key, value
 * projections stacked; Xavier-uniform), `in_proj_bias` `[3E]` (zeros), `out_proj.weight` `[E, E]`,
 * `out_proj.bias` (zeros). The attention dropout is an `nn.Dropout` child named `dropout` (PyTorch
 * keeps a float there): it follows `train()`/`eval()` and `train.mcDropoutPredict` switches it
 * like every Dropout; it has no state, so the keys are unchanged. Not supported: `kdim`/`vdim`
 * different from `embedDim`, `add_bias_kv`, `add_zero_attn`, unbatched (2-D) inputs.
 * @param embedDim model dimension E. @param numHeads heads H; E must be divisible by H.
 * @param options dropout (0), bias (true), batchFirst (true).
 * @throws ValueError for non-positive sizes, E not divisible by H, or dropout outside [0, 1);
 *   ShapeError at forward for inputs or masks of the wrong shape.
 * @example
 * const mha = new MultiheadAttention(8, 2);
 * const [y, w] = mha.forward(x, x, x); // x [B, L, 8] → y [B, L, 8], w [B, L, L]
 */
export class MultiheadAttention extends Module<[Tensor, Tensor, Tensor, MultiheadAttentionForwardOptions?], [Tensor, Tensor | null]> {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly batchFirst: boolean;
  /** `[3·embedDim, embedDim]`. */
  declare in_proj_weight: Tensor;
  /** `[3·embedDim]`, or null without bias. */
  declare in_proj_bias: Tensor | null;
  declare out_proj: Linear;
  /** Attention-weight dropout (identity in eval mode). */
  declare dropout: Dropout;

  constructor(embedDim: number, numHeads: number, options: MultiheadAttentionOptions = {}) {
    super();
    checkOptions('MultiheadAttention', options, { dropout: true, bias: true, batchFirst: true } satisfies Record<keyof Required<MultiheadAttentionOptions>, true>);
    const who = 'MultiheadAttention';
    checkPositiveInt(embedDim, who, 'embedDim');
    checkPositiveInt(numHeads, who, 'numHeads');
    if (embedDim % numHeads !== 0) {
      throw new ValueError(`${who}: embedDim must be divisible by numHeads. Received: embedDim=${embedDim}, numHeads=${numHeads}; choose numHeads among the divisors of ${embedDim}.`);
    }
    const bias = options.bias ?? true;
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.headDim = embedDim / numHeads;
    this.batchFirst = options.batchFirst ?? true;
    this.registerParameter('in_proj_weight', zeros([3 * embedDim, embedDim]));
    this.registerParameter('in_proj_bias', bias ? zeros([3 * embedDim]) : null);
    this.registerModule('out_proj', new Linear(embedDim, embedDim, { bias }));
    this.registerModule('dropout', new Dropout(options.dropout ?? 0));
    this.resetParameters();
  }

  /** Re-draw the parameters as PyTorch's `_reset_parameters` (Xavier-uniform in-projection, zero biases). */
  resetParameters(): void {
    xavierUniform(this.in_proj_weight);
    this.in_proj_bias?.data.fill(0);
    this.out_proj.resetParameters();
    this.out_proj.bias?.data.fill(0);
  }

  /**
   * Attend from `query` to `key`/`value` (pass the same tensor three times for self-attention:
   * the projection is then one GEMM).
   * @param query `[B, L, E]` (batchFirst) or `[L, B, E]`. @param key, value `[B, S, E]` or `[S, B, E]`.
   * @returns `[output like query, weights [B, L, S] (or [B, H, L, S]) | null]`.
   */
  forward(query: Tensor, key: Tensor, value: Tensor, options: MultiheadAttentionForwardOptions = {}): [Tensor, Tensor | null] {
    const E = this.embedDim;
    const layout = this.batchFirst ? '[B, L, E]' : '[L, B, E]';
    for (const [name, t] of [['query', query], ['key', key], ['value', value]] as const) {
      if (t.ndim !== 3 || t.shape[2] !== E) {
        throw new ShapeError(`MultiheadAttention(${E}, heads=${this.numHeads}): expected ${name} ${layout} with E=${E}, received ${formatShape(t.shape)}. Add a batch dimension to a single sequence.`);
      }
    }
    const toBatchFirst = (t: Tensor): Tensor => (this.batchFirst ? t : transpose(t, 0, 1));
    const q = toBatchFirst(query);
    // Keep the self-attention identity so the projection stays one GEMM.
    const k = key === query ? q : toBatchFirst(key);
    const v = value === key ? k : toBatchFirst(value);
    if (q.shape[0] !== k.shape[0] || k.shape[0] !== v.shape[0] || k.shape[1] !== v.shape[1]) {
      throw new ShapeError(`MultiheadAttention(${E}, heads=${this.numHeads}): query, key and value must share the batch size, key and value the length. Received: query ${formatShape(query.shape)}, key ${formatShape(key.shape)}, value ${formatShape(value.shape)} (${layout}).`);
    }
    const [out, weights] = multiHeadAttentionForward(q, k, v, this.numHeads, {
      inProjWeight: this.in_proj_weight,
      inProjBias: this.in_proj_bias,
      outProjWeight: this.out_proj.weight,
      outProjBias: this.out_proj.bias,
    }, {
      keyPaddingMask: options.keyPaddingMask ?? null,
      attnMask: options.attnMask ?? null,
      needWeights: options.needWeights ?? true,
      averageAttnWeights: options.averageAttnWeights ?? true,
      dropoutP: this.dropout.p,
      training: this.dropout.training,
    });
    return [this.batchFirst ? out : transpose(out, 0, 1), weights];
  }

  override extraRepr(): string {
    return `embed_dim=${this.embedDim}, num_heads=${this.numHeads}, batch_first=${this.batchFirst}`;
  }
}
