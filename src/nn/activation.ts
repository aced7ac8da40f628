import type { Tensor } from '../tensor/tensor.js';
import { relu } from '../tensor/ops/relu.js';
import { Module } from './module.js';

/**
 * Rectified linear unit `max(x, 0)` (PyTorch's `nn.ReLU`), elementwise.
 * @example new ReLU().forward(tensor([-1, 2])).toArray(); // [0, 2]
 */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}
