import { ValueError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { formatShape, normaliseDim, stridesOf } from '../shape.js';
import { viewAs } from './reshape.js';
import { allocZeroedFloat32 } from '../storage.js';

/**
 * Source dims of a permutation after dropping size-1 dims and merging runs that stay contiguous:
 * `[sizes, strides]` of the output's dims in the source, outermost first. Empty or one entry means
 * the element order does not change.
 */
function collapse(shape: readonly number[], perm: readonly number[]): [number[], number[]] {
  const srcStrides = stridesOf(shape);
  const sizes: number[] = [];
  const strides: number[] = [];
  for (const p of perm) {
    const size = shape[p]!;
    const stride = srcStrides[p]!;
    if (size === 1) continue;
    const k = sizes.length - 1;
    if (k >= 0 && strides[k] === stride * size) {
      sizes[k]! *= size;
      strides[k] = stride;
    } else {
      sizes.push(size);
      strides.push(stride);
    }
  }
  return [sizes, strides];
}

/** Copy `src` into the element order of the collapsed layout (see `collapse`). */
function gatherStrided(src: Float32Array, sizes: number[], strides: number[]): Float32Array {
  const out = allocZeroedFloat32(src.length);
  const rank = sizes.length;
  const n = sizes[rank - 1]!;
  const s = strides[rank - 1]!;
  if (rank === 2) {
    const m = sizes[0]!;
    const s0 = strides[0]!;
    let k = 0;
    for (let i = 0; i < m; i++) {
      const base = i * s0;
      for (let j = 0; j < n; j++) out[k++] = src[base + j * s]!;
    }
    return out;
  }
  const counter = new Array<number>(rank - 1).fill(0);
  let base = 0;
  for (let k = 0; k < out.length; k += n) {
    for (let j = 0; j < n; j++) out[k + j] = src[base + j * s]!;
    for (let d = rank - 2; d >= 0; d--) {
      counter[d]!++;
      base += strides[d]!;
      if (counter[d]! < sizes[d]!) break;
      base -= strides[d]! * sizes[d]!;
      counter[d] = 0;
    }
  }
  return out;
}

/** `x` with its dimensions reordered by `perm` (already validated), as a new contiguous tensor. */
export function permuteChecked(x: Tensor, perm: readonly number[], name: string): Tensor {
  const shape = perm.map((p) => x.shape[p]!);
  const [sizes, strides] = collapse(x.shape, perm);
  if (sizes.length <= 1) return viewAs(x, shape, name);
  const out = gatherStrided(x.data, sizes, strides);
  if (!needsGrad(x)) return new Tensor(out, shape);
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, d) => (inverse[p] = d));
  const [bSizes, bStrides] = collapse(shape, inverse);
  return new Tensor(out, shape, true, {
    name,
    inputs: [x],
    backward: (g) => [gatherStrided(g, bSizes, bStrides)],
  });
}

/**
 * Reorder the dimensions: output dimension d is input dimension `dims[d]` (PyTorch's
 * `Tensor.permute`). Returns a contiguous copy, or shares the data when the element order does
 * not change. Gradient: the output gradient permuted back.
 * @param x input tensor.
 * @param dims a permutation of `0..rank−1` (negatives count from the end).
 * @throws ValueError when `dims` is not a permutation of the tensor's dimensions.
 * @example permute(zeros([2, 3, 4]), [2, 0, 1]).shape; // [4, 2, 3]
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const rank = x.ndim;
  const bad = (): ValueError =>
    new ValueError(`permute: dims must be a permutation of 0..${rank - 1} for shape ${formatShape(x.shape)}. Received: dims=${formatShape(dims)}.`);
  if (dims.length !== rank) throw bad();
  const seen = new Array<boolean>(rank).fill(false);
  const perm = dims.map((d) => {
    if (!Number.isInteger(d) || d < -rank || d >= rank) throw bad();
    const p = normaliseDim(d, rank, 'permute');
    if (seen[p]) throw bad();
    seen[p] = true;
    return p;
  });
  return permuteChecked(x, perm, 'PermuteBackward');
}
