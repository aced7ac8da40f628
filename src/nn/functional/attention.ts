import { ShapeError, ValueError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { getGenerator, type Generator } from '../../tensor/random.js';
import { formatShape, sizeOf } from '../../tensor/shape.js';
import { slice } from '../../tensor/ops/slice.js';
import { attentionCore, type CoreDropout, type CoreMasks, type HeadView } from './attention-core.js';
import { causalMask, matchMaskShape, resolveMask, type AttentionMask } from './attention-mask.js';
import { checkDropoutP } from './dropout.js';
import { linear } from './linear.js';

/** Options of `scaledDotProductAttention`. */
export interface ScaledDotProductAttentionOptions {
  /** Mask `[L, S]` (shared) or `[...batch, L, S]`: booleans (true = masked) or an additive float Tensor. Default none. */
  attnMask?: AttentionMask | null;
  /** Dropout probability on the attention weights, applied whenever > 0 (as PyTorch 2's function). Default 0. */
  dropoutP?: number;
  /** Mask every key after the query's position (`[L, S]` lower triangle, needs L = S). Default false. */
  isCausal?: boolean;
  /** Generator for the dropout mask. Default: the global one (`manualSeed`). */
  generator?: Generator;
}

/**
 * Scaled dot-product attention (Vaswani et al., 2017): `softmax(q·kᵀ/√d + mask)·v`, with dropout
 * on the weights (PyTorch 2's `F.scaled_dot_product_attention`). All leading (batch, head)
 * dimensions are computed in one fused autograd node, without per-head copies.
 * @param query `[..., L, d]`. @param key `[..., S, d]`. @param value `[..., S, d]`, same leading dims.
 * @param options attnMask (none), dropoutP (0), isCausal (false), generator (global).
 * @returns `[..., L, d]`.
 * @throws ShapeError for rank < 2 or operands whose shapes do not fit; ValueError for dropoutP
 *   outside [0, 1) or isCausal with L ≠ S or together with attnMask.
 * @example scaledDotProductAttention(randn([2, 4, 5, 8]), randn([2, 4, 6, 8]), randn([2, 4, 6, 8])).shape; // [2, 4, 5, 8]
 */
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, options: ScaledDotProductAttentionOptions = {}): Tensor {
  const who = 'scaledDotProductAttention';
  const { dropoutP = 0, isCausal = false } = options;
  checkDropoutP(dropoutP, who);
  if (query.ndim < 2 || key.ndim !== query.ndim || value.ndim !== query.ndim) {
    throw new ShapeError(`${who}: query, key and value must have the same rank ≥ 2 ([..., L, d], [..., S, d], [..., S, d]). Received: ${formatShape(query.shape)}, ${formatShape(key.shape)}, ${formatShape(value.shape)}.`);
  }
  const lead = query.shape.slice(0, -2);
  const L = query.shape[query.ndim - 2]!;
  const d = query.shape[query.ndim - 1]!;
  const S = key.shape[key.ndim - 2]!;
  const fits = (t: Tensor): boolean => t.shape.slice(0, -2).every((s, i) => s === lead[i]) && t.shape[t.ndim - 2] === S && t.shape[t.ndim - 1] === d;
  if (!fits(key) || !fits(value)) {
    throw new ShapeError(`${who}: expected key and value of shape ${formatShape([...lead, S, d])} for query ${formatShape(query.shape)}. Received: key ${formatShape(key.shape)}, value ${formatShape(value.shape)}.`);
  }
  const B = sizeOf(lead);
  let masks: CoreMasks = { attn: null, attnPerHead: false, keyPadding: null };
  if (isCausal) {
    if (L !== S || (options.attnMask ?? null) !== null) {
      throw new ValueError(`${who}: isCausal needs equal query and key lengths and no attnMask. Received: L=${L}, S=${S}, attnMask ${options.attnMask ? 'given' : 'none'}.`);
    }
    masks = { attn: causalMask(L).add, attnPerHead: false, keyPadding: null };
  } else if ((options.attnMask ?? null) !== null) {
    const m = resolveMask(options.attnMask!, who, 'attnMask');
    const which = matchMaskShape(m, [[L, S], [...lead, L, S]], who, 'attnMask');
    masks = { attn: m.add, attnPerHead: which === 1 && lead.length > 0, keyPadding: null };
  }
  const view = (t: Tensor): HeadView => ({ t, offset: 0, stride: d });
  const drop: CoreDropout | null = dropoutP > 0 ? { p: dropoutP, generator: options.generator ?? getGenerator() } : null;
  return attentionCore(view(query), view(key), view(value), { B, H: 1, L, S, d }, masks, drop, [...lead, L, d]).out;
}

