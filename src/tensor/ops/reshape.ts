import { ShapeError, ValueError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { formatShape } from '../shape.js';

/** A tensor with `shape` sharing `x`'s data (same size, already checked); gradient passes through. */
export function viewAs(x: Tensor, shape: number[], name: string): Tensor {
  if (!needsGrad(x)) return new Tensor(x.data, shape);
  return new Tensor(x.data, shape, true, { name, inputs: [x], backward: (g) => [g] });
}

/** Resolve a target shape with at most one −1 against `size` elements. */
export function inferShape(op: string, from: readonly number[], size: number, shape: readonly number[]): number[] {
  let free = -1;
  let known = 1;
  for (let d = 0; d < shape.length; d++) {
    const s = shape[d]!;
    if (s === -1) {
      if (free >= 0) {
        throw new ValueError(`${op}: only one dimension can be -1. Received: shape=${formatShape(shape)}.`);
      }
      free = d;
    } else if (!Number.isInteger(s) || s < 0) {
      throw new ValueError(`${op}: shape entries must be non-negative integers or a single -1. Received: shape=${formatShape(shape)}.`);
    } else {
      known *= s;
    }
  }
  const out = [...shape];
  if (free >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(`${op}: shape ${formatShape(shape)} is invalid for input of shape ${formatShape(from)} (${size} elements).`);
    }
    out[free] = size / known;
  } else if (known !== size) {
    throw new ShapeError(`${op}: shape ${formatShape(shape)} is invalid for input of shape ${formatShape(from)} (${size} elements).`);
  }
  return out;
}

/**
 * The same elements in a new shape, sharing the data (no copy; every tensor is contiguous, so this
 * is PyTorch's `reshape` and `view` at once). One entry may be −1 and is inferred.
 * Gradient: the output gradient, reshaped back.
 * @param x input tensor.
 * @param shape target shape; its product must equal `x.size`.
 * @throws ValueError for two −1 entries or a negative / non-integer entry; ShapeError when the
 * sizes do not match.
 * @example reshape(tensor([1, 2, 3, 4]), [2, -1]).shape; // [2, 2]
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return viewAs(x, inferShape('reshape', x.shape, x.size, shape), 'ViewBackward');
}

/**
 * Alias of `reshape` (PyTorch's `view`; always possible here because tensors are contiguous).
 * @param x input tensor.
 * @param shape target shape, one entry may be −1.
 * @throws ValueError / ShapeError as `reshape`.
 * @example view(zeros([2, 3]), [-1]).shape; // [6]
 */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  return viewAs(x, inferShape('view', x.shape, x.size, shape), 'ViewBackward');
}
