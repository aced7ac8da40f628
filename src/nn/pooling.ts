import type { Tensor } from '../tensor/tensor.js';
import { adaptiveAvgPool2d } from './functional/adaptive-avg-pool2d.js';
import { maxPool2d } from './functional/max-pool2d.js';
import { pair, type Size2 } from './functional/pair.js';
import { ValueError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import { Module } from './module.js';
import { checkOptions } from '../option-keys.js';

/** Options of `MaxPool2d`. */
export interface MaxPool2dLayerOptions {
  /** Step of the window. Default: the kernel size. */
  stride?: Size2;
  /** −∞ padding on each side, at most half the kernel. Default 0. */
  padding?: Size2;
}

/**
 * 2-D max pooling (PyTorch's `nn.MaxPool2d`, floor mode); see `functional.maxPool2d`.
 * @param kernelSize one number or `[kh, kw]`. @param options stride (kernelSize), padding (0).
 * @throws ValueError for bad sizes or padding above half the kernel (at construction);
 *   ShapeError at forward for a bad rank or a too-small input.
 * @example new MaxPool2d(2).forward(randn([1, 3, 8, 8])).shape; // [1, 3, 4, 4]
 */
export class MaxPool2d extends Module {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];

  constructor(kernelSize: Size2, options: MaxPool2dLayerOptions = {}) {
    super();
    checkOptions('MaxPool2d', options, { stride: true, padding: true } satisfies Record<keyof Required<MaxPool2dLayerOptions>, true>);
    this.kernelSize = pair(kernelSize, 'MaxPool2d', 'kernelSize', 1);
    this.stride = pair(options.stride ?? this.kernelSize, 'MaxPool2d', 'stride', 1);
    this.padding = pair(options.padding ?? 0, 'MaxPool2d', 'padding', 0);
    if (2 * this.padding[0] > this.kernelSize[0] || 2 * this.padding[1] > this.kernelSize[1]) {
      throw new ValueError(`MaxPool2d: padding must be at most half the kernel size ${formatShape(this.kernelSize)}. Received: padding=${formatShape(this.padding)}.`);
    }
  }

  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, { stride: this.stride, padding: this.padding });
  }

  override extraRepr(): string {
    return `kernel_size=(${this.kernelSize.join(', ')}), stride=(${this.stride.join(', ')}), padding=(${this.padding.join(', ')})`;
  }
}

/**
 * Adaptive average pooling to a fixed output size (PyTorch's `nn.AdaptiveAvgPool2d`); size 1
 * is the global average pooling of the seed's CNN. See `functional.adaptiveAvgPool2d`.
 * @param outputSize one number or `[Ho, Wo]`.
 * @throws ValueError for a size below 1; ShapeError at forward for a bad rank.
 * @example new AdaptiveAvgPool2d(1).forward(randn([2, 128, 8, 8])).shape; // [2, 128, 1, 1]
 */
export class AdaptiveAvgPool2d extends Module {
  readonly outputSize: [number, number];

  constructor(outputSize: Size2) {
    super();
    this.outputSize = pair(outputSize, 'AdaptiveAvgPool2d', 'outputSize', 1);
  }

  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }

  override extraRepr(): string {
    return `output_size=(${this.outputSize.join(', ')})`;
  }
}
