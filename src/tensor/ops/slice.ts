import { ShapeError, ValueError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { formatShape } from '../shape.js';
import { reduceLayout } from './reduce.js';
import { allocZeroedFloat32 } from '../storage.js';

/**
 * The entries `start ≤ i < end` along `dim`, as a new tensor (PyTorch's `torch.narrow(x, dim,
 * start, end − start)`, i.e. `x[..., start:end]` — but a range outside the dimension is an error,
 * never silently shortened as Python slicing would). Gradient: the output gradient placed back,
 * zeros elsewhere.
 * @param x input tensor (rank ≥ 1).
 * @param dim dimension to cut, negatives count from the end.
 * @param start first index, in [−size, size] (negatives count from the end).
 * @param end one past the last index, in [start, size] after the same normalisation. Default: size.
 * @throws ShapeError for a scalar or a bad dimension; ValueError when `start`/`end` are not integers or fall
 * outside the dimension, or `end < start`.
 * @example slice(tensor([[1, 2, 3], [4, 5, 6]]), 1, 1, 3).toArray(); // [[2, 3], [5, 6]]
 */
export function slice(x: Tensor, dim: number, start: number, end?: number): Tensor {
  if (x.ndim === 0) throw new ShapeError('slice: a zero-dimensional tensor cannot be sliced. Received: shape [].');
  const { outer, n, inner, shape } = reduceLayout(x.shape, dim, true, 'slice');
  const s = start < 0 ? start + n : start;
  const e = end === undefined ? n : end < 0 ? end + n : end;
  if (!Number.isInteger(s) || s < 0 || s > n) {
    throw new ValueError(`slice: start must be an integer in [${-n}, ${n}] for dimension ${dim} of shape ${formatShape(x.shape)}. Received: start=${start}.`);
  }
  if (!Number.isInteger(e) || e < s || e > n) {
    throw new ValueError(`slice: end must be an integer in [start, ${n}] (negatives count from the end) for dimension ${dim} of shape ${formatShape(x.shape)}. Received: start=${start}, end=${end}.`);
  }
  const k = e - s;
  shape[dim < 0 ? dim + x.ndim : dim] = k;
  const run = k * inner;
  const src = x.data;
  const out = allocZeroedFloat32(outer * run);
  if (outer === 1) out.set(src.subarray(s * inner, e * inner));
  else for (let o = 0; o < outer; o++) out.set(src.subarray((o * n + s) * inner, (o * n + e) * inner), o * run);
  if (!needsGrad(x)) return new Tensor(out, shape);
  return new Tensor(out, shape, true, {
    name: 'SliceBackward',
    inputs: [x],
    backward: (g) => {
      const gx = allocZeroedFloat32(x.size);
      if (outer === 1) gx.set(g, s * inner);
      else for (let o = 0; o < outer; o++) gx.set(g.subarray(o * run, (o + 1) * run), (o * n + s) * inner);
      return [gx];
    },
  });
}
