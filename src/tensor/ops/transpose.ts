import type { Tensor } from '../tensor.js';
import { normaliseDim } from '../shape.js';
import { permuteChecked } from './permute.js';

/**
 * Swap dimensions `dim0` and `dim1` (PyTorch's `torch.transpose`), as a contiguous copy (or
 * sharing the data when the element order does not change). Gradient: transposed back.
 * @param x input tensor.
 * @param dim0 first dimension, negatives count from the end.
 * @param dim1 second dimension.
 * @throws ShapeError for a dimension out of range.
 * @example transpose(tensor([[1, 2, 3]]), 0, 1).toArray(); // [[1], [2], [3]]
 */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = normaliseDim(dim0, x.ndim, 'transpose');
  const b = normaliseDim(dim1, x.ndim, 'transpose');
  const perm = x.shape.map((_, d) => d);
  if (x.ndim > 0) {
    perm[a] = b;
    perm[b] = a;
  }
  return permuteChecked(x, perm, 'TransposeBackward');
}
