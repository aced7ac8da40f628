import { Tensor } from '../../tensor/tensor.js';
import { needsGrad } from '../../tensor/autograd.js';
import type { Generator } from '../../tensor/random.js';
import { kernels, type StridedOperand } from '../../kernels/kernels.js';
import { headGemm } from './head-gemm.js';
import { allocFloat32, allocScratchFloat32 } from '../../tensor/storage.js';

/**
 * Where one operand's heads live in a tensor: element (b, position, head h, j) is at
 * `offset + (b·length + position)·stride + h·headDim + j`. This reads q, k and v straight out
 * of a packed `[B, L, 3E]` projection (offsets 0, E, 2E; stride 3E) or a `[B·H, L, d]` tensor
 * (H = 1), so no head split or permute is ever copied.
 */
export interface HeadView {
  readonly t: Tensor;
  readonly offset: number;
  readonly stride: number;
}

/** Sizes of an attention call: batch, heads, query length, key length, head dimension. */
export interface AttentionDims {
  readonly B: number;
  readonly H: number;
  readonly L: number;
  readonly S: number;
  readonly d: number;
}

/** Additive masks: `attn` `[L, S]` (shared) or `[B·H, L, S]` (`attnPerHead`), `keyPadding` `[B, S]`. */
export interface CoreMasks {
  readonly attn: Float32Array | null;
  readonly attnPerHead: boolean;
  readonly keyPadding: Float32Array | null;
}

/** Attention dropout: probability and generator (null: none). */
export interface CoreDropout {
  readonly p: number;
  readonly generator: Generator;
}

/** Output `[B, L, H·d]` (reshaped to `outShape`) and the attention weights `[B, H, L, S]` after dropout. */
export interface CoreResult {
  readonly out: Tensor;
  readonly weights: Float32Array;
}

/**
 * Fused scaled dot-product attention over every (batch, head) pair in one autograd node:
 * S = q·kᵀ/√d + masks, P = softmax(S), A = dropout(P), O = A·v. Only q is copied (head-major,
 * pre-scaled by 1/√d); k, v, the output and the gradients are read and written in place by one
 * strided batched GEMM per product over all heads (headGemm), and ONE softmax call covers all
 * B·H·L rows — no per-head tensors, ops or autograd nodes. Backward (recomputing nothing):
 * dA = dO·vᵀ, dv = Aᵀ·dO, dP = dA ∘ keep, dS = softmax′(P, dP), dq = dS·k/√d, dk = dSᵀ·q/√d.
 * The output is written in the heads-interleaved `[B, L, H·d]` layout the output projection reads.
 */
