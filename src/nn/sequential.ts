import { ValueError } from '../errors.js';
import { releaseFloat32 } from '../kernels/buffers.js';
import { isGradEnabled } from '../tensor/autograd.js';
import type { Tensor } from '../tensor/tensor.js';
import { GELU, ReLU, Sigmoid, Tanh } from './activation.js';
import { BatchNorm1d, BatchNorm2d } from './batchnorm.js';
import { Conv2d } from './conv2d.js';
import { Dropout } from './dropout.js';
import { Flatten } from './flatten.js';
import { fusedMlpForward } from './fused-mlp.js';
import { Identity } from './identity.js';
import { LayerNorm } from './layer-norm.js';
import { Linear } from './linear.js';
import { Module } from './module.js';
import { AdaptiveAvgPool2d, MaxPool2d } from './pooling.js';

/** Built-in layers that keep neither their input nor their output (see Sequential.forward). */
const RECYCLES = new Set<unknown>([Linear, BatchNorm1d, BatchNorm2d, ReLU, GELU, Sigmoid, Tanh, Dropout, Conv2d, Flatten, Identity, LayerNorm, MaxPool2d, AdaptiveAvgPool2d]);

/** A module that maps one tensor to one tensor: what `Sequential` chains. */
export type TensorModule = Module<[Tensor], Tensor>;

/**
 * A chain of modules applied in order (PyTorch's `nn.Sequential`). Children are registered as
 * '0', '1', …, so state-dict keys are PyTorch's (`0.weight`, `1.running_mean`, …).
 * @param modules the layers, in order.
 * @example
 * const net = new Sequential(new Linear(20, 128), new BatchNorm1d(128), new ReLU());
 * net.at(0); // the Linear
 */
export class Sequential extends Module {
  #count = 0;

  constructor(...modules: TensorModule[]) {
    super();
    for (const m of modules) this.append(m);
  }

  /** Add a module at the end (named by its index); returns this. */
  append(module: TensorModule): this {
    this.registerModule(String(this.#count), module);
    this.#count++;
    return this;
  }

  /** Number of modules. */
  get length(): number {
    return this.#count;
  }

  /**
   * The module at `index` (negative counts from the end), as it is registered now.
   * @throws ValueError when out of range.
   */
  at(index: number): TensorModule {
    const n = this.#count;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new ValueError(`Sequential.at: index must be an integer in [${-n}, ${n - 1}]. Received: index=${index}.`);
    }
    // Read through the registered slot so that `seq['1'] = other` is honoured.
    return (this as unknown as Record<string, TensorModule>)[String(i)]!;
  }

  *[Symbol.iterator](): Iterator<TensorModule> {
    for (let i = 0; i < this.#count; i++) yield this.at(i);
  }

  /**
   * Apply every module in order. A training forward of a plain MLP chain (Linear, BatchNorm1d,
   * ReLU, Dropout on a 2-D input) runs as one autograd node with the same kernels in the same
   * order (nn/fused-mlp.ts): the same numbers without a graph node per layer.
   */
  forward(x: Tensor): Tensor {
    if (this.training && isGradEnabled()) {
      const fused = fusedMlpForward([...this], x);
      if (fused !== null) return fused;
    }
    let y = x;
    // Under noGrad no backward closure holds an intermediate output, so once the next built-in
    // layer has consumed it, its buffer goes back for reuse (inference and MC dropout then
    // allocate nothing new per pass). User modules may keep their inputs or outputs: never theirs.
    const recycle = !isGradEnabled();
    let producer: TensorModule | null = null;
    for (let i = 0; i < this.#count; i++) {
      const layer = this.at(i);
      const next = layer.forward(y);
      const dead = y.data.buffer !== next.data.buffer && y.data.buffer !== x.data.buffer;
      if (recycle && dead && producer !== null && RECYCLES.has(producer.constructor) && RECYCLES.has(layer.constructor)) releaseFloat32(y.data);
      producer = layer;
      y = next;
    }
    return y;
  }
}
