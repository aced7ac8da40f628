import { ShapeError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { formatShape, normaliseDim, stridesOf } from '../shape.js';
import { indexParts, readIndices, type IndexTensor } from './indices.js';
import { allocZeroedFloat32 } from '../storage.js';

/**
 * Pick values along `dim` by position (PyTorch's `torch.gather`): for a 3-D input and dim 1,
 * `out[i][j][k] = x[i][index[i][j][k]][k]`. The output has `index`'s shape; `index` has `x`'s
 * rank and is no larger than `x` in every other dimension. Typical use: the log-probability of
 * each row's target class, `gather(logp, 1, { data: targets, shape: [n, 1] })`.
 * Gradient: scattered back (added where a position is picked twice), zeros elsewhere.
 * @param x input tensor.
 * @param dim dimension to index, negatives count from the end.
 * @param index positions: an `IndexTensor` (Int32Array data) or a `Tensor` of integer values.
 * @throws ShapeError when ranks differ or `index` is larger than `x` outside `dim`; ValueError
 * for a position that is not an integer in `[0, x.shape[dim])`.
 * @example gather(tensor([[1, 2], [3, 4]]), 1, tensor([[1], [0]])).toArray(); // [[2], [3]]
 */
export function gather(x: Tensor, dim: number, index: Tensor | IndexTensor): Tensor {
  const { shape, values } = indexParts('gather', 'index', index);
  const rank = x.ndim;
  const d = normaliseDim(dim, rank, 'gather');
  if (shape.length !== rank) {
    throw new ShapeError(`gather: index must have the same rank as the input. Received: input ${formatShape(x.shape)}, index ${formatShape(shape)}.`);
  }
  for (let i = 0; i < rank; i++) {
    if (i !== d && shape[i]! > x.shape[i]!) {
      throw new ShapeError(`gather: index size ${shape[i]} exceeds the input size ${x.shape[i]} in dimension ${i} (only dim ${d} may differ freely). Received: input ${formatShape(x.shape)}, index ${formatShape(shape)}.`);
    }
  }
  const n = rank === 0 ? 1 : x.shape[d]!;
  const idx = readIndices('gather', 'index', values, n, `dimension ${d} of input ${formatShape(x.shape)}`);
  const offsets = sourceOffsets(x.shape, shape, d, idx);
  const src = x.data;
  const out = allocZeroedFloat32(offsets.length);
  for (let j = 0; j < out.length; j++) out[j] = src[offsets[j]!]!;
  const outShape = [...shape];
  if (!needsGrad(x)) return new Tensor(out, outShape);
  return new Tensor(out, outShape, true, {
    name: 'GatherBackward',
    inputs: [x],
    backward: (g) => {
      const gx = allocZeroedFloat32(x.size);
      for (let j = 0; j < offsets.length; j++) gx[offsets[j]!]! += g[j]!;
      return [gx];
    },
  });
}

/** Flat input position read by each index element (index positions in row-major order). */
function sourceOffsets(xShape: readonly number[], shape: readonly number[], d: number, idx: Int32Array): Int32Array {
  const rank = shape.length;
  const offsets = new Int32Array(idx.length);
  if (rank === 0) {
    offsets[0] = idx[0]!;
    return offsets;
  }
  const xs = stridesOf(xShape);
  let inner = 1;
  for (let i = d + 1; i < rank; i++) inner *= shape[i]!;
  let sameInner = true;
  for (let i = d + 1; i < rank; i++) if (shape[i] !== xShape[i]) sameInner = false;
  if (sameInner && d === 0) {
    // Index rows pick whole input rows: offset = idx·stride + position within the row.
    const stride = xs[0]!;
    for (let j = 0; j < idx.length; j++) offsets[j] = idx[j]! * stride + (j % inner);
    return offsets;
  }
  if (sameInner && inner === 1 && d === rank - 1 && rank === 2) {
    // The cross-entropy case: [N, k] positions into [N, C].
    const k = shape[1]!;
    const c = xShape[1]!;
    for (let j = 0; j < idx.length; j++) offsets[j] = Math.floor(j / k) * c + idx[j]!;
    return offsets;
  }
  const counter = new Array<number>(rank).fill(0);
  let base = 0;
  for (let j = 0; j < idx.length; j++) {
    offsets[j] = base + idx[j]! * xs[d]!;
    for (let i = rank - 1; i >= 0; i--) {
      counter[i]!++;
      if (i !== d) base += xs[i]!;
      if (counter[i]! < shape[i]!) break;
      if (i !== d) base -= xs[i]! * counter[i]!;
      counter[i] = 0;
    }
  }
  return offsets;
}
