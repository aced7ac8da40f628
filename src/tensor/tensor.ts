import { ShapeError, ValueError } from '../errors.js';
import { isGradEnabled, runBackward, type GradNode } from './autograd.js';
import { formatShape, sizeOf } from './shape.js';
import * as ops from './ops/index.js';
import { isResident } from '../kernels/resident-region.js';
import { allocFloat32, releaseStorage, releaseTensorStorage, retainStorage, type StorageRecord } from './storage.js';
import { DisposedTensorError, trackTensor, untracked } from './scope.js';

/** A tensor or a plain number (broadcast as a scalar). */
export type Operand = Tensor | number;

/** Nested arrays of numbers, as returned by `toArray()`. */
export type NestedArray = number | NestedArray[];

/**
 * Dispose `t` and release its storage even if a recorded op saved it: for callers that know its
 * graph can never run backward again (a `tidy` scope whose survivors carry no graph). Internal.
 */
export let releaseDead: (t: Tensor) => void;

/**
 * A float32, contiguous, row-major n-dimensional array with reverse-mode autograd
 * (PyTorch semantics: `requiresGrad`, `grad`, `backward()`, `detach()`).
 *
 * Create tensors with `tensor`, `zeros`, `randn`, …; operate with the op functions or the
 * methods below (which call them).
 * @example
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * x.mul(x).sum().backward();
 * x.grad?.toArray(); // [[2, 4], [6, 8]]
 */
export class Tensor {
  #data: Float32Array;
  #disposed = false;
  /** The pool's record of `#data` (undefined for an array the pool did not issue). */
  #storage: StorageRecord | undefined;
  /** Whether a recorded op may read this storage in a backward (its input, or its own output). */
  #saved = false;
  /** Whether the storage went back (dispose of an unsaved tensor, or releaseDead). */
  #released = false;
  /** Dimensions; `[]` for a scalar. */
  readonly shape: readonly number[];
  /** Whether gradients flow to this tensor. Leaves with `requiresGrad` accumulate into `grad`. */
  requiresGrad: boolean;
  /** Accumulated gradient (leaves only), same shape as this tensor; null until a backward reaches it. */
  grad: Tensor | null = null;
  /** The op that produced this tensor, or null for a leaf (PyTorch's `grad_fn`). */
  readonly gradFn: GradNode | null;

