import type { Tensor } from '../tensor.js';
import { extremeReduce } from './extremum.js';

/**
 * Smallest element (→ scalar), or the smallest values over `dim` (PyTorch's `torch.min`,
 * returning the values; `argmin` gives the positions). NaN propagates. Gradient: with `dim`, to
 * the first minimum of each slice; without, shared evenly among tied minima.
 * @param x input tensor (at least one element).
 * @param dim dimension to reduce, negatives count from the end. Default: all elements.
 * @param keepdim keep the reduced dimension as size 1. Default false.
 * @throws ShapeError for an empty tensor or reduced dimension, or a dimension out of range.
 * @example min(tensor([[1, 5], [7, 2]]), 1).toArray(); // [1, 2]
 */
export function min(x: Tensor, dim?: number, keepdim = false): Tensor {
  return extremeReduce('min', x, dim, keepdim);
}