/** The projection parameters of multi-head attention, in PyTorch's layouts. */
export interface MultiHeadAttentionWeights {
  /** `[3E, E]`: the query, key and value projections stacked (PyTorch's `in_proj_weight`). */
  inProjWeight: Tensor;
  /** `[3E]`, or null. */
  inProjBias: Tensor | null;
  /** `[E, E]`. */
  outProjWeight: Tensor;
  /** `[E]`, or null. */
  outProjBias: Tensor | null;
}

/** Options of `multiHeadAttentionForward`. */
export interface MultiHeadAttentionOptions {
  /** `[B, S]`: true (or −∞ in a float Tensor) marks padding keys no query may attend. Default none. */
  keyPaddingMask?: AttentionMask | null;
  /** `[L, S]` (every batch and head) or `[B·H, L, S]`; boolean (true = masked) or additive float. Default none. */
  attnMask?: AttentionMask | null;
  /** Also return the attention weights (detached, after dropout, as PyTorch 1.13). Default true, as PyTorch. */
  needWeights?: boolean;
  /** Average the returned weights over heads (`[B, L, S]`) or keep them (`[B, H, L, S]`). Default true. */
  averageAttnWeights?: boolean;
  /** Dropout probability on the attention weights. Default 0. */
  dropoutP?: number;
  /** Apply the dropout (training) or not (eval). Default true, as PyTorch's functional form. */
  training?: boolean;
  /** Generator for the dropout mask. Default: the global one. */
  generator?: Generator;
}

/**
 * Multi-head attention (Vaswani et al., 2017; PyTorch 1.13's `F.multi_head_attention_forward`),
 * batch-first: project q, k, v with `in_proj_weight` (one GEMM when query, key and value are the
 * same tensor), attend in every head at once with the fused `attentionCore` (heads read in place
 * from the packed projection), then project with `out_proj`. Masks: see `AttentionMask`; a float
 * mask is added to the scores, a boolean one sets masked scores to −∞; key padding and attention
 * masks combine.
 * @param query `[B, L, E]`. @param key `[B, S, E]`. @param value `[B, S, E]`.
 * @param numHeads heads H; E must be divisible by H (head dimension E/H).
 * @param weights the projection parameters (see `MultiHeadAttentionWeights`).
 * @param options keyPaddingMask, attnMask, needWeights (true), averageAttnWeights (true), dropoutP (0), training (true), generator.
 * @returns `[output [B, L, E], weights [B, L, S] | [B, H, L, S] | null]`; the weights carry no gradient.
 * @throws ShapeError for inputs, masks or weights of the wrong shape; ValueError for bad numHeads or dropoutP.
 * @example const [y] = multiHeadAttentionForward(x, x, x, 2, { inProjWeight, inProjBias, outProjWeight, outProjBias });
 */
