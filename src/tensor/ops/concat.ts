import { ShapeError, ValueError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { formatShape, normaliseDim } from '../shape.js';
import { copyRun } from './copy-run.js';
import { allocZeroedFloat32 } from '../storage.js';

/** Lay out, for each of `outer` blocks, chunk `chunks[t]` of every source `t` one after another. */
export function interleave(sources: readonly Float32Array[], chunks: readonly number[], outer: number, total: number): Float32Array {
  const out = allocZeroedFloat32(outer * total);
  let off = 0;
  for (let t = 0; t < sources.length; t++) {
    const src = sources[t]!;
    const c = chunks[t]!;
    if (outer === 1) out.set(src, off);
    else for (let o = 0; o < outer; o++) copyRun(out, o * total + off, src, o * c, c);
    off += c;
  }
  return out;
}

/** Inverse of `interleave`: the piece of `g` belonging to source `t` (null where none is needed). */
export function deinterleave(g: Float32Array, chunks: readonly number[], outer: number, total: number, want: readonly boolean[]): (Float32Array | null)[] {
  let off = 0;
  return chunks.map((c, t) => {
    const start = off;
    off += c;
    if (!want[t]) return null;
    if (outer === 1) return g.slice(start, start + c);
    const piece = allocZeroedFloat32(outer * c);
    for (let o = 0; o < outer; o++) copyRun(piece, o * c, g, o * total + start, c);
    return piece;
  });
}

/**
 * Join tensors along an existing dimension (PyTorch's `torch.cat`). All tensors need the same
 * rank and the same sizes except along `dim`. Gradient: the output gradient split back.
 * @param tensors one or more tensors.
 * @param dim dimension to join along, negatives count from the end. Default 0.
 * @throws ValueError for an empty list; ShapeError when shapes differ outside `dim` or a tensor
 * is a scalar.
 * @example concat([zeros([2, 3]), ones([1, 3])], 0).shape; // [3, 3]
 */
export function concat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ValueError('concat: tensors must hold at least one tensor. Received: an empty list.');
  const first = tensors[0]!;
  const rank = first.ndim;
  const shapes = (): string => tensors.map((t) => formatShape(t.shape)).join(', ');
  if (rank === 0) throw new ShapeError(`concat: zero-dimensional tensors cannot be concatenated; unsqueeze or use stack. Received shapes: ${shapes()}.`);
  const d = normaliseDim(dim, rank, 'concat');
  let outer = 1;
  for (let i = 0; i < d; i++) outer *= first.shape[i]!;
  let inner = 1;
  for (let i = d + 1; i < rank; i++) inner *= first.shape[i]!;
  let along = 0;
  for (const t of tensors) {
    let ok = t.ndim === rank;
    for (let i = 0; ok && i < rank; i++) if (i !== d && t.shape[i] !== first.shape[i]) ok = false;
    if (!ok) throw new ShapeError(`concat: tensors must match in every dimension except dim ${d}. Received shapes: ${shapes()}.`);
    along += t.shape[d]!;
  }
  const chunks = tensors.map((t) => t.shape[d]! * inner);
  const total = along * inner;
  const out = interleave(tensors.map((t) => t.data), chunks, outer, total);
  const shape = [...first.shape];
  shape[d] = along;
  if (!needsGrad(...tensors)) return new Tensor(out, shape);
  return new Tensor(out, shape, true, {
    name: 'CatBackward',
    inputs: tensors,
    backward: (g) => deinterleave(g, chunks, outer, total, tensors.map((t) => t.requiresGrad)),
  });
}

/**
 * Alias of `concat` (PyTorch's `torch.cat`).
 * @param tensors one or more tensors.
 * @param dim dimension to join along. Default 0.
 * @throws ValueError / ShapeError as `concat`.
 * @example cat([tensor([1]), tensor([2, 3])]).toArray(); // [1, 2, 3]
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  return concat(tensors, dim);
}
