import { Tensor } from '../../tensor/tensor.js';
import { needsGrad } from '../../tensor/autograd.js';
import type { Generator } from '../../tensor/random.js';

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
 * S = q·kᵀ/√d + masks, P = softmax(S), A = dropout(P), O = A·v. Backward (recomputing nothing):
 * dA = dO·vᵀ, dv = Aᵀ·dO, dP = dA ∘ keep, dS = P ∘ (dP − rowsum(dP ∘ P)), dq = dS·k/√d,
 * dk = dSᵀ·q/√d. Rows are accumulated in double precision. The output is written in the
 * heads-interleaved `[B, L, H·d]` layout the output projection reads.
 */
export function attentionCore(q: HeadView, k: HeadView, v: HeadView, dims: AttentionDims, masks: CoreMasks, drop: CoreDropout | null, outShape: readonly number[]): CoreResult {
  const { B, H, L, S, d } = dims;
  const E = H * d;
  const scale = 1 / Math.sqrt(d);
  const qd = q.t.data;
  const kd = k.t.data;
  const vd = v.t.data;
  const { attn, attnPerHead, keyPadding } = masks;
  const probs = new Float32Array(B * H * L * S);
  const keep = drop === null ? null : new Float32Array(probs.length);
  const weights = keep === null ? probs : new Float32Array(probs.length);
  const dropScale = drop === null ? 1 : 1 / (1 - drop.p);
  const out = new Float32Array(B * L * E);
  const row = new Float64Array(S);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const bh = b * H + h;
      const maskBase = attnPerHead ? bh * L * S : 0;
      for (let i = 0; i < L; i++) {
        const qo = q.offset + (b * L + i) * q.stride + h * d;
        const pr = (bh * L + i) * S;
        let mx = -Infinity;
        for (let j = 0; j < S; j++) {
          const ko = k.offset + (b * S + j) * k.stride + h * d;
          let s = 0;
          for (let t = 0; t < d; t++) s += qd[qo + t]! * kd[ko + t]!;
          s *= scale;
          if (attn !== null) s += attn[maskBase + i * S + j]!;
          if (keyPadding !== null) s += keyPadding[b * S + j]!;
          row[j] = s;
          if (s > mx) mx = s;
        }
        // A fully masked row gives (−∞) − (−∞) = NaN here, as PyTorch's softmax does.
        let sum = 0;
        for (let j = 0; j < S; j++) {
          const e = Math.exp(row[j]! - mx);
          row[j] = e;
          sum += e;
        }
        const inv = 1 / sum;
        const oo = (b * L + i) * E + h * d;
        for (let j = 0; j < S; j++) {
          const p = row[j]! * inv;
          probs[pr + j] = p;
          let a = p;
          if (keep !== null) {
            const m = drop!.generator.random() >= drop!.p ? dropScale : 0;
            keep[pr + j] = m;
            a = p * m;
            weights[pr + j] = a;
          }
          if (a === 0) continue;
          const vo = v.offset + (b * S + j) * v.stride + h * d;
          for (let t = 0; t < d; t++) out[oo + t]! += a * vd[vo + t]!;
        }
      }
    }
  }
  const inputs = [...new Set([q.t, k.t, v.t])];
  if (!needsGrad(...inputs)) return { out: new Tensor(out, outShape), weights };
  const result = new Tensor(out, outShape, true, {
    name: 'ScaledDotProductAttentionBackward',
    inputs,
    backward: (g) => {
      const buffers = new Map<Tensor, Float32Array>();
      for (const t of inputs) if (t.requiresGrad) buffers.set(t, new Float32Array(t.size));
      const gq = buffers.get(q.t) ?? null;
      const gk = buffers.get(k.t) ?? null;
      const gv = buffers.get(v.t) ?? null;
      const dA = new Float64Array(S);
      for (let b = 0; b < B; b++) {
        for (let h = 0; h < H; h++) {
          const bh = b * H + h;
          for (let i = 0; i < L; i++) {
            const go = (b * L + i) * E + h * d;
            const pr = (bh * L + i) * S;
            for (let j = 0; j < S; j++) {
              const vo = v.offset + (b * S + j) * v.stride + h * d;
              let s = 0;
              for (let t = 0; t < d; t++) s += g[go + t]! * vd[vo + t]!;
              dA[j] = s;
              const a = weights[pr + j]!;
              if (gv !== null && a !== 0) for (let t = 0; t < d; t++) gv[vo + t]! += a * g[go + t]!;
            }
            let dot = 0;
            for (let j = 0; j < S; j++) {
              const dp = keep === null ? dA[j]! : dA[j]! * keep[pr + j]!;
              dA[j] = dp;
              dot += dp * probs[pr + j]!;
            }
            if (gq === null && gk === null) continue;
            const qo = q.offset + (b * L + i) * q.stride + h * d;
            for (let j = 0; j < S; j++) {
              const ds = probs[pr + j]! * (dA[j]! - dot) * scale;
              if (ds === 0) continue;
              const ko = k.offset + (b * S + j) * k.stride + h * d;
              if (gq !== null) for (let t = 0; t < d; t++) gq[qo + t]! += ds * kd[ko + t]!;
              if (gk !== null) for (let t = 0; t < d; t++) gk[ko + t]! += ds * qd[qo + t]!;
            }
          }
        }
      }
      return inputs.map((t) => buffers.get(t) ?? null);
    },
  });
  return { out: result, weights };
}
