import { ShapeError } from '../../errors.js';
import type { Tensor } from '../tensor.js';
import { normaliseDim } from '../shape.js';
import { viewAs } from './reshape.js';

/**
 * Remove dimensions of size 1, sharing the data (PyTorch's `torch.squeeze`): all of them, or only
 * `dim` — left unchanged when that dimension is not of size 1, as PyTorch.
 * @param x input tensor.
 * @param dim the dimension to remove. Default: every size-1 dimension.
 * @throws ShapeError for a dimension out of range.
 * @example squeeze(zeros([2, 1, 3])).shape; // [2, 3]
 */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined) return viewAs(x, x.shape.filter((s) => s !== 1), 'SqueezeBackward');
  if (x.ndim === 0) {
    normaliseDim(dim, 0, 'squeeze');
    return viewAs(x, [], 'SqueezeBackward');
  }
  const d = normaliseDim(dim, x.ndim, 'squeeze');
  if (x.shape[d] !== 1) return viewAs(x, [...x.shape], 'SqueezeBackward');
  return viewAs(x, [...x.shape.slice(0, d), ...x.shape.slice(d + 1)], 'SqueezeBackward');
}

/**
 * Insert a dimension of size 1 at `dim`, sharing the data (PyTorch's `torch.unsqueeze`).
 * @param x input tensor.
 * @param dim position of the new dimension, in [−rank−1, rank].
 * @throws ShapeError for a position out of range.
 * @example unsqueeze(zeros([3]), 0).shape; // [1, 3]
 */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const rank = x.ndim;
  const d = dim < 0 ? dim + rank + 1 : dim;
  if (!Number.isInteger(d) || d < 0 || d > rank) {
    throw new ShapeError(`unsqueeze: dim must be in [${-rank - 1}, ${rank}] for a tensor of rank ${rank}. Received: dim=${dim}.`);
  }
  return viewAs(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)], 'UnsqueezeBackward');
}
