import { ShapeError, ValueError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { needsGrad } from '../../tensor/autograd.js';
import { formatShape } from '../../tensor/shape.js';
import { allocFloat32 } from '../../tensor/storage.js';

/** Parameters of `featureTokens` (see `FeatureTokenizer` for their layouts). */
export interface FeatureTokenParams {
  /** `[nNumeric, d]`, or null without numeric features. */
  numericWeight: Tensor | null;
  /** `[nNumeric, d]`, or null. */
  numericBias: Tensor | null;
  /** `[Σ cardinalities, d]`: one table holding every categorical feature's rows, feature after feature. */
  categoryWeight: Tensor | null;
  /** `[nCategorical, d]`, or null. */
  categoryBias: Tensor | null;
  /** Cardinality of each categorical feature. */
  cardinalities: readonly number[];
  /** `[d]` appended as the last token, or null. */
  clsToken: Tensor | null;
  /** Token size d. */
  dToken: number;
}

/**
 * The FT-Transformer feature tokenizer (Gorishniy et al., 2021, "Revisiting Deep Learning Models
 * for Tabular Data") in one fused autograd node: numeric feature i → `x_i·W_i + b_i`;
 * categorical feature i with code c → `E[offset_i + c] + b_i`; then the CLS token.
 * @param x `[N, nNumeric + nCategorical]`: numeric columns first, then integer category codes.
 * @param p the parameters. @param who the caller, for error messages.
 * @returns tokens `[N, nNumeric + nCategorical (+1 with a CLS token), d]`.
 * @throws ShapeError for a bad input shape; ValueError for a code outside [0, cardinality).
 */
export function featureTokens(x: Tensor, p: FeatureTokenParams, who: string): Tensor {
  const nNum = p.numericWeight?.shape[0] ?? 0;
  const nCat = p.cardinalities.length;
  const d = p.dToken;
  const nIn = nNum + nCat;
  if (x.ndim !== 2 || x.shape[1] !== nIn) {
    throw new ShapeError(`${who}: expected input [N, ${nIn}] (${nNum} numeric then ${nCat} categorical columns), received ${formatShape(x.shape)}.`);
  }
  const N = x.shape[0]!;
  const T = nIn + (p.clsToken === null ? 0 : 1);
  const offsets = new Int32Array(nCat);
  for (let i = 1; i < nCat; i++) offsets[i] = offsets[i - 1]! + p.cardinalities[i - 1]!;
  // Row of the embedding table per (sample, categorical feature), checked once.
  const rows = new Int32Array(N * nCat);
  const xd = x.data;
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < nCat; i++) {
      const c = xd[n * nIn + nNum + i]!;
      const card = p.cardinalities[i]!;
      if (!Number.isInteger(c) || c < 0 || c >= card) {
        throw new ValueError(`${who}: categorical column ${nNum + i} must hold integer codes in [0, ${card - 1}]. Received: ${c} at row ${n}; encode unseen or missing categories as a reserved code counted in the cardinality.`);
      }
      rows[n * nCat + i] = offsets[i]! + c;
    }
  }
  const out = allocFloat32(N * T * d);
  const W = p.numericWeight?.data;
  const Bn = p.numericBias?.data;
  const Ec = p.categoryWeight?.data;
  const Bc = p.categoryBias?.data;
  const cls = p.clsToken?.data;
  // Loops with every optional operand tested outside them (V8 keeps such inner loops tight).
  for (let n = 0; n < N; n++) {
    const base = n * T * d;
    if (W !== undefined) {
      for (let i = 0; i < nNum; i++) {
        const v = xd[n * nIn + i]!;
        const o = base + i * d;
        const w0 = i * d;
        if (Bn !== undefined) for (let t = 0; t < d; t++) out[o + t] = v * W[w0 + t]! + Bn[w0 + t]!;
        else for (let t = 0; t < d; t++) out[o + t] = v * W[w0 + t]!;
      }
    }
    if (Ec !== undefined) {
      for (let i = 0; i < nCat; i++) {
        const o = base + (nNum + i) * d;
        const e = rows[n * nCat + i]! * d;
        const b0 = i * d;
        if (Bc !== undefined) for (let t = 0; t < d; t++) out[o + t] = Ec[e + t]! + Bc[b0 + t]!;
        else for (let t = 0; t < d; t++) out[o + t] = Ec[e + t]!;
      }
    }
    if (cls !== undefined) out.set(cls, base + nIn * d);
  }
  const shape = [N, T, d];
  const params = [p.numericWeight, p.numericBias, p.categoryWeight, p.categoryBias, p.clsToken];
  const inputs = [x, ...params.filter((t): t is Tensor => t !== null)];
  if (!needsGrad(...inputs)) return new Tensor(out, shape);
  return new Tensor(out, shape, true, {
    name: 'FeatureTokensBackward',
    inputs,
    backward: (g) => {
      const want = (t: Tensor | null): Float32Array | null => (t !== null && t.requiresGrad ? new Float32Array(t.size) : null);
      const [gW, gBn, gE, gBc, gCls] = params.map(want);
      const gx = want(x);
      for (let n = 0; n < N; n++) {
        const base = n * T * d;
        for (let i = 0; i < nNum; i++) {
          const v = xd[n * nIn + i]!;
          const o = base + i * d;
          const w0 = i * d;
          if (gW !== null) for (let t = 0; t < d; t++) gW[w0 + t]! += v * g[o + t]!;
          if (gBn !== null) for (let t = 0; t < d; t++) gBn[w0 + t]! += g[o + t]!;
          if (gx !== null && W !== undefined) {
            let s = 0;
            for (let t = 0; t < d; t++) s += g[o + t]! * W[w0 + t]!;
            gx[n * nIn + i] = s;
          }
        }
        for (let i = 0; i < nCat; i++) {
          const o = base + (nNum + i) * d;
          const e = rows[n * nCat + i]! * d;
          const b0 = i * d;
          if (gE !== null) for (let t = 0; t < d; t++) gE[e + t]! += g[o + t]!;
          if (gBc !== null) for (let t = 0; t < d; t++) gBc[b0 + t]! += g[o + t]!;
        }
        if (gCls !== null) for (let t = 0, o = base + nIn * d; t < d; t++) gCls[t]! += g[o + t]!;
      }
      return [gx, ...[gW, gBn, gE, gBc, gCls].filter((_, k) => params[k] !== null)];
    },
  });
}
