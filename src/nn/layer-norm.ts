import type { Tensor } from '../tensor/tensor.js';
import { ones, zeros } from '../tensor/creation.js';
import { ShapeError, ValueError } from '../errors.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import { layerNorm } from './functional/layer-norm.js';
import { checkNumber, checkPositiveInt } from './layer-checks.js';
import { Module } from './module.js';
import { checkOptions } from '../option-keys.js';

/** Options of `LayerNorm`. */
export interface LayerNormLayerOptions {
  /** Added to the variance. Default 1e-5. */
  eps?: number;
  /** Learn an elementwise scale (`weight`, init 1) and shift (`bias`, init 0). Default true. */
  elementwiseAffine?: boolean;
}

/**
 * Layer normalisation over the trailing `normalizedShape` (PyTorch's `nn.LayerNorm`); the same in
 * training and eval. State-dict keys: `weight`, `bias`.
 * @param normalizedShape one size (the last dimension) or the trailing shape.
 * @param options eps (1e-5), elementwiseAffine (true).
 * @throws ValueError for bad sizes or eps; ShapeError at forward when the trailing dimensions differ.
 * @example new LayerNorm(64).forward(randn([8, 10, 64])).shape; // [8, 10, 64]
 */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  declare weight: Tensor | null;
  declare bias: Tensor | null;

  constructor(normalizedShape: number | readonly number[], options: LayerNormLayerOptions = {}) {
    super();
    checkOptions('LayerNorm', options, { eps: true, elementwiseAffine: true } satisfies Record<keyof Required<LayerNormLayerOptions>, true>);
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (this.normalizedShape.length === 0) {
      throw new ValueError('LayerNorm: normalizedShape must name at least one dimension. Received: normalizedShape=[].');
    }
    for (const d of this.normalizedShape) checkPositiveInt(d, 'LayerNorm', 'normalizedShape');
    this.eps = options.eps ?? 1e-5;
    checkNumber(this.eps, 'LayerNorm', 'eps', 0, Infinity, true);
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    this.registerParameter('weight', this.elementwiseAffine ? ones(this.normalizedShape) : null);
    this.registerParameter('bias', this.elementwiseAffine ? zeros(this.normalizedShape) : null);
  }

  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    if (x.ndim < k || !sameShape(x.shape.slice(x.ndim - k), this.normalizedShape)) {
      throw new ShapeError(`LayerNorm(${formatShape(this.normalizedShape)}): expected input [..., ${this.normalizedShape.join(', ')}], received ${formatShape(x.shape)}.`);
    }
    return layerNorm(x, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    const tuple = this.normalizedShape.length === 1 ? `(${this.normalizedShape[0]},)` : `(${this.normalizedShape.join(', ')})`;
    return `${tuple}, eps=${this.eps}, elementwise_affine=${this.elementwiseAffine}`;
  }
}
