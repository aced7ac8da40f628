import { Tensor } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { normaliseDims, reduceLayout } from './reduce.js';

/**
 * Sum of all elements (→ scalar), or over `dim` (a number or several), optionally keeping the
 * reduced dimensions as size 1. Gradient: the output gradient broadcast back.
 * @throws ShapeError for a dimension out of range.
 * @example sum(tensor([[1, 2], [3, 4]]), 0).toArray(); // [4, 6]
 */
export function sum(x: Tensor, dim?: number | number[], keepdim = false): Tensor {
  if (dim === undefined) {
    let s = 0;
    const d = x.data;
    for (let i = 0; i < d.length; i++) s += d[i]!;
    const out = Float32Array.of(s);
    const shape = keepdim ? x.shape.map(() => 1) : [];
    if (!needsGrad(x)) return new Tensor(out, shape);
    return new Tensor(out, shape, true, {
      name: 'SumBackward',
      inputs: [x],
      backward: (g) => [new Float32Array(x.size).fill(g[0]!)],
    });
  }
  const dims = normaliseDims(Array.isArray(dim) ? dim : [dim], x.ndim, 'sum');
  let result = x;
  // Reduce the highest dimension first so lower indices stay valid.
  for (const d of dims) result = sumDim(result, d, keepdim);
  return result;
}

function sumDim(x: Tensor, dim: number, keepdim: boolean): Tensor {
  const { outer, n, inner, shape } = reduceLayout(x.shape, dim, keepdim, 'sum');
  const src = x.data;
  const out = new Float32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    const ob = o * inner;
    for (let r = 0; r < n; r++) {
      const row = base + r * inner;
      for (let i = 0; i < inner; i++) out[ob + i]! += src[row + i]!;
    }
  }
  if (!needsGrad(x)) return new Tensor(out, shape);
  return new Tensor(out, shape, true, {
    name: 'SumBackward',
    inputs: [x],
    backward: (g) => {
      const gx = new Float32Array(x.size);
      for (let o = 0; o < outer; o++) {
        for (let r = 0; r < n; r++) {
          const row = (o * n + r) * inner;
          for (let i = 0; i < inner; i++) gx[row + i] = g[o * inner + i]!;
        }
      }
      return [gx];
    },
  });
}
