import { ValueError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { normaliseDim } from '../shape.js';
import { kernels } from '../../kernels/kernels.js';
import { KERNEL_MIN } from './binary.js';
import { sumAlong as sumAlongTs } from '../../kernels/ts/binary.js';
import { allocFloat32, allocZeroedFloat32 } from '../storage.js';

/**
 * Layout of a reduction over one dimension: the tensor is viewed as [outer, n, inner] with the
 * reduced dimension in the middle.
 */
export interface ReduceLayout {
  outer: number;
  n: number;
  inner: number;
  /** Output shape with the dimension kept as 1 (keepdim) or dropped. */
  shape: number[];
}

/** Plan a reduction of `shape` over `dim`. @throws ShapeError for a bad dim. */
export function reduceLayout(shape: readonly number[], dim: number, keepdim: boolean, op: string): ReduceLayout {
  const d = normaliseDim(dim, shape.length, op);
  let outer = 1;
  for (let i = 0; i < d; i++) outer *= shape[i]!;
  let inner = 1;
  for (let i = d + 1; i < shape.length; i++) inner *= shape[i]!;
  const out = [...shape];
  if (shape.length === 0) return { outer: 1, n: 1, inner: 1, shape: out };
  if (keepdim) out[d] = 1;
  else out.splice(d, 1);
  return { outer, n: shape[d]!, inner, shape: out };
}

/**
 * Normalise negatives and sort dims descending.
 * @throws ShapeError for a dim out of range; ValueError for a dim listed twice (as PyTorch).
 */
export function normaliseDims(dims: readonly number[], rank: number, op: string): number[] {
  const out = dims.map((d) => normaliseDim(d, rank, op)).sort((x, y) => y - x);
  for (let i = 1; i < out.length; i++) {
    if (out[i] === out[i - 1]) {
      throw new ValueError(`${op}: dim ${out[i]} appears more than once. Received: dim=[${dims.join(', ')}].`);
    }
  }
  return out;
}

/** `src` viewed as [outer, n, inner] summed over n, times `scale` → [outer, inner]. */
export function sumAlong(src: Float32Array, outer: number, n: number, inner: number, scale: number): Float32Array {
  if (outer * n * inner >= KERNEL_MIN) {
    const result = allocFloat32(outer * inner);
    kernels().sumAlong(outer, n, inner, src, result, scale);
    return result;
  }
  // Small views: the TS reference loop directly (no kernel-call and buffer overhead), same sums.
  const out = allocZeroedFloat32(outer * inner);
  sumAlongTs(outer, n, inner, src, out, scale);
  return out;
}

/** Inverse layout of `sumAlong`: `g` of shape [outer, inner] times `scale`, repeated over n. */
export function spreadAlong(g: Float32Array, outer: number, n: number, inner: number, scale: number): Float32Array {
  const out = allocFloat32(outer * n * inner); // every element is written below
  if (inner === 1) {
    for (let o = 0; o < outer; o++) out.fill(g[o]! * scale, o * n, (o + 1) * n);
    return out;
  }
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    const base = o * n * inner;
    for (let i = 0; i < inner; i++) out[base + i] = g[ob + i]! * scale;
    for (let r = 1; r < n; r++) out.copyWithin(base + r * inner, base, base + inner);
  }
  return out;
}

/**
 * Sum (times `scale`) over `dim` — all elements when undefined — as one autograd node; the
 * shared body of `sum` and `mean`. `scaleOf` maps the number of elements reduced per output to
 * the factor (1 for sum, 1/count for mean).
 * @throws ShapeError for a dimension out of range; ValueError for a repeated dimension.
 */
export function scaledSum(
  op: string,
  nodeName: string,
  x: Tensor,
  dim: number | readonly number[] | undefined,
  keepdim: boolean,
  scaleOf: (count: number) => number,
): Tensor {
  const rank = x.ndim;
  const dims = dim === undefined ? null : normaliseDims(typeof dim === 'number' ? [dim] : dim, rank, op);
  if (dims === null || dims.length === 0 || dims.length >= rank) {
    // Full reduction (PyTorch: an empty dim list also reduces everything).
    const scale = scaleOf(x.size);
    const src = x.data;
    let s = 0;
    if (src.length >= KERNEL_MIN) s = kernels().sum(src.length, src);
    else for (let i = 0; i < src.length; i++) s += src[i]!;
    const shape = keepdim ? x.shape.map(() => 1) : [];
    const out = Float32Array.of(s * scale);
    if (!needsGrad(x)) return new Tensor(out, shape);
    return new Tensor(out, shape, true, {
      name: nodeName,
      inputs: [x],
      backward: (g) => [allocFloat32(x.size).fill(g[0]! * scale)],
    });
  }
  // Reduce the highest dimension first so lower indices stay valid; one pass per dimension.
  const layouts: [number, number, number][] = [];
  let shape = [...x.shape];
  let count = 1;
  for (const d of dims) {
    let outer = 1;
    for (let i = 0; i < d; i++) outer *= shape[i]!;
    let inner = 1;
    for (let i = d + 1; i < shape.length; i++) inner *= shape[i]!;
    layouts.push([outer, shape[d]!, inner]);
    count *= shape[d]!;
    if (keepdim) shape[d] = 1;
    else shape = [...shape.slice(0, d), ...shape.slice(d + 1)];
  }
  const scale = scaleOf(count);
  let data = x.data;
  layouts.forEach(([outer, n, inner], k) => {
    data = sumAlong(data, outer, n, inner, k === layouts.length - 1 ? scale : 1);
  });
  if (!needsGrad(x)) return new Tensor(data, shape);
  return new Tensor(data, shape, true, {
    name: nodeName,
    inputs: [x],
    backward: (g) => {
      let gx = g;
      for (let k = layouts.length - 1; k >= 0; k--) {
        const [outer, n, inner] = layouts[k]!;
        gx = spreadAlong(gx, outer, n, inner, k === layouts.length - 1 ? scale : 1);
      }
      return [gx];
    },
  });
}
