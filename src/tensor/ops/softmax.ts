import { Tensor } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { reduceLayout } from './reduce.js';
import { allocZeroedFloat32 } from '../storage.js';

/**
 * Softmax over `dim`: `exp(x − max) / Σ exp(x − max)`, max-subtracted so large logits do not
 * overflow (PyTorch's `torch.softmax`). Gradient (fused): `y · (g − Σ g·y)` over `dim`.
 * @param x input tensor.
 * @param dim dimension to normalise over, negatives count from the end (required, as PyTorch
 * deprecates the implicit choice).
 * @throws ShapeError for a dimension out of range.
 * @example softmax(tensor([[0, Math.log(3)]]), 1).toArray(); // [[0.25, 0.75]]
 */
export function softmax(x: Tensor, dim: number): Tensor {
  const { outer, n, inner } = reduceLayout(x.shape, dim, true, 'softmax');
  const src = x.data;
  const out = allocZeroedFloat32(x.size);
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * n;
      let m = -Infinity;
      for (let r = 0; r < n; r++) if (src[base + r]! > m) m = src[base + r]!;
      let s = 0;
      for (let r = 0; r < n; r++) {
        const e = Math.exp(src[base + r]! - m);
        out[base + r] = e;
        s += e;
      }
      const inv = 1 / s;
      for (let r = 0; r < n; r++) out[base + r]! *= inv;
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
        for (let i = 0; i < inner; i++) {
          const e = Math.exp(src[row + i]! - m[i]!);
          out[row + i] = e;
          s[i]! += e;
        }
      }
      for (let i = 0; i < inner; i++) s[i] = 1 / s[i]!;
      for (let r = 0; r < n; r++) {
        const row = base + r * inner;
        for (let i = 0; i < inner; i++) out[row + i]! *= s[i]!;
      }
    }
  }
  if (!needsGrad(x)) return new Tensor(out, x.shape);
  // Backward reads the output through its tensor: a disposed output throws instead of being read.
  const y: Tensor = new Tensor(out, x.shape, true, {
    name: 'SoftmaxBackward',
    inputs: [x],
    backward: (g) => [softmaxBackward(g, y.data, outer, n, inner)],
  });
  return y;
}

function softmaxBackward(g: Float32Array, y: Float32Array, outer: number, n: number, inner: number): Float32Array {
  const gx = allocZeroedFloat32(g.length);
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * n;
      let dot = 0;
      for (let r = 0; r < n; r++) dot += g[base + r]! * y[base + r]!;
      for (let r = 0; r < n; r++) gx[base + r] = y[base + r]! * (g[base + r]! - dot);
    }
    return gx;
  }
  const dot = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    dot.fill(0);
    for (let r = 0; r < n; r++) {
      const row = base + r * inner;
      for (let i = 0; i < inner; i++) dot[i]! += g[row + i]! * y[row + i]!;
    }
    for (let r = 0; r < n; r++) {
      const row = base + r * inner;
      for (let i = 0; i < inner; i++) gx[row + i] = y[row + i]! * (g[row + i]! - dot[i]!);
    }
  }
  return gx;
}
