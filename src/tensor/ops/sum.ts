import type { Tensor } from '../tensor.js';
import { scaledSum } from './reduce.js';

const one = (): number => 1;

/**
 * Sum of all elements (→ scalar), or over `dim` (a number or several), optionally keeping the
 * reduced dimensions as size 1 (PyTorch's `torch.sum`; an empty dim list sums everything).
 * Gradient: the output gradient broadcast back.
 * @param x input tensor.
 * @param dim dimension(s) to reduce, negatives count from the end. Default: all.
 * @param keepdim keep reduced dimensions as size 1. Default false.
 * @throws ShapeError for a dimension out of range; ValueError for a dimension listed twice.
 * @example sum(tensor([[1, 2], [3, 4]]), 0).toArray(); // [4, 6]
 */
export function sum(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return scaledSum('sum', 'SumBackward', x, dim, keepdim, one);
}
