import { Tensor, type Operand } from '../tensor.js';
import { broadcastShapes, sameShape, sizeOf, stridesOf } from '../shape.js';

/** Output shape of a broadcast binary op and, per input, where each output element reads from. */
export interface BinaryPlan {
  shape: number[];
  size: number;
  /** Input element index per output element; null when the input already has the output shape. */
  indexA: Int32Array | null;
  indexB: Int32Array | null;
}

/** Wrap a plain number as a scalar tensor. */
export function asTensor(x: Operand): Tensor {
  return typeof x === 'number' ? new Tensor(Float32Array.of(x), []) : x;
}

/** Plan the broadcast of `a` against `b` for op `name`. @throws ShapeError when they do not broadcast. */
export function planBinary(name: string, a: Tensor, b: Tensor): BinaryPlan {
  if (sameShape(a.shape, b.shape)) return { shape: [...a.shape], size: a.size, indexA: null, indexB: null };
  const shape = broadcastShapes(a.shape, b.shape, name);
  const size = sizeOf(shape);
  return {
    shape,
    size,
    indexA: sameShape(a.shape, shape) ? null : broadcastIndex(shape, a.shape),
    indexB: sameShape(b.shape, shape) ? null : broadcastIndex(shape, b.shape),
  };
}

/** For each element of `outShape`, the index of the element of `inShape` it broadcasts from. */
export function broadcastIndex(outShape: readonly number[], inShape: readonly number[]): Int32Array {
  const size = sizeOf(outShape);
  const index = new Int32Array(size);
  const inSize = sizeOf(inShape);
  if (inSize === 1) return index;
  // Fast path: the input is a suffix of the output (bias [C] against [N, C]).
  const offset = outShape.length - inShape.length;
  if (sameShape(outShape.slice(offset), inShape)) {
    for (let i = 0; i < size; i++) index[i] = i % inSize;
    return index;
  }
  const rank = outShape.length;
  const inStrides = new Array<number>(rank).fill(0);
  const inRowStrides = stridesOf(inShape);
  for (let d = 0; d < inShape.length; d++) inStrides[offset + d] = inShape[d] === 1 ? 0 : inRowStrides[d]!;
  const counter = new Array<number>(rank).fill(0);
  let src = 0;
  for (let i = 0; i < size; i++) {
    index[i] = src;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]!++;
      src += inStrides[d]!;
      if (counter[d]! < outShape[d]!) break;
      src -= inStrides[d]! * counter[d]!;
      counter[d] = 0;
    }
  }
  return index;
}

/** The input's values laid out in the output's shape (or the data itself when no broadcast). */
export function expand(data: Float32Array, index: Int32Array | null): Float32Array {
  if (index === null) return data;
  const out = new Float32Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = data[index[i]!]!;
  return out;
}

/** Sum a gradient of the output's shape back to an input's shape (undoing the broadcast). */
export function unbroadcast(grad: Float32Array, index: Int32Array | null, inSize: number): Float32Array {
  if (index === null) return grad;
  const out = new Float32Array(inSize);
  for (let i = 0; i < index.length; i++) out[index[i]!]! += grad[i]!;
  return out;
}
