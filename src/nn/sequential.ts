import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

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

  /** Apply every module in order. */
  forward(x: Tensor): Tensor {
    let y = x;
    for (let i = 0; i < this.#count; i++) y = this.at(i).forward(y);
    return y;
  }
}
