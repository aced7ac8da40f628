import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { flatten } from '../tensor/ops/flatten.js';
import { Module } from './module.js';

/**
 * Merge dimensions `startDim..endDim` into one (PyTorch's `nn.Flatten`; defaults keep the batch
 * dimension): `[N, C, 1, 1]` → `[N, C]`. Shares the data; the gradient is reshaped back.
 * @param startDim first dimension to merge. Default 1.
 * @param endDim last dimension to merge. Default −1.
 * @throws ValueError for a non-integer dimension; ShapeError at forward for one out of range.
 * @example new Flatten().forward(zeros([2, 128, 1, 1])).shape; // [2, 128]
 */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

  constructor(startDim = 1, endDim = -1) {
    super();
    for (const [name, v] of [['startDim', startDim], ['endDim', endDim]] as const) {
      if (!Number.isInteger(v)) throw new ValueError(`Flatten: ${name} must be an integer. Received: ${name}=${v}.`);
    }
    this.startDim = startDim;
    this.endDim = endDim;
  }

  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}
