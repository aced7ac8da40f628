import { Tensor } from '../../tensor/tensor.js';
import { needsGrad } from '../../tensor/autograd.js';
import type { Generator } from '../../tensor/random.js';
import { kernels, type Kernels } from '../../kernels/kernels.js';

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
 * S = q·kᵀ/√d + masks, P = softmax(S), A = dropout(P), O = A·v. The heads are gathered once into a
 * head-major `[B·H, L, d]` layout (q pre-scaled by 1/√d), then every head runs through the same
 * kernels: one small GEMM per head for the scores and for A·v, and ONE softmax call over all
 * B·H·L rows — no per-head tensors, ops or autograd nodes. Backward (recomputing nothing):
 * dA = dO·vᵀ, dv = Aᵀ·dO, dP = dA ∘ keep, dS = softmax′(P, dP), dq = dS·k/√d, dk = dSᵀ·q/√d.
 * The output is written in the heads-interleaved `[B, L, H·d]` layout the output projection reads.
 */
export function attentionCore(q: HeadView, k: HeadView, v: HeadView, dims: AttentionDims, masks: CoreMasks, drop: CoreDropout | null, outShape: readonly number[]): CoreResult {
  const { B, H, L, S, d } = dims;
  const BH = B * H;
  const scale = 1 / Math.sqrt(d);
  const kern = kernels();
  const Qh = gatherHeads(q, B, H, L, d, scale);
  const Kh = gatherHeads(k, B, H, S, d, 1);
  const Vh = gatherHeads(v, B, H, S, d, 1);
  const scores = new Float32Array(BH * L * S);
  batchedGemm(kern, false, true, BH, L, S, d, Qh, Kh, scores);
  addMasks(scores, masks, B, H, L, S);
  const probs = new Float32Array(scores.length);
  kern.softmax(BH * L, S, scores, probs, false);
  let keep: Float32Array | null = null;
  let weights = probs;
  if (drop !== null) {
    // As nn's dropout: one 32-bit draw per weight (random() ≥ p ⟺ bits ≥ ceil(p·2³²)), applied by the kernel.
    keep = new Float32Array(probs.length);
    weights = new Float32Array(probs.length);
    const threshold = Math.ceil(drop.p * 4294967296);
    const bits = new Uint32Array(Math.min(probs.length, 16384));
    for (let base = 0; base < probs.length; base += bits.length) {
      const len = Math.min(bits.length, probs.length - base);
      drop.generator.fillUint32(bits, len);
      const end = base + len;
      kern.dropout(len, probs.subarray(base, end), bits, threshold, 1 / (1 - drop.p), weights.subarray(base, end), keep.subarray(base, end));
    }
  }
  const outH = new Float32Array(BH * L * d);
  batchedGemm(kern, false, false, BH, L, d, S, weights, Vh, outH);
  const out = new Float32Array(B * L * H * d);
  scatterHeads(outH, { t: null, offset: 0, stride: H * d }, B, H, L, d, 1, out, false);
  const inputs = [...new Set([q.t, k.t, v.t])];
  if (!needsGrad(...inputs)) return { out: new Tensor(out, outShape), weights };
  const result = new Tensor(out, outShape, true, {
    name: 'ScaledDotProductAttentionBackward',
    inputs,
    backward: (g) => {
      const buffers = new Map<Tensor, Float32Array>();
      for (const t of inputs) if (t.requiresGrad) buffers.set(t, new Float32Array(t.size));
      const Gh = gatherHeads({ t: new Tensor(g, outShape), offset: 0, stride: H * d }, B, H, L, d, 1);
      const gv = buffers.get(v.t);
      if (gv !== undefined) {
        const dV = new Float32Array(BH * S * d);
        batchedGemm(kern, true, false, BH, S, d, L, weights, Gh, dV);
        scatterHeads(dV, v, B, H, S, d, 1, gv, true);
      }
      const gq = buffers.get(q.t);
      const gk = buffers.get(k.t);
      if (gq === undefined && gk === undefined) return inputs.map((t) => buffers.get(t) ?? null);
      const dA = new Float32Array(BH * L * S);
      batchedGemm(kern, false, true, BH, L, S, d, Gh, Vh, dA);
      if (keep !== null) for (let e = 0; e < dA.length; e++) dA[e]! *= keep[e]!;
      const dS = new Float32Array(dA.length);
      kern.softmaxBackward(BH * L, S, probs, dA, dS, false);
      if (gq !== undefined) {
        const dQ = new Float32Array(BH * L * d);
        batchedGemm(kern, false, false, BH, L, d, S, dS, Kh, dQ);
        scatterHeads(dQ, q, B, H, L, d, scale, gq, true);
      }
      if (gk !== undefined) {
        // Qh already holds q/√d, so dk = dSᵀ·Qh.
        const dK = new Float32Array(BH * S * d);
        batchedGemm(kern, true, false, BH, S, d, L, dS, Qh, dK);
        scatterHeads(dK, k, B, H, S, d, 1, gk, true);
      }
      return inputs.map((t) => buffers.get(t) ?? null);
    },
  });
  return { out: result, weights };
}

