import type { Tensor } from '../tensor/tensor.js';
import { relu } from '../tensor/ops/relu.js';
import { sigmoid } from '../tensor/ops/sigmoid.js';
import { tanh } from '../tensor/ops/tanh.js';
import { checkApproximate, gelu, type GeluApproximate } from './functional/gelu.js';
import { Module } from './module.js';
import { checkOptions } from '../option-keys.js';

/**
 * Rectified linear unit `max(x, 0)` (PyTorch's `nn.ReLU`), elementwise.
 * @example new ReLU().forward(tensor([-1, 2])).toArray(); // [0, 2]
 */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/** Options of `GELU`. */
export interface GELUOptions {
  /** 'none' (exact, erf-based; default) or 'tanh' (the approximation). */
  approximate?: GeluApproximate;
}

/**
 * Gaussian error linear unit `x·Φ(x)` (PyTorch's `nn.GELU`), exact by default; see `functional.gelu`.
 * @param options approximate ('none').
 * @throws ValueError for another `approximate`.
 * @example new GELU({ approximate: 'tanh' }).forward(tensor([1])).item(); // ≈ 0.8412
 */
export class GELU extends Module {
  readonly approximate: GeluApproximate;

  constructor(options: GELUOptions = {}) {
    super();
    checkOptions('GELU', options, { approximate: true } satisfies Record<keyof Required<GELUOptions>, true>);
    this.approximate = options.approximate ?? 'none';
    checkApproximate(this.approximate, 'GELU');
  }

  forward(x: Tensor): Tensor {
    return gelu(x, this.approximate);
  }

  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/**
 * Logistic sigmoid `1/(1 + e^(−x))` (PyTorch's `nn.Sigmoid`), elementwise.
 * @example new Sigmoid().forward(tensor([0])).item(); // 0.5
 */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

/**
 * Hyperbolic tangent (PyTorch's `nn.Tanh`), elementwise.
 * @example new Tanh().forward(tensor([0])).item(); // 0
 */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}
