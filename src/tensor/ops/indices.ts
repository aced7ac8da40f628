import { ShapeError, ValueError } from '../../errors.js';
import type { Tensor } from '../tensor.js';
import { formatShape } from '../shape.js';

/**
 * Integer positions with a shape, stored as an `Int32Array` (class labels, row numbers) — what
 * `gather` and `indexSelect` accept besides a float32 `Tensor` of integer values.
 * @example const targets: IndexTensor = { data: Int32Array.of(2, 0), shape: [2, 1] };
 */
export interface IndexTensor {
  /** Row-major positions; length = product of `shape`. */
  readonly data: Int32Array;
  /** Dimensions. */
  readonly shape: readonly number[];
}

/**
 * The positions of `index` as an Int32Array, each checked to be an integer in `[0, bound)`.
 * Int32Array input is used as is (no copy).
 * @throws ValueError naming `op`, `param` and the first bad value.
 */
export function readIndices(op: string, param: string, values: ArrayLike<number>, bound: number, what: string): Int32Array {
  if (values instanceof Int32Array) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v < 0 || v >= bound) throw outOfRange(op, param, i, v, bound, what);
    }
    return values;
  }
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= bound) throw outOfRange(op, param, i, v, bound, what);
    out[i] = v;
  }
  return out;
}

function outOfRange(op: string, param: string, i: number, v: number, bound: number, what: string): ValueError {
  return new ValueError(`${op}: ${param} values must be integers in [0, ${bound - 1}] (${what}). Received: ${param}[${i}]=${v}.`);
}

/** The shape and raw values of an index argument. @throws ShapeError when its data do not fit its shape. */
export function indexParts(op: string, param: string, index: Tensor | IndexTensor): { shape: readonly number[]; values: ArrayLike<number> } {
  let size = 1;
  for (const s of index.shape) size *= s;
  if (index.data.length !== size) {
    throw new ShapeError(`${op}: ${param} has ${index.data.length} values but shape ${formatShape(index.shape)}.`);
  }
  return { shape: index.shape, values: index.data };
}
