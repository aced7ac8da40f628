import type { Tensor } from '../../tensor/tensor.js';
import { mseLoss } from '../functional/mse-loss.js';
import { checkReduction, type Reduction } from '../functional/reduction.js';
import { Module } from '../module.js';

/** Options of `MSELoss`. */
export interface MSELossLayerOptions {
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/**
 * Mean squared error (PyTorch's `nn.MSELoss`); shapes must match exactly (see `functional.mseLoss`).
 * @param options reduction ('mean').
 * @throws ValueError for a bad reduction; ShapeError at forward when the shapes differ.
 * @example new MSELoss().forward(tensor([1, 2]), tensor([1, 4])).item(); // 2
 */
export class MSELoss extends Module<[Tensor, Tensor], Tensor> {
  readonly reduction: Reduction;

  constructor(options: MSELossLayerOptions = {}) {
    super();
    this.reduction = checkReduction(options.reduction ?? 'mean', 'MSELoss');
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}