export function attentionCore(q: HeadView, k: HeadView, v: HeadView, dims: AttentionDims, masks: CoreMasks, drop: CoreDropout | null, outShape: readonly number[]): CoreResult {
  const { B, H, L, S, d } = dims;
  const BH = B * H;
  const scale = 1 / Math.sqrt(d);
  const kern = kernels();
  // Heads read in place (see HeadView); only q is copied, pre-scaled by 1/√d as PyTorch does.
  const Qh = gatherHeads(q, B, H, L, d, scale);
  const qh = { offset: 0, batchStride: H * L * d, headStride: L * d, ld: d };
  const kv = operand(k, S, d);
  const vv = operand(v, S, d);
  const sv = { offset: 0, batchStride: H * L * S, headStride: L * S, ld: S };
  const ov = { offset: 0, batchStride: L * H * d, headStride: d, ld: H * d };
  const scores = allocScratchFloat32(BH * L * S);
  headGemm(kern, false, true, B, H, L, S, d, 1, Qh, qh, k.t.data, kv, scores, sv, false);
  addMasks(scores, masks, B, H, L, S);
  const probs = allocScratchFloat32(scores.length);
  kern.softmax(BH * L, S, scores, probs, false);
  let keep: Float32Array | null = null;
  let weights = probs;
  if (drop !== null) {
    // As nn's dropout: one 32-bit draw per weight (random() ≥ p ⟺ bits ≥ ceil(p·2³²)), applied by the kernel.
    keep = allocScratchFloat32(probs.length);
    weights = allocScratchFloat32(probs.length);
    const threshold = Math.ceil(drop.p * 4294967296);
    const bits = new Uint32Array(Math.min(probs.length, 16384));
    for (let base = 0; base < probs.length; base += bits.length) {
      const len = Math.min(bits.length, probs.length - base);
      drop.generator.fillUint32(bits, len);
      const end = base + len;
      kern.dropout(len, probs.subarray(base, end), bits, threshold, 1 / (1 - drop.p), weights.subarray(base, end), keep.subarray(base, end));
    }
  }
  // O = A·v, written straight into the heads-interleaved [B, L, H·d] output.
  const out = allocFloat32(B * L * H * d);
  headGemm(kern, false, false, B, H, L, d, S, 1, weights, sv, v.t.data, vv, out, ov, false);
  const inputs = [...new Set([q.t, k.t, v.t])];
  if (!needsGrad(...inputs)) return { out: new Tensor(out, outShape), weights };
  const qv = operand(q, L, d);
  const result = new Tensor(out, outShape, true, {
    name: 'ScaledDotProductAttentionBackward',
    inputs,
    backward: (g) => {
      const buffers = new Map<Tensor, Float32Array>();
      for (const t of inputs) if (t.requiresGrad) buffers.set(t, new Float32Array(t.size));
      const gv = buffers.get(v.t);
      // dv += Aᵀ·dO (g has the output's layout)
      if (gv !== undefined) headGemm(kern, true, false, B, H, S, d, L, 1, weights, sv, g, ov, gv, vv, true);
      const gq = buffers.get(q.t);
      const gk = buffers.get(k.t);
      if (gq === undefined && gk === undefined) return inputs.map((t) => buffers.get(t) ?? null);
      const dA = allocScratchFloat32(BH * L * S);
      headGemm(kern, false, true, B, H, L, S, d, 1, g, ov, v.t.data, vv, dA, sv, false);
      if (keep !== null) for (let e = 0; e < dA.length; e++) dA[e]! *= keep[e]!;
      const dS = allocScratchFloat32(dA.length);
      kern.softmaxBackward(BH * L, S, probs, dA, dS, false);
      // dq += (dS·k)/√d; Qh already holds q/√d, so dk += dSᵀ·Qh.
      if (gq !== undefined) headGemm(kern, false, false, B, H, L, d, S, scale, dS, sv, k.t.data, kv, gq, qv, true);
      if (gk !== undefined) headGemm(kern, true, false, B, H, S, d, L, 1, dS, sv, Qh, qh, gk, kv, true);
      return inputs.map((t) => buffers.get(t) ?? null);
    },
  });
  return { out: result, weights };
}

/** A head view as a gemm operand: the (b, h) matrix is `len` rows of d. */
function operand(view: HeadView, len: number, d: number): StridedOperand {
  return { offset: view.offset, batchStride: len * view.stride, headStride: d, ld: view.stride };
}

/** Copy every head of `view` into a head-major `[B·H, len, d]` array, multiplied by `scale`. */
function gatherHeads(view: HeadView, B: number, H: number, len: number, d: number, scale: number): Float32Array {
  const src = view.t.data;
  const { offset, stride } = view;
  const dst = allocScratchFloat32(B * H * len * d);
  let o = 0;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      let s = offset + b * len * stride + h * d;
      for (let p = 0; p < len; p++, s += stride) for (let t = 0; t < d; t++) dst[o++] = src[s + t]! * scale;
    }
  }
  return dst;
}

/** Add the attention mask (shared `[L, S]` or per head `[B·H, L, S]`) and the key padding mask `[B, S]`. */
function addMasks(scores: Float32Array, masks: CoreMasks, B: number, H: number, L: number, S: number): void {
  const { attn, attnPerHead, keyPadding } = masks;
  if (attn === null && keyPadding === null) return;
  let e = 0;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const base = attnPerHead ? (b * H + h) * L * S : 0;
      for (let i = 0; i < L; i++) {
        for (let j = 0; j < S; j++, e++) {
          if (attn !== null) scores[e]! += attn[base + i * S + j]!;
          if (keyPadding !== null) scores[e]! += keyPadding[b * S + j]!;
        }
      }
    }
  }
}
