import { ShapeError, ValueError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { formatShape, sizeOf } from '../../tensor/shape.js';

/**
 * A boolean mask given as flat values with a shape: `true` / 1 marks a position that may NOT be
 * attended (PyTorch's boolean masks).
 * @example const causal: BoolMask = { data: Uint8Array.of(0, 1, 0, 0), shape: [2, 2] };
 */
export interface BoolMask {
  /** Row-major flags; length = product of `shape`. Non-zero / true = masked. */
  readonly data: Uint8Array | readonly boolean[];
  /** Dimensions. */
  readonly shape: readonly number[];
}

/**
 * An attention mask, with PyTorch's meaning for each kind:
 * - nested boolean arrays or a `BoolMask`: `true` = the key position may not be attended
 *   (its score becomes −∞);
 * - a float `Tensor`: added to the attention scores (use −Infinity to mask). Masks are constants:
 *   no gradient flows into a float mask.
 * A row whose every key is masked has no softmax: its weights and outputs are NaN, as in PyTorch.
 * @example const keyPaddingMask: AttentionMask = [[false, false, true]]; // batch 1, 3 keys, the last is padding
 */
export type AttentionMask = Tensor | BoolMask | readonly (readonly boolean[])[] | readonly (readonly (readonly boolean[])[])[];

/** A mask resolved to additive float scores and its shape. */
export interface AdditiveMask {
  readonly add: Float32Array;
  readonly shape: readonly number[];
}

/**
 * Resolve any `AttentionMask` to additive scores (booleans → 0 / −∞).
 * @throws ValueError for a ragged or non-boolean nested array; ShapeError when flat data do not fit the shape.
 */
export function resolveMask(mask: AttentionMask, who: string, name: string): AdditiveMask {
  if (mask instanceof Tensor) return { add: mask.data, shape: mask.shape };
  if (!Array.isArray(mask)) {
    const m = mask as BoolMask;
    if (m.data.length !== sizeOf(m.shape)) {
      throw new ShapeError(`${who}: ${name} has ${m.data.length} values but shape ${formatShape(m.shape)}.`);
    }
    const add = new Float32Array(m.data.length);
    for (let i = 0; i < add.length; i++) if (m.data[i]) add[i] = -Infinity;
    return { add, shape: [...m.shape] };
  }
  const shape: number[] = [];
  for (let v: unknown = mask; Array.isArray(v); v = v[0]) shape.push(v.length);
  const add = new Float32Array(sizeOf(shape));
  let k = 0;
  const fill = (v: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v !== 'boolean') {
        throw new ValueError(`${who}: ${name} as nested arrays must hold booleans (true = masked); pass a Tensor for an additive float mask. Received: ${String(v)}.`);
      }
      add[k++] = v ? -Infinity : 0;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new ValueError(`${who}: ${name} must be a rectangular nested boolean array of shape ${formatShape(shape)}. Received: a ragged array at depth ${depth}.`);
    }
    for (const item of v) fill(item, depth + 1);
  };
  fill(mask, 0);
  return { add, shape };
}

/**
 * Check a resolved mask against the accepted shapes; returns the index of the matching one.
 * @throws ShapeError naming the layer, the mask and the accepted shapes.
 */
export function matchMaskShape(mask: AdditiveMask, accepted: readonly (readonly number[])[], who: string, name: string): number {
  const i = accepted.findIndex((s) => s.length === mask.shape.length && s.every((d, j) => d === mask.shape[j]));
  if (i < 0) {
    throw new ShapeError(`${who}: ${name} must have shape ${accepted.map((s) => formatShape(s)).join(' or ')}. Received: ${formatShape(mask.shape)}.`);
  }
  return i;
}

/** A boolean causal mask `[L, L]`: position i may attend to keys j ≤ i only. */
export function causalMask(length: number): AdditiveMask {
  const add = new Float32Array(length * length);
  for (let i = 0; i < length; i++) for (let j = i + 1; j < length; j++) add[i * length + j] = -Infinity;
  return { add, shape: [length, length] };
}
