import type { Tensor } from '../tensor.js';
import { extremeReduce } from './extremum.js';

/**
 * Largest element (→ scalar), or the largest values over `dim` (PyTorch's `torch.max`, returning
 * the values; `argmax` gives the positions). NaN propagates. Gradient: with `dim`, to the first
 * maximum of each slice (PyTorch's `max(dim)` index); without, shared evenly among tied maxima.
 * @param x input tensor (at least one element).
 * @param dim dimension to reduce, negatives count from the end. Default: all elements.
 * @param keepdim keep the reduced dimension as size 1. Default false.
 * @throws ShapeError for an empty tensor or reduced dimension, or a dimension out of range.
 * @example max(tensor([[1, 5], [7, 2]]), 1).toArray(); // [5, 7]
 */
export function max(x: Tensor, dim?: number, keepdim = false): Tensor {
  return extremeReduce('max', x, dim, keepdim);
}
