import { ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { zeros } from '../tensor/creation.js';
import { formatShape } from '../tensor/shape.js';
import { linear } from './functional/linear.js';
import { kaimingUniform, uniform } from './init.js';
import { checkPositiveInt } from './layer-checks.js';
import { Module } from './module.js';
import { checkOptions } from '../option-keys.js';

/** Options of `Linear`. */
export interface LinearOptions {
  /** Learn an additive bias. Default true. */
  bias?: boolean;
}

/**
 * Fully connected layer `y = x·Wᵀ + b` (PyTorch's `nn.Linear`). Weight `[out, in]` initialised
 * with kaiming-uniform a = √5, i.e. U(−1/√in, 1/√in), bias U(−1/√in, 1/√in), as PyTorch.
 * State-dict keys: `weight`, `bias`.
 * @param inFeatures size of the last input dimension.
 * @param outFeatures size of the last output dimension.
 * @param options bias (true).
 * @throws ValueError for a non-positive size; ShapeError at forward when the last input
 *   dimension is not `inFeatures`.
 * @example new Linear(20, 128).forward(randn([32, 20])).shape; // [32, 128]
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** `[outFeatures, inFeatures]`. */
  declare weight: Tensor;
  /** `[outFeatures]`, or null without bias. */
  declare bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    checkOptions('Linear', options, { bias: true } satisfies Record<keyof Required<LinearOptions>, true>);
    checkPositiveInt(inFeatures, 'Linear', 'inFeatures');
    checkPositiveInt(outFeatures, 'Linear', 'outFeatures');
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.registerParameter('weight', zeros([outFeatures, inFeatures]));
    this.registerParameter('bias', options.bias ?? true ? zeros([outFeatures]) : null);
    this.resetParameters();
  }

  /** Re-draw the parameters with PyTorch's initialisation (from the seeded generator). */
  resetParameters(): void {
    kaimingUniform(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const bound = 1 / Math.sqrt(this.inFeatures);
      uniform(this.bias, -bound, bound);
    }
  }

  /** `x [..., inFeatures]` → `[..., outFeatures]`. */
  forward(x: Tensor): Tensor {
    if (x.ndim < 1 || x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new ShapeError(`Linear(${this.inFeatures}→${this.outFeatures}): expected input [..., ${this.inFeatures}], received ${formatShape(x.shape)}.`);
    }
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
