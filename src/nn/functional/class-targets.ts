import { ShapeError, ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { IndexTensor } from '../../tensor/ops/indices.js';
import { formatShape, sameShape } from '../../tensor/shape.js';

/** Class-index targets: a Tensor of integer values, an `IndexTensor`, an Int32Array or a number array (1-D). */
export type ClassTargets = Tensor | IndexTensor | ArrayLike<number>;

/** Logits `[N, C, ...d]` viewed as outer N, C classes and inner positions S = ∏d. */
export interface ClassLayout {
  n: number;
  c: number;
  s: number;
  /** Shape of per-position outputs: `[N, ...d]`. */
  shape: number[];
  /** Target class per position (n·S + s order); `ignoreIndex` where ignored. */
  target: Int32Array;
}

/**
 * Check logits `[N, C, ...d]` against class targets `[N, ...d]`, each an integer in [0, C) or equal
 * to `ignoreIndex`.
 * @throws ShapeError for mismatched shapes; ValueError for an out-of-range target.
 */
export function classLayout(input: Tensor, targets: ClassTargets, ignoreIndex: number, who: string): ClassLayout {
  if (input.ndim < 2) {
    throw new ShapeError(`${who}: expected input [N, C] or [N, C, d1, ...] of logits. Received: ${formatShape(input.shape)}.`);
  }
  const n = input.shape[0]!;
  const c = input.shape[1]!;
  const shape = [n, ...input.shape.slice(2)];
  const hasShape = typeof targets === 'object' && 'shape' in targets && Array.isArray(targets.shape);
  const tshape = hasShape ? (targets as IndexTensor).shape : [(targets as ArrayLike<number>).length];
  const values: ArrayLike<number> = hasShape ? (targets as IndexTensor).data : (targets as ArrayLike<number>);
  if (!sameShape(tshape, shape)) {
    throw new ShapeError(`${who}: target shape ${formatShape(tshape)} must be ${formatShape(shape)} (the input ${formatShape(input.shape)} without the class dimension).`);
  }
  const target = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || ((v < 0 || v >= c) && v !== ignoreIndex)) {
      throw new ValueError(`${who}: targets must be class indices in [0, ${c - 1}]${ignoreIndex < 0 || ignoreIndex >= c ? ` or ignoreIndex (${ignoreIndex})` : ''}. Received: target[${i}]=${v}.`);
    }
    target[i] = v;
  }
  return { n, c, s: input.size / Math.max(n * c, 1), shape, target };
}

/**
 * Per-class weights as a Float64Array of length C (ones when none).
 * @throws ShapeError when the weight is not `[C]`.
 */
export function classWeights(weight: Tensor | null, c: number, who: string): Float64Array {
  const w = new Float64Array(c).fill(1);
  if (weight === null) return w;
  if (weight.ndim !== 1 || weight.shape[0] !== c) {
    throw new ShapeError(`${who}: weight must have one entry per class, shape [${c}]. Received: ${formatShape(weight.shape)}.`);
  }
  for (let k = 0; k < c; k++) w[k] = weight.data[k]!;
  return w;
}

/**
 * Log-softmax over the class dimension at one position: fills `logp` (length C) from
 * `x[base + k·s]` using the max shift.
 */
export function logSoftmaxAt(x: Float32Array, base: number, c: number, s: number, logp: Float64Array): void {
  let m = -Infinity;
  for (let k = 0; k < c; k++) m = Math.max(m, x[base + k * s]!);
  let z = 0;
  for (let k = 0; k < c; k++) z += Math.exp(x[base + k * s]! - m);
  const lse = m + Math.log(z);
  for (let k = 0; k < c; k++) logp[k] = x[base + k * s]! - lse;
}
