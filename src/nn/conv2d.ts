import { ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { zeros } from '../tensor/creation.js';
import { formatShape } from '../tensor/shape.js';
import { conv2d } from './functional/conv2d.js';
import { pair, type Size2 } from './functional/pair.js';
import { kaimingUniform, uniform } from './init.js';
import { checkPositiveInt } from './layer-checks.js';
import { Module } from './module.js';
import { checkOptions } from '../option-keys.js';

/** Options of `Conv2d`. */
export interface Conv2dLayerOptions {
  /** Step of the sliding window, one number or `[h, w]`. Default 1. */
  stride?: Size2;
  /** Zero padding on each side, one number or `[h, w]`. Default 0. */
  padding?: Size2;
  /** Learn a per-output-channel bias. Default true. */
  bias?: boolean;
}

/**
 * 2-D convolution over NCHW input (PyTorch's `nn.Conv2d`, without dilation or groups). Weight
 * `[out, in, kh, kw]` initialised with kaiming-uniform a = √5 (U(±1/√(in·kh·kw))), bias
 * U(±1/√(in·kh·kw)), as PyTorch. State-dict keys: `weight`, `bias`.
 * @param inChannels C. @param outChannels O. @param kernelSize one number or `[kh, kw]`.
 * @param options stride (1), padding (0), bias (true).
 * @throws ValueError for bad sizes; ShapeError at forward when the input is not `[N, C, H, W]`.
 * @example new Conv2d(3, 64, 3, { padding: 1, bias: false }).forward(randn([2, 3, 8, 8])).shape; // [2, 64, 8, 8]
 */
export class Conv2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  /** `[out, in, kh, kw]`. */
  declare weight: Tensor;
  /** `[out]`, or null without bias. */
  declare bias: Tensor | null;

  constructor(inChannels: number, outChannels: number, kernelSize: Size2, options: Conv2dLayerOptions = {}) {
    super();
    checkOptions('Conv2d', options, { stride: true, padding: true, bias: true } satisfies Record<keyof Required<Conv2dLayerOptions>, true>);
    checkPositiveInt(inChannels, 'Conv2d', 'inChannels');
    checkPositiveInt(outChannels, 'Conv2d', 'outChannels');
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = pair(kernelSize, 'Conv2d', 'kernelSize', 1);
    this.stride = pair(options.stride ?? 1, 'Conv2d', 'stride', 1);
    this.padding = pair(options.padding ?? 0, 'Conv2d', 'padding', 0);
    this.registerParameter('weight', zeros([outChannels, inChannels, ...this.kernelSize]));
    this.registerParameter('bias', options.bias ?? true ? zeros([outChannels]) : null);
    this.resetParameters();
  }

  /** Re-draw the parameters with PyTorch's initialisation (from the seeded generator). */
  resetParameters(): void {
    kaimingUniform(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const bound = 1 / Math.sqrt(this.inChannels * this.kernelSize[0] * this.kernelSize[1]);
      uniform(this.bias, -bound, bound);
    }
  }

  /** `[N, in, H, W]` → `[N, out, Ho, Wo]`. */
  forward(x: Tensor): Tensor {
    if (x.ndim !== 4 || x.shape[1] !== this.inChannels) {
      throw new ShapeError(`${this.label}: expected input [N, ${this.inChannels}, H, W], received ${formatShape(x.shape)}.`);
    }
    const [kh, kw] = this.kernelSize;
    const [ph, pw] = this.padding;
    if (x.shape[2]! + 2 * ph < kh || x.shape[3]! + 2 * pw < kw) {
      throw new ShapeError(`${this.label}: input ${formatShape(x.shape)} is smaller than the kernel ${formatShape(this.kernelSize)} after padding ${formatShape(this.padding)}.`);
    }
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding });
  }

  private get label(): string {
    return `Conv2d(${this.inChannels}→${this.outChannels}, kernelSize=${formatShape(this.kernelSize)})`;
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernel_size=(${this.kernelSize.join(', ')}), stride=(${this.stride.join(', ')}), padding=(${this.padding.join(', ')}), bias=${this.bias !== null}`;
  }
}
