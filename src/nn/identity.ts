import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * Returns its input unchanged (PyTorch's `nn.Identity`): a placeholder where an architecture
 * option removes a layer, keeping the other layers' indices (and state-dict keys) stable.
 * @example new Identity().forward(x) === x; // true
 */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}
