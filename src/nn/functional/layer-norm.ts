import { ShapeError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { needsGrad } from '../../tensor/autograd.js';
import { formatShape, sameShape, sizeOf } from '../../tensor/shape.js';
import { kernels } from '../../kernels/kernels.js';
import { allocFloat32, releaseStorage } from '../../tensor/storage.js';

/** Options of `layerNorm`. */
export interface LayerNormOptions {
  /** Elementwise scale, shape `normalizedShape`. Default none (1). */
  weight?: Tensor | null;
  /** Elementwise shift, shape `normalizedShape`. Default none (0). */
  bias?: Tensor | null;
  /** Added to the variance. Default 1e-5. */
  eps?: number;
}

/**
 * Layer normalisation (Ba et al., 2016; PyTorch's `F.layer_norm`): each sample is normalised over
 * its last `normalizedShape.length` dimensions with its own mean and biased variance, then scaled
 * and shifted elementwise. Fused forward and backward; the tier's layerNorm kernels run them when it
 * has them (native), else the loops below (the reference: double-precision statistics).
 * @param x `[..., ...normalizedShape]`. @param normalizedShape the trailing shape to normalise.
 * @param options weight, bias, eps (1e-5).
 * @throws ShapeError when the trailing dimensions of `x`, or weight/bias, do not equal normalizedShape.
 * @example layerNorm(tensor([[1, 3]]), [2]).toArray(); // ≈ [[-1, 1]]
 */
export function layerNorm(x: Tensor, normalizedShape: readonly number[], options: LayerNormOptions = {}): Tensor {
  const who = 'layerNorm';
  const { eps = 1e-5 } = options;
  const weight = options.weight ?? null;
  const bias = options.bias ?? null;
  const k = normalizedShape.length;
  if (k === 0 || x.ndim < k || !sameShape(x.shape.slice(x.ndim - k), normalizedShape)) {
    throw new ShapeError(`${who}: expected input [..., ${normalizedShape.join(', ')}]. Received: ${formatShape(x.shape)}.`);
  }
  for (const [name, t] of [['weight', weight], ['bias', bias]] as const) {
    if (t !== null && !sameShape(t.shape, normalizedShape)) {
      throw new ShapeError(`${who}: ${name} must have shape ${formatShape(normalizedShape)}. Received: ${formatShape(t.shape)}.`);
    }
  }
  const d = sizeOf(normalizedShape);
  const rows = x.size / Math.max(d, 1);
  const src = x.data;
  const xhat = allocFloat32(x.size);
  const invStd = new Float64Array(rows);
  const out = allocFloat32(x.size);
  const kern = kernels();
  if (kern.layerNorm !== undefined) kern.layerNorm(rows, d, src, weight?.data ?? null, bias?.data ?? null, eps, out, xhat, invStd);
  else for (let r = 0; r < rows; r++) {
    const base = r * d;
    const mu = laneSum(d, (i) => src[base + i]!) / d;
    const ss = laneSum(d, (i) => {
      const v = src[base + i]! - mu;
      return v * v;
    });
    const rs = 1 / Math.sqrt(ss / d + eps);
    invStd[r] = rs;
    for (let i = 0; i < d; i++) {
      const h = (src[base + i]! - mu) * rs;
      xhat[base + i] = h;
      out[base + i] = h * (weight === null ? 1 : weight.data[i]!) + (bias === null ? 0 : bias.data[i]!);
    }
  }
  const inputs = [x, ...(weight === null ? [] : [weight]), ...(bias === null ? [] : [bias])];
  if (!needsGrad(...inputs)) {
    releaseStorage(xhat);
    return new Tensor(out, x.shape);
  }
  return new Tensor(out, x.shape, true, {
    name: 'NativeLayerNormBackward',
    inputs,
    scratch: [xhat],
    backward: (g) => {
      const gw = weight !== null && weight.requiresGrad ? new Float32Array(d) : null;
      const gb = bias !== null && bias.requiresGrad ? new Float32Array(d) : null;
      const gx = x.requiresGrad ? allocFloat32(x.size) : null;
      const grads: (Float32Array | null)[] = [gx];
      if (weight !== null) grads.push(gw);
      if (bias !== null) grads.push(gb);
      if (kern.layerNormBackward !== undefined) {
        kern.layerNormBackward(rows, d, xhat, invStd, g, weight?.data ?? null, gx, gw, gb);
        return grads;
      }
      const dh = new Float64Array(d);
      for (let r = 0; r < rows; r++) {
        const base = r * d;
        for (let i = 0; i < d; i++) {
          const gi = g[base + i]!;
          if (gw !== null) gw[i]! += gi * xhat[base + i]!;
          if (gb !== null) gb[i]! += gi;
          dh[i] = gi * (weight === null ? 1 : weight.data[i]!);
        }
        if (gx === null) continue;
        const sumDh = laneSum(d, (i) => dh[i]!);
        const sumDhH = laneSum(d, (i) => dh[i]! * xhat[base + i]!);
        // dx = r·(dĥ − mean(dĥ) − ĥ·mean(dĥ·ĥ)), dĥ = g·γ
        const rs = invStd[r]!;
        const m1 = sumDh / d;
        const m2 = sumDhH / d;
        for (let i = 0; i < d; i++) gx[base + i] = rs * (dh[i]! - m1 - xhat[base + i]! * m2);
      }
      return grads;
    },
  });
}

/**
 * Σ f(i) for i < d in double precision, in the order the native kernel (native/layernorm.cpp)
 * uses: four interleaved partial sums (element i into sum i mod 4), combined as (s0 + s1) +
 * (s2 + s3), then the d mod 4 remaining elements in order.
 */
function laneSum(d: number, f: (i: number) => number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 4 <= d; i += 4) {
    s0 += f(i);
    s1 += f(i + 1);
    s2 += f(i + 2);
    s3 += f(i + 3);
  }
  let s = s0 + s1 + (s2 + s3);
  for (; i < d; i++) s += f(i);
  return s;
}
