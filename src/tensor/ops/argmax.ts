import { ShapeError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { formatShape } from '../shape.js';
import { extremaAlong } from './extremum.js';
import { reduceLayout } from './reduce.js';

function argExtreme(op: 'argmax' | 'argmin', x: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  const wantMax = op === 'argmax';
  if (dim === undefined) {
    if (x.size === 0) throw new ShapeError(`${op}: cannot reduce a tensor with no elements. Received: shape ${formatShape(x.shape)}.`);
    const { index } = extremaAlong(x.data, 1, x.size, 1, wantMax);
    return new Tensor(Float32Array.of(index[0]!), keepdim ? x.shape.map(() => 1) : []);
  }
  const { outer, n, inner, shape } = reduceLayout(x.shape, dim, keepdim, op);
  if (n === 0) throw new ShapeError(`${op}: cannot reduce over dimension ${dim} of size 0. Received: shape ${formatShape(x.shape)}.`);
  const { index } = extremaAlong(x.data, outer, n, inner, wantMax);
  return new Tensor(Float32Array.from(index), shape);
}

/**
 * Position of the largest element — in the flattened tensor without `dim`, else along `dim` —
 * the first one on ties, a NaN counting as largest (PyTorch's `torch.argmax`). Positions are stored
 * as float32 values (exact below 2^24); the result never requires grad.
 * @param x input tensor (at least one element).
 * @param dim dimension to search, negatives count from the end. Default: the flattened tensor.
 * @param keepdim keep the reduced dimension as size 1. Default false.
 * @throws ShapeError for an empty tensor or reduced dimension, or a dimension out of range.
 * @example argmax(tensor([[1, 5], [7, 2]]), 1).toArray(); // [1, 0]
 */
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argExtreme('argmax', x, dim, keepdim);
}

/**
 * Position of the smallest element (first on ties, NaN counting as smallest), as `argmax`
 * (PyTorch's `torch.argmin`).
 * @param x input tensor (at least one element).
 * @param dim dimension to search. Default: the flattened tensor.
 * @param keepdim keep the reduced dimension as size 1. Default false.
 * @throws ShapeError for an empty tensor or reduced dimension, or a dimension out of range.
 * @example argmin(tensor([[1, 5], [7, 2]]), 1).toArray(); // [0, 1]
 */
export function argmin(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argExtreme('argmin', x, dim, keepdim);
}
