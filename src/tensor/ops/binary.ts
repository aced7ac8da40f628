import { Tensor, type Operand } from '../tensor.js';
import { broadcastShapes, sameShape, sizeOf, stridesOf } from '../shape.js';
import { kernels } from '../../kernels/kernels.js';
import { allocFloat32, allocZeroedFloat32, releaseStorage } from '../storage.js';

/**
 * From this many output elements on, arithmetic runs in the active tier's `binary` kernel (SIMD
 * and threads on the native tier); below it the op's own loop wins over a kernel call.
 */
export const KERNEL_MIN = 512;

/** The input has the output's shape: element i reads element i. */
export const FULL = 0;
/**
 * The input is one contiguous block of the output's dimensions, repeated: element i reads
 * `⌊i / inner⌋ mod mid` (a scalar: mid 1; a bias `[C]` against `[N, C]`: inner 1; a column
 * `[N, 1]`: inner C; a conv bias `[C, 1, 1]` against `[N, C, H, W]`: inner H·W). No index array.
 */
export const BLOCK = 1;
/** Any other broadcast: element i reads `index[i]`. */
export const GATHER = 2;

/** How one input of a broadcast op maps onto the output (one monomorphic shape for every kind). */
export interface Broadcast {
  readonly kind: typeof FULL | typeof BLOCK | typeof GATHER;
  /** BLOCK: number of input elements (product of the block's dimensions). */
  readonly mid: number;
  /** BLOCK: how many consecutive output elements read the same input element. */
  readonly inner: number;
  /** GATHER: input element index per output element. */
  readonly index: Int32Array | null;
}

const FULL_BROADCAST: Broadcast = { kind: FULL, mid: 0, inner: 0, index: null };

/** Output shape of a broadcast binary op and how each input maps onto it. */
export interface BinaryPlan {
  shape: number[];
  size: number;
  a: Broadcast;
  b: Broadcast;
}

/** Wrap a plain number as a scalar tensor. */
export function asTensor(x: Operand): Tensor {
  return typeof x === 'number' ? new Tensor(Float32Array.of(x), []) : x;
}

/** Plan the broadcast of `a` against `b` for op `name`. @throws ShapeError when they do not broadcast. */
export function planBinary(name: string, a: Tensor, b: Tensor): BinaryPlan {
  if (sameShape(a.shape, b.shape)) return { shape: [...a.shape], size: a.size, a: FULL_BROADCAST, b: FULL_BROADCAST };
  const shape = broadcastShapes(a.shape, b.shape, name);
  return { shape, size: sizeOf(shape), a: planBroadcast(shape, a.shape), b: planBroadcast(shape, b.shape) };
}

