import type { Tensor } from '../tensor.js';
import { scaledSum } from './reduce.js';

const reciprocal = (count: number): number => 1 / count;

/**
 * Arithmetic mean of all elements (→ scalar), or over `dim` (a number or several), optionally
 * keeping the reduced dimensions as size 1 (PyTorch's `torch.mean`; the mean of no elements is NaN).
 * Gradient: the output gradient divided by the number of elements averaged, broadcast back.
 * @param x input tensor.
 * @param dim dimension(s) to average over, negatives count from the end. Default: all.
 * @param keepdim keep reduced dimensions as size 1. Default false.
 * @throws ShapeError for a dimension out of range; ValueError for a dimension listed twice.
 * @example mean(tensor([[1, 2], [3, 4]]), 1).toArray(); // [1.5, 3.5]
 */
export function mean(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return scaledSum('mean', 'MeanBackward', x, dim, keepdim, reciprocal);
}
