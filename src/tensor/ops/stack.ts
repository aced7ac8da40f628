import { ShapeError, ValueError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { formatShape, sameShape } from '../shape.js';
import { deinterleave, interleave } from './concat.js';

/**
 * Join tensors of one shape along a new dimension `dim` (PyTorch's `torch.stack`).
 * Gradient: the output gradient split back.
 * @param tensors one or more tensors of identical shape.
 * @param dim position of the new dimension, in [−rank−1, rank]. Default 0.
 * @throws ValueError for an empty list; ShapeError when shapes differ or `dim` is out of range.
 * @example stack([tensor([1, 2]), tensor([3, 4])], 1).toArray(); // [[1, 3], [2, 4]]
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ValueError('stack: tensors must hold at least one tensor. Received: an empty list.');
  const first = tensors[0]!;
  for (const t of tensors) {
    if (!sameShape(t.shape, first.shape)) {
      throw new ShapeError(`stack: all tensors must have the same shape. Received shapes: ${tensors.map((u) => formatShape(u.shape)).join(', ')}.`);
    }
  }
  const rank = first.ndim;
  const d = dim < 0 ? dim + rank + 1 : dim;
  if (!Number.isInteger(d) || d < 0 || d > rank) {
    throw new ShapeError(`stack: dim must be in [${-rank - 1}, ${rank}] for tensors of rank ${rank}. Received: dim=${dim}.`);
  }
  let outer = 1;
  for (let i = 0; i < d; i++) outer *= first.shape[i]!;
  let chunk = 1;
  for (let i = d; i < rank; i++) chunk *= first.shape[i]!;
  const chunks = tensors.map(() => chunk);
  const total = chunk * tensors.length;
  const out = interleave(tensors.map((t) => t.data), chunks, outer, total);
  const shape = [...first.shape.slice(0, d), tensors.length, ...first.shape.slice(d)];
  if (!needsGrad(...tensors)) return new Tensor(out, shape);
  return new Tensor(out, shape, true, {
    name: 'StackBackward',
    inputs: tensors,
    backward: (g) => deinterleave(g, chunks, outer, total, tensors.map((t) => t.requiresGrad)),
  });
}
