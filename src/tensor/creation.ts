import { ValueError } from '../errors.js';
import { Tensor, type NestedArray } from './tensor.js';
import { getGenerator, type Generator } from './random.js';
import { formatShape, sizeOf } from './shape.js';
import { allocInputFloat32, releaseStorage } from './storage.js';

/** Options shared by the tensor factories. */
export interface TensorOptions {
  /** Track gradients for this leaf. Default false. */
  requiresGrad?: boolean;
}

/** Options of the random factories. */
export interface RandomOptions extends TensorOptions {
  /** Generator to draw from. Default: the global one seeded by `manualSeed`. */
  generator?: Generator;
}

/**
 * A tensor from nested arrays, a flat array with a shape, or a number (scalar). Data are copied
 * and stored as float32.
 * @throws ValueError for ragged nested arrays; ShapeError when a flat array does not fit `shape`.
 * @example tensor([[1, 2], [3, 4]]).shape; // [2, 2]
 */
export function tensor(values: NestedArray | ArrayLike<number>, options: TensorOptions & { shape?: readonly number[] } = {}): Tensor {
  let data: Float32Array;
  let shape: number[];
  if (typeof values === 'number') {
    data = Float32Array.of(values);
    shape = [];
  } else if (!Array.isArray(values)) {
    const source = values as ArrayLike<number>;
    checkFits(source.length, options.shape);
    data = allocInputFloat32(source.length);
    if (ArrayBuffer.isView(source)) data.set(source as unknown as ArrayLike<number>);
    else for (let i = 0; i < source.length; i++) data[i] = source[i]!;
    shape = [data.length];
  } else {
    shape = inferShape(values);
    checkFits(sizeOf(shape), options.shape);
    const out = allocInputFloat32(sizeOf(shape));
    data = out;
    let k = 0;
    const fill = (v: NestedArray, depth: number): void => {
      if (depth === shape.length) {
        out[k++] = v as number;
        return;
      }
      const arr = v as NestedArray[];
      if (!Array.isArray(arr) || arr.length !== shape[depth]) {
        throw new ValueError(`tensor: nested arrays must be rectangular; expected length ${shape[depth]} at depth ${depth}.`);
      }
      for (const item of arr) fill(item, depth + 1);
    };
    try {
      fill(values, 0);
    } catch (err) {
      releaseStorage(out); // no tensor was made on it
      throw err;
    }
  }
  if (options.shape !== undefined) shape = [...options.shape];
  return new Tensor(data, shape, options.requiresGrad ?? false);
}

/** `length` values must fit `shape` when one is given. */
function checkFits(length: number, shape: readonly number[] | undefined): void {
  if (shape !== undefined && sizeOf(shape) !== length) {
    throw new ValueError(`tensor: ${length} values do not fit shape ${formatShape(shape)}.`);
  }
}

function inferShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0]!;
  }
  return shape;
}

function checkShape(shape: readonly number[], who: string): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ValueError(`${who}: shape entries must be non-negative integers. Received: ${formatShape(shape)}.`);
  }
}

/** A tensor of zeros. @example zeros([2, 3]).size; // 6 */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  checkShape(shape, 'zeros');
  return new Tensor(allocInputFloat32(sizeOf(shape)).fill(0), [...shape], options.requiresGrad ?? false);
}

/** A tensor of ones. @example ones([2]).toArray(); // [1, 1] */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return full(shape, 1, options);
}

/** A tensor filled with `value`. @example full([2], 7).toArray(); // [7, 7] */
export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  checkShape(shape, 'full');
  return new Tensor(allocInputFloat32(sizeOf(shape)).fill(value), [...shape], options.requiresGrad ?? false);
}

/** Standard-normal samples from the seeded generator. @example manualSeed(0); randn([2, 3]); */
export function randn(shape: readonly number[], options: RandomOptions = {}): Tensor {
  checkShape(shape, 'randn');
  const g = options.generator ?? getGenerator();
  const data = allocInputFloat32(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = g.normal();
  return new Tensor(data, [...shape], options.requiresGrad ?? false);
}

/** Uniform samples in [0, 1) from the seeded generator. @example rand([4]); */
export function rand(shape: readonly number[], options: RandomOptions = {}): Tensor {
  checkShape(shape, 'rand');
  const g = options.generator ?? getGenerator();
  const data = allocInputFloat32(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = g.random();
  return new Tensor(data, [...shape], options.requiresGrad ?? false);
}

/** Values `start, start+step, …` below `end`. @example arange(0, 3).toArray(); // [0, 1, 2] */
export function arange(start: number, end: number, step = 1): Tensor {
  if (step === 0 || !Number.isFinite(step)) throw new ValueError(`arange: step must be a non-zero finite number. Received: step=${step}.`);
  const n = Math.max(0, Math.ceil((end - start) / step));
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n]);
}