export function multiHeadAttentionForward(query: Tensor, key: Tensor, value: Tensor, numHeads: number, weights: MultiHeadAttentionWeights, options: MultiHeadAttentionOptions = {}): [Tensor, Tensor | null] {
  const who = 'multiHeadAttentionForward';
  const { needWeights = true, averageAttnWeights = true, dropoutP = 0, training = true } = options;
  checkDropoutP(dropoutP, who);
  const { inProjWeight, inProjBias, outProjWeight, outProjBias } = weights;
  const E = inProjWeight.shape[1] ?? 0;
  if (inProjWeight.ndim !== 2 || inProjWeight.shape[0] !== 3 * E) {
    throw new ShapeError(`${who}: inProjWeight must have shape [3E, E]. Received: ${formatShape(inProjWeight.shape)}.`);
  }
  if (!Number.isInteger(numHeads) || numHeads <= 0 || E % numHeads !== 0) {
    throw new ValueError(`${who}: numHeads must be a positive integer dividing the embedding dimension ${E}. Received: numHeads=${numHeads}.`);
  }
  if (query.ndim !== 3 || key.ndim !== 3 || value.ndim !== 3 || query.shape[2] !== E || key.shape[2] !== E || value.shape[2] !== E ||
      query.shape[0] !== key.shape[0] || key.shape[0] !== value.shape[0] || key.shape[1] !== value.shape[1]) {
    throw new ShapeError(`${who}: expected query [B, L, ${E}], key and value [B, S, ${E}]. Received: query ${formatShape(query.shape)}, key ${formatShape(key.shape)}, value ${formatShape(value.shape)}.`);
  }
  const [B, L] = query.shape as [number, number, number];
  const S = key.shape[1]!;
  const H = numHeads;
  const d = E / H;
  const masks = resolveMasks(options, B, H, L, S, who);
  const sliceOf = (t: Tensor | null, from: number, to: number): Tensor | null => (t === null ? null : slice(t, 0, from, to));
  let q: HeadView;
  let k: HeadView;
  let v: HeadView;
  if (query === key && key === value) {
    const qkv = linear(query, inProjWeight, inProjBias);
    q = { t: qkv, offset: 0, stride: 3 * E };
    k = { t: qkv, offset: E, stride: 3 * E };
    v = { t: qkv, offset: 2 * E, stride: 3 * E };
  } else {
    q = { t: linear(query, slice(inProjWeight, 0, 0, E), sliceOf(inProjBias, 0, E)), offset: 0, stride: E };
    if (key === value) {
      const kv = linear(key, slice(inProjWeight, 0, E, 3 * E), sliceOf(inProjBias, E, 3 * E));
      k = { t: kv, offset: 0, stride: 2 * E };
      v = { t: kv, offset: E, stride: 2 * E };
    } else {
      k = { t: linear(key, slice(inProjWeight, 0, E, 2 * E), sliceOf(inProjBias, E, 2 * E)), offset: 0, stride: E };
      v = { t: linear(value, slice(inProjWeight, 0, 2 * E, 3 * E), sliceOf(inProjBias, 2 * E, 3 * E)), offset: 0, stride: E };
    }
  }
  const drop: CoreDropout | null = training && dropoutP > 0 ? { p: dropoutP, generator: options.generator ?? getGenerator() } : null;
  const core = attentionCore(q, k, v, { B, H, L, S, d }, masks, drop, [B, L, E]);
  const output = linear(core.out, outProjWeight, outProjBias);
  if (!needWeights) return [output, null];
  // A copy: the backward pass still reads core.weights.
  if (!averageAttnWeights) return [output, new Tensor(core.weights.slice(), [B, H, L, S])];
  const avg = new Float32Array(B * L * S);
  const inv = 1 / H;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const src = (b * H + h) * L * S;
      const dst = b * L * S;
      for (let e = 0; e < L * S; e++) avg[dst + e]! += core.weights[src + e]! * inv;
    }
  }
  return [output, new Tensor(avg, [B, L, S])];
}

function resolveMasks(options: MultiHeadAttentionOptions, B: number, H: number, L: number, S: number, who: string): CoreMasks {
  let attn: Float32Array | null = null;
  let attnPerHead = false;
  let keyPadding: Float32Array | null = null;
  if ((options.attnMask ?? null) !== null) {
    const m = resolveMask(options.attnMask!, who, 'attnMask');
    attnPerHead = matchMaskShape(m, [[L, S], [B * H, L, S]], who, 'attnMask') === 1;
    attn = m.add;
  }
  if ((options.keyPaddingMask ?? null) !== null) {
    const m = resolveMask(options.keyPaddingMask!, who, 'keyPaddingMask');
    matchMaskShape(m, [[B, S]], who, 'keyPaddingMask');
    keyPadding = m.add;
  }
  return { attn, attnPerHead, keyPadding };
}
