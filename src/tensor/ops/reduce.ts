import { normaliseDim } from '../shape.js';

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
  if (keepdim) out[d] = 1;
  else out.splice(d, 1);
  return { outer, n: shape[d] ?? 1, inner, shape: out };
}

/** Sort dims descending and de-duplicate, after normalising negatives. */
export function normaliseDims(dims: readonly number[], rank: number, op: string): number[] {
  return [...new Set(dims.map((d) => normaliseDim(d, rank, op)))].sort((x, y) => y - x);
}
