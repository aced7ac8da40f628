import { Tensor } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { reduceLayout } from './reduce.js';
import { allocZeroedFloat32 } from '../storage.js';

/**
 * Log-softmax over `dim`: `x − max − log Σ exp(x − max)`, stable for large logits (PyTorch's
 * `torch.log_softmax`; the input of cross-entropy). Gradient (fused): `g − exp(y) · Σ g` over `dim`.
 * @param x input tensor.
 * @param dim dimension to normalise over, negatives count from the end (required).
 * @throws ShapeError for a dimension out of range.
 * @example logSoftmax(tensor([[0, 0]]), 1).toArray(); // [[-0.6931472, -0.6931472]]
 */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  const { outer, n, inner } = reduceLayout(x.shape, dim, true, 'logSoftmax');
  const src = x.data;
  const out = allocZeroedFloat32(x.size);
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * n;
      let m = -Infinity;
      for (let r = 0; r < n; r++) if (src[base + r]! > m) m = src[base + r]!;
      let s = 0;
      for (let r = 0; r < n; r++) s += Math.exp(src[base + r]! - m);
      const lse = m + Math.log(s);
      for (let r = 0; r < n; r++) out[base + r] = src[base + r]! - lse;
    }
  } else {
    const m = new Float64Array(inner);
    const s = new Float64Array(inner);
    for (let o = 0; o < outer; o++) {
      const base = o * n * inner;
      m.fill(-Infinity);
      s.fill(0);
      for (let r = 0; r < n; r++) {
        const row = base + r * inner;
        for (let i = 0; i < inner; i++) if (src[row + i]! > m[i]!) m[i] = src[row + i]!;
      }
      for (let r = 0; r < n; r++) {
        const row = base + r * inner;
        for (let i = 0; i < inner; i++) s[i]! += Math.exp(src[row + i]! - m[i]!);
      }
      for (let i = 0; i < inner; i++) m[i] = m[i]! + Math.log(s[i]!);
      for (let r = 0; r < n; r++) {
        const row = base + r * inner;
        for (let i = 0; i < inner; i++) out[row + i] = src[row + i]! - m[i]!;
      }
    }
  }
  if (!needsGrad(x)) return new Tensor(out, x.shape);
  // Backward reads the output through its tensor: a disposed output throws instead of being read.
  const y: Tensor = new Tensor(out, x.shape, true, {
    name: 'LogSoftmaxBackward',
    inputs: [x],
    backward: (g) => [logSoftmaxBackward(g, y.data, outer, n, inner)],
  });
  return y;
}

function logSoftmaxBackward(g: Float32Array, y: Float32Array, outer: number, n: number, inner: number): Float32Array {
  const gx = allocZeroedFloat32(g.length);
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * n;
      let total = 0;
      for (let r = 0; r < n; r++) total += g[base + r]!;
      for (let r = 0; r < n; r++) gx[base + r] = g[base + r]! - Math.exp(y[base + r]!) * total;
    }
    return gx;
  }
  const total = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    total.fill(0);
    for (let r = 0; r < n; r++) {
      const row = base + r * inner;
      for (let i = 0; i < inner; i++) total[i]! += g[row + i]!;
    }
    for (let r = 0; r < n; r++) {
      const row = base + r * inner;
      for (let i = 0; i < inner; i++) gx[row + i] = g[row + i]! - Math.exp(y[row + i]!) * total[i]!;
    }
  }
  return gx;
}