/** How an input of shape `inShape` broadcasts to `outShape` (which it must broadcast to). */
export function planBroadcast(outShape: readonly number[], inShape: readonly number[]): Broadcast {
  if (sameShape(outShape, inShape)) return FULL_BROADCAST;
  const size = sizeOf(outShape);
  const offset = outShape.length - inShape.length;
  let first = -1;
  let last = -1;
  for (let d = 0; d < inShape.length; d++) {
    if (inShape[d] !== 1) {
      if (first < 0) first = d;
      last = d;
    }
  }
  if (size > 0) {
    if (first < 0) return { kind: BLOCK, mid: 1, inner: size, index: null };
    let block = true;
    for (let d = first; d <= last; d++) if (inShape[d] !== outShape[offset + d]) block = false;
    if (block) {
      let inner = 1;
      for (let d = offset + last + 1; d < outShape.length; d++) inner *= outShape[d]!;
      return { kind: BLOCK, mid: sizeOf(inShape), inner, index: null };
    }
  }
  return { kind: GATHER, mid: 0, inner: 0, index: broadcastIndex(outShape, inShape) };
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

/** The input's values laid out in the output's shape (the data itself when it already has it). */
export function tile(data: Float32Array, b: Broadcast, size: number): Float32Array {
  if (b.kind === FULL) return data;
  const out = allocFloat32(size); // every element is written below
  if (b.kind === GATHER) {
    const index = b.index!;
    for (let i = 0; i < size; i++) out[i] = data[index[i]!]!;
    return out;
  }
  const { mid, inner } = b;
  const period = mid * inner;
  if (inner === 1) out.set(data.subarray(0, mid));
  else for (let m = 0; m < mid; m++) out.fill(data[m]!, m * inner, (m + 1) * inner);
  // Repeat the first period by doubling (memcpy-speed copies, log2(outer) of them).
  for (let filled = period; filled < size; filled *= 2) out.copyWithin(filled, 0, Math.min(filled, size - filled));
  return out;
}

/** Hand a `tile` result back to the pool once used (nothing when tile returned its input). */
export function untile(tiled: Float32Array, data: Float32Array): void {
  if (tiled !== data) releaseStorage(tiled);
}

/**
 * Sum a gradient of the output's shape back to an input's shape (undoing the broadcast).
 * Returns `grad` itself when the input was not broadcast.
 */
export function reduceTo(grad: Float32Array, b: Broadcast, inSize: number): Float32Array {
  if (b.kind === FULL) return grad;
  if (b.kind === BLOCK && b.inner === 1 && grad.length >= KERNEL_MIN) {
    // A bias-like input: column sums of the gradient viewed as [rows, mid].
    const out = allocFloat32(inSize);
    kernels().sumAlong(1, grad.length / b.mid, b.mid, grad, out, 1);
    return out;
  }
  const out = allocZeroedFloat32(inSize);
  if (b.kind === GATHER) {
    const index = b.index!;
    for (let i = 0; i < index.length; i++) out[index[i]!]! += grad[i]!;
    return out;
  }
  const { mid, inner } = b;
  const n = grad.length;
  if (inner === 1) {
    for (let row = 0; row < n; row += mid) {
      for (let m = 0; m < mid; m++) out[m]! += grad[row + m]!;
    }
    return out;
  }
  let i = 0;
  while (i < n) {
    for (let m = 0; m < mid; m++) {
      let s = 0;
      const end = i + inner;
      for (; i < end; i++) s += grad[i]!;
      out[m]! += s;
    }
  }
  return out;
}

/**
 * The loops of one elementwise binary function f, written once per op so that each loop stays
 * monomorphic. `block` handles the second operand broadcast as a BLOCK (element i reads
 * `b[⌊i / inner⌋ mod mid]`); in-place use (`out === a`) is allowed.
 */
export interface BinaryKernel {
  /** The `Kernels.binary` operation code of f (0 add, 1 sub, 2 mul, 3 div), or -1 when it has none. */
  readonly op: number;
  /** `out[i] = f(a[i], b[i])`. */
  same(a: Float32Array, b: Float32Array, out: Float32Array): void;
  /** `out[i] = f(a[i], b[⌊i / inner⌋ mod mid])`. */
  block(a: Float32Array, b: Float32Array, out: Float32Array, mid: number, inner: number): void;
  /** Whether f(a, b) = f(b, a), so a broadcast first operand can be swapped to second place. */
  readonly commutative: boolean;
}

/** `f(a, b)` over a plan's output, using the kernel's index-free loops where the plan allows. */
export function applyBinary(kernel: BinaryKernel, plan: BinaryPlan, a: Float32Array, b: Float32Array): Float32Array {
  const n = plan.size;
  const out = allocFloat32(n);
  const pa = plan.a;
  const pb = plan.b;
  if (kernel.op >= 0 && n >= KERNEL_MIN) {
    const K = kernels();
    if (pa.kind === FULL && pb.kind === FULL) K.binary(kernel.op, n, a, b, out, 0, 1);
    else if (pa.kind === FULL && pb.kind === BLOCK) K.binary(kernel.op, n, a, b, out, pb.mid, pb.inner);
    else if (pb.kind === FULL && pa.kind === BLOCK) K.binary(kernel.op | 4, n, b, a, out, pa.mid, pa.inner);
    else {
      const ta = tile(a, pa, n);
      const tb = tile(b, pb, n);
      K.binary(kernel.op, n, ta, tb, out, 0, 1);
      untile(ta, a);
      untile(tb, b);
    }
    return out;
  }
  if (pa.kind === FULL && pb.kind === FULL) kernel.same(a, b, out);
  else if (pa.kind === FULL && pb.kind === BLOCK) kernel.block(a, b, out, pb.mid, pb.inner);
  else if (pb.kind === FULL && pa.kind === BLOCK && kernel.commutative) kernel.block(b, a, out, pa.mid, pa.inner);
  else {
    const ta = tile(a, pa, n);
    const tb = tile(b, pb, n);
    kernel.same(ta, tb, out);
    untile(ta, a);
    untile(tb, b);
  }
  return out;
}

/** `f(g[i], b[i'])` where g has the output's shape and b broadcasts as `bb` (into `out`, may be g). */
export function applyToOutput(kernel: BinaryKernel, g: Float32Array, b: Float32Array, bb: Broadcast, out: Float32Array): Float32Array {
  const n = g.length;
  if (kernel.op >= 0 && n >= KERNEL_MIN) {
    if (bb.kind === GATHER) {
      const tb = tile(b, bb, n);
      kernels().binary(kernel.op, n, g, tb, out, 0, 1);
      untile(tb, b);
    } else kernels().binary(kernel.op, n, g, b, out, bb.kind === FULL ? 0 : bb.mid, bb.kind === FULL ? 1 : bb.inner);
    return out;
  }
  if (bb.kind === FULL) kernel.same(g, b, out);
  else if (bb.kind === BLOCK) kernel.block(g, b, out, bb.mid, bb.inner);
  else {
    const tb = tile(b, bb, g.length);
    kernel.same(g, tb, out);
    untile(tb, b);
  }
  return out;
}

/**
 * `Σ g[i]·x[i]` summed back to an input broadcast as `b` (x has the output's shape): the gradient
 * of a product for that input, without a temporary of the output's size when `b` is a BLOCK.
 */
export function reduceProduct(g: Float32Array, x: Float32Array, b: Broadcast, inSize: number): Float32Array {
  const out = allocZeroedFloat32(b.kind === FULL ? g.length : inSize);
  const n = g.length;
  if (b.kind === FULL) {
    for (let i = 0; i < n; i++) out[i] = g[i]! * x[i]!;
  } else if (b.kind === GATHER) {
    const index = b.index!;
    for (let i = 0; i < n; i++) out[index[i]!]! += g[i]! * x[i]!;
  } else if (b.inner === 1) {
    const mid = b.mid;
    for (let row = 0; row < n; row += mid) {
      for (let m = 0; m < mid; m++) out[m]! += g[row + m]! * x[row + m]!;
    }
  } else {
    const { mid, inner } = b;
    let i = 0;
    while (i < n) {
      for (let m = 0; m < mid; m++) {
        let s = 0;
        const end = i + inner;
        for (; i < end; i++) s += g[i]! * x[i]!;
        out[m]! += s;
      }
    }
  }
  return out;
}
