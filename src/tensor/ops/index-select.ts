import { ShapeError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { formatShape } from '../shape.js';
import { copyRun } from './copy-run.js';
import { readIndices } from './indices.js';
import { reduceLayout } from './reduce.js';
import { allocZeroedFloat32 } from '../storage.js';

/**
 * The entries at `indices` along `dim`, in that order, repeats allowed (PyTorch's
 * `torch.index_select`). With dim 0 this picks rows — a minibatch `indexSelect(X, 0, batchRows)` —
 * copying each row as one run. Gradient: added back into the selected positions.
 * @param x input tensor (rank ≥ 1).
 * @param dim dimension to select along, negatives count from the end.
 * @param indices positions: an Int32Array (used without copying), a number array, or a 1-D (or
 * 0-D) Tensor of integer values.
 * @throws ShapeError for a scalar input, a bad dimension or an index tensor of rank > 1;
 * ValueError for a position that is not an integer in `[0, x.shape[dim])`.
 * @example indexSelect(tensor([[1, 2], [3, 4], [5, 6]]), 0, Int32Array.of(2, 0)).toArray(); // [[5, 6], [1, 2]]
 */
export function indexSelect(x: Tensor, dim: number, indices: Tensor | Int32Array | readonly number[]): Tensor {
  if (x.ndim === 0) throw new ShapeError('indexSelect: a zero-dimensional tensor has no dimension to select from. Received: shape [].');
  const { outer, n, inner, shape } = reduceLayout(x.shape, dim, true, 'indexSelect');
  let values: ArrayLike<number>;
  if (indices instanceof Int32Array || Array.isArray(indices)) {
    values = indices as ArrayLike<number>;
  } else {
    const t = indices as Tensor;
    if (t.ndim > 1) {
      throw new ShapeError(`indexSelect: indices must be 1-D. Received: indices of shape ${formatShape(t.shape)}.`);
    }
    values = t.data;
  }
  const d = dim < 0 ? dim + x.ndim : dim;
  const idx = readIndices('indexSelect', 'indices', values, n, `dimension ${d} of input ${formatShape(x.shape)}`);
  const k = idx.length;
  shape[d] = k;
  const src = x.data;
  const out = allocZeroedFloat32(outer * k * inner);
  for (let o = 0; o < outer; o++) {
    const srcBase = o * n;
    const outBase = o * k;
    for (let r = 0; r < k; r++) copyRun(out, (outBase + r) * inner, src, (srcBase + idx[r]!) * inner, inner);
  }
  if (!needsGrad(x)) return new Tensor(out, shape);
  return new Tensor(out, shape, true, {
    name: 'IndexSelectBackward',
    inputs: [x],
    backward: (g) => {
      const gx = allocZeroedFloat32(x.size);
      for (let o = 0; o < outer; o++) {
        for (let r = 0; r < k; r++) {
          const to = (o * n + idx[r]!) * inner;
          const from = (o * k + r) * inner;
          for (let i = 0; i < inner; i++) gx[to + i]! += g[from + i]!;
        }
      }
      return [gx];
    },
  });
}