/**
 * A one-row product (one query: the CLS-only last layer) with at most this many multiply-adds runs
 * faster as a plain loop than as a kernel call with its subarray views (measured: 1024 heads of
 * 1×8·8×15 take 0.3 ms in the loop, 1.0 ms through the native kernel).
 */
const SMALL_ROW = 512;

/**
 * `C[t] = op(A[t])·op(B[t])` for t < batch over contiguous `[batch, …]` arrays (gemm's
 * conventions): one kernel call per matrix, or, for small one-row products (the CLS-only last
 * layer), one loop over all of them.
 */
function batchedGemm(kern: Kernels, transA: boolean, transB: boolean, batch: number, m: number, n: number, k: number, A: Float32Array, B: Float32Array, C: Float32Array): void {
  const sa = m * k;
  const sb = k * n;
  const sc = m * n;
  if (m !== 1 || n * k > SMALL_ROW) {
    for (let t = 0; t < batch; t++) kern.gemm(transA, transB, m, n, k, A.subarray(t * sa, (t + 1) * sa), B.subarray(t * sb, (t + 1) * sb), C.subarray(t * sc, (t + 1) * sc), false);
    return;
  }
  // m = 1: op(A) is the row A[t·k …], op(B)[p, j] = B[p·bp + j·bj]
  const bp = transB ? 1 : n;
  const bj = transB ? k : 1;
  for (let t = 0; t < batch; t++) {
    const a0 = t * sa;
    const b0 = t * sb;
    const c0 = t * sc;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A[a0 + p]! * B[b0 + p * bp + j * bj]!;
      C[c0 + j] = s;
    }
  }
}

/** Copy every head of `view` into a head-major `[B·H, len, d]` array, multiplied by `scale`. */
function gatherHeads(view: HeadView, B: number, H: number, len: number, d: number, scale: number): Float32Array {
  const src = view.t.data;
  const { offset, stride } = view;
  const dst = new Float32Array(B * H * len * d);
  let o = 0;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      let s = offset + b * len * stride + h * d;
      for (let p = 0; p < len; p++, s += stride) for (let t = 0; t < d; t++) dst[o++] = src[s + t]! * scale;
    }
  }
  return dst;
}

/** Write (or add) a head-major `[B·H, len, d]` array, times `scale`, into `dst` laid out like `view`. */
function scatterHeads(src: Float32Array, view: { offset: number; stride: number; t: unknown }, B: number, H: number, len: number, d: number, scale: number, dst: Float32Array, accumulate: boolean): void {
  const { offset, stride } = view;
  let o = 0;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      let s = offset + b * len * stride + h * d;
      for (let p = 0; p < len; p++, s += stride) {
        if (accumulate) for (let t = 0; t < d; t++) dst[s + t]! += src[o++]! * scale;
        else for (let t = 0; t < d; t++) dst[s + t] = src[o++]! * scale;
      }
    }
  }
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