  /**
   * Low-level constructor: takes ownership of `data` (no copy). Prefer `tensor(...)`.
   * @throws ShapeError when a dimension is not a non-negative integer, or `data.length` does not equal the product of `shape`.
   */
  constructor(data: Float32Array, shape: readonly number[], requiresGrad = false, gradFn: GradNode | null = null) {
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i]!;
      // Every dimension a non-negative integer: [-1, 0] has "0 elements" but is no shape.
      if (!Number.isSafeInteger(d) || d < 0) {
        throw new ShapeError(`Tensor: shape dimensions must be non-negative integers. Received: shape ${formatShape(shape)} (dimension ${i} is ${d}).`);
      }
    }
    if (data.length !== sizeOf(shape)) {
      throw new ShapeError(`Tensor: data of length ${data.length} does not fit shape ${formatShape(shape)} (${sizeOf(shape)} elements).`);
    }
    this.#data = data;
    this.shape = shape;
    this.requiresGrad = requiresGrad;
    this.gradFn = gradFn;
    this.#storage = retainStorage(data);
    trackTensor(this);
    if (gradFn !== null) {
      this.#saved = true;
      for (const input of gradFn.inputs) input.#saved = true;
    }
  }

  /**
   * Element storage, row-major; length = product of `shape`.
   * @throws DisposedTensorError (code `E_DISPOSED`) after `dispose()`.
   */
  get data(): Float32Array {
    if (this.#disposed) throw disposedError(this);
    return this.#data;
  }

  /** Whether `dispose()` has run (directly or at the end of a `tidy` scope). */
  get isDisposed(): boolean {
    return this.#disposed;
  }

  /**
   * Release this tensor's storage for reuse by later ops (TF.js's `dispose`); any use afterwards
   * throws DisposedTensorError. Storage shared with another live tensor (a `reshape` or `detach`
   * of this one) stays with that tensor. A tensor that a recorded op may still read in a backward
   * (an input or output of an op recorded for autograd) is marked disposed but its storage is left
   * to the garbage collector: a later backward must not read recycled values. `tidy` releases
   * those too once it knows their graph is dead. Calling it twice is a no-op; `grad` is not disposed.
   * @example const y = add(a, b); use(y); y.dispose();
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (!this.#saved) this.#release();
  }

  /** Give the storage back once (a saved tensor disposed earlier is released by `tidy` later). */
  #release(): void {
    if (this.#released) return;
    this.#released = true;
    releaseTensorStorage(this.#data, this.#storage);
  }

  static {
    releaseDead = (t: Tensor): void => {
      if (t.#released) return;
      t.#disposed = true;
      t.#release();
      const scratch = t.gradFn?.scratch;
      if (scratch !== undefined) for (const a of scratch) releaseStorage(a);
    };
  }

  /** Number of elements. */
  get size(): number {
    return this.#data.length;
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Whether this tensor is a leaf of the autograd graph (made by the user, not by an op). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /**
   * The single value of a one-element tensor.
   * @throws ShapeError for more than one element.
   */
  item(): number {
    if (this.data.length !== 1) {
      throw new ShapeError(`Tensor.item: only one-element tensors can be converted to a number. Received: shape ${formatShape(this.shape)}.`);
    }
    return this.data[0]!;
  }

  /** The values as nested arrays (a number for a scalar). */
  toArray(): NestedArray {
    const build = (dim: number, offset: number): NestedArray => {
      if (dim === this.shape.length) return this.data[offset]!;
      const n = this.shape[dim]!;
      const stride = sizeOf(this.shape.slice(dim + 1));
      const out: NestedArray[] = new Array<NestedArray>(n);
      for (let i = 0; i < n; i++) out[i] = build(dim + 1, offset + i * stride);
      return out;
    };
    return build(0, 0);
  }

  /** A tensor sharing this data but cut from the graph (`requiresGrad` false). */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, false, null);
  }

  /** A deep copy of the data, cut from the graph. */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape, false, null);
  }

  /** Set `requiresGrad` in place (PyTorch's `requires_grad_`); returns this. */
  requiresGrad_(flag = true): this {
    if (!this.isLeaf && !flag) {
      throw new ValueError('Tensor.requiresGrad_: cannot turn off gradients of a non-leaf tensor; use detach().');
    }
    this.requiresGrad = flag;
    return this;
  }

  /**
   * Back-propagate from this tensor. With no `gradient`, this must be a one-element tensor and the
   * seed is 1 (PyTorch's `loss.backward()`); otherwise `gradient` has this tensor's shape.
   * @throws ValueError when this tensor does not require grad; ShapeError on a bad seed shape.
   */
  backward(gradient?: Tensor): void {
    if (this.#disposed) throw disposedError(this);
    if (!this.requiresGrad) {
      throw new ValueError('Tensor.backward: this tensor does not require grad and has no grad_fn (was it made inside noGrad, or from detached inputs?).');
    }
    let seed: Float32Array;
    if (gradient === undefined) {
      if (this.size !== 1) {
        throw new ShapeError(`Tensor.backward: grad can be implicitly created only for one-element outputs. Received: shape ${formatShape(this.shape)}; pass a gradient.`);
      }
      seed = Float32Array.of(1);
    } else {
      if (gradient.size !== this.size) {
        throw new ShapeError(`Tensor.backward: gradient shape ${formatShape(gradient.shape)} does not match ${formatShape(this.shape)}.`);
      }
      seed = gradient.data;
    }
    runBackward(this, seed);
  }

  /**
   * Add `g` into `grad` (allocating it on first use). Called by the autograd engine for leaves.
   * @param g gradient with this tensor's size.
   * @param owned whether `g` may be kept as the new `grad` buffer without a copy (the engine passes
   * true for gradient buffers nothing else holds). Default false.
   */
  accumulateGrad(g: Float32Array, owned = false): void {
    if (this.grad === null) {
      let data = g;
      // The gradient belongs to this leaf, not to the tidy scope that ran backward, and outlives
      // it: so no resident storage (which the garbage collector cannot take back).
      if (!owned || isResident(g)) {
        data = untracked(() => allocFloat32(g.length));
        data.set(g);
        if (owned) releaseStorage(g);
      }
      this.grad = untracked(() => new Tensor(data, this.shape));
      return;
    }
    const dst = this.grad.data;
    for (let i = 0; i < dst.length; i++) dst[i]! += g[i]!;
  }

  /** Whether ops on this tensor are currently recorded. */
  static get gradEnabled(): boolean {
    return isGradEnabled();
  }

  // Method forms of the ops (each documented at its function in ops/).
  /** `add(this, other)`. */
  add(other: Operand): Tensor { return ops.add(this, other); }
  /** `sub(this, other)`. */
  sub(other: Operand): Tensor { return ops.sub(this, other); }
  /** `mul(this, other)`. */
  mul(other: Operand): Tensor { return ops.mul(this, other); }
  /** `div(this, other)`. */
  div(other: Operand): Tensor { return ops.div(this, other); }
  /** `matmul(this, other)`. */
  matmul(other: Tensor): Tensor { return ops.matmul(this, other); }
  /** `sum(this, dim, keepdim)`. */
  sum(dim?: number | readonly number[], keepdim = false): Tensor { return ops.sum(this, dim, keepdim); }
  /** `mean(this, dim, keepdim)`. */
  mean(dim?: number | readonly number[], keepdim = false): Tensor { return ops.mean(this, dim, keepdim); }
  /** `max(this, dim, keepdim)`: values only; see `argmax` for positions. */
  max(dim?: number, keepdim = false): Tensor { return ops.max(this, dim, keepdim); }
  /** `min(this, dim, keepdim)`: values only; see `argmin` for positions. */
  min(dim?: number, keepdim = false): Tensor { return ops.min(this, dim, keepdim); }
  /** `argmax(this, dim, keepdim)`. */
  argmax(dim?: number, keepdim = false): Tensor { return ops.argmax(this, dim, keepdim); }
  /** `argmin(this, dim, keepdim)`. */
  argmin(dim?: number, keepdim = false): Tensor { return ops.argmin(this, dim, keepdim); }
  /** `relu(this)`. */
  relu(): Tensor { return ops.relu(this); }
  /** `exp(this)`. */
  exp(): Tensor { return ops.exp(this); }
  /** `log(this)`. */
  log(): Tensor { return ops.log(this); }
  /** `neg(this)`. */
  neg(): Tensor { return ops.neg(this); }
  /** `abs(this)`. */
  abs(): Tensor { return ops.abs(this); }
  /** `sqrt(this)`. */
  sqrt(): Tensor { return ops.sqrt(this); }
  /** `pow(this, exponent)`. */
  pow(exponent: number): Tensor { return ops.pow(this, exponent); }
  /** `sigmoid(this)`. */
  sigmoid(): Tensor { return ops.sigmoid(this); }
  /** `tanh(this)`. */
  tanh(): Tensor { return ops.tanh(this); }
  /** `clamp(this, min, max)`. */
  clamp(min?: number, max?: number): Tensor { return ops.clamp(this, min, max); }
  /** `softmax(this, dim)`. */
  softmax(dim: number): Tensor { return ops.softmax(this, dim); }
  /** `logSoftmax(this, dim)`. */
  logSoftmax(dim: number): Tensor { return ops.logSoftmax(this, dim); }
  /** `reshape(this, shape)`. */
  reshape(shape: readonly number[]): Tensor { return ops.reshape(this, shape); }
  /** `view(this, shape)`. */
  view(shape: readonly number[]): Tensor { return ops.view(this, shape); }
  /** `flatten(this, startDim, endDim)`. */
  flatten(startDim = 0, endDim = -1): Tensor { return ops.flatten(this, startDim, endDim); }
  /** `squeeze(this, dim)`. */
  squeeze(dim?: number): Tensor { return ops.squeeze(this, dim); }
  /** `unsqueeze(this, dim)`. */
  unsqueeze(dim: number): Tensor { return ops.unsqueeze(this, dim); }
  /** `transpose(this, dim0, dim1)`. */
  transpose(dim0: number, dim1: number): Tensor { return ops.transpose(this, dim0, dim1); }
  /** `permute(this, dims)`. */
  permute(dims: readonly number[]): Tensor { return ops.permute(this, dims); }
  /** `slice(this, dim, start, end)`. */
  slice(dim: number, start: number, end?: number): Tensor { return ops.slice(this, dim, start, end); }
  /** `gather(this, dim, index)`. */
  gather(dim: number, index: Tensor | ops.IndexTensor): Tensor { return ops.gather(this, dim, index); }
  /** `indexSelect(this, dim, indices)`. */
  indexSelect(dim: number, indices: Tensor | Int32Array | readonly number[]): Tensor { return ops.indexSelect(this, dim, indices); }
  /** `maximum(this, other)`. */
  maximum(other: Operand): Tensor { return ops.maximum(this, other); }
  /** `minimum(this, other)`. */
  minimum(other: Operand): Tensor { return ops.minimum(this, other); }
}

function disposedError(t: Tensor): DisposedTensorError {
  return new DisposedTensorError(
    `Tensor: this tensor ${formatShape(t.shape)} was disposed (by dispose() or at the end of the tidy scope that made it) and its storage may hold other values. Return it from the tidy function or wrap it in keep() to use it afterwards (fit and forwardInBatches run each step in a tidy scope that keeps only what the model, loss and optimizer hold: a tensor cached elsewhere, e.g. in a closure, needs keep()).`,
  );
}
