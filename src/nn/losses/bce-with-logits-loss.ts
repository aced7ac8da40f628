import type { Tensor } from '../../tensor/tensor.js';
import { binaryCrossEntropyWithLogits } from '../functional/binary-cross-entropy-with-logits.js';
import { checkReduction, type Reduction } from '../functional/reduction.js';
import { checkNumber } from '../layer-checks.js';
import { Module } from '../module.js';

/** Options of `BCEWithLogitsLoss`. */
export interface BCEWithLogitsLossOptions {
  /** Per-element rescaling weight, broadcast to the input. Default none. */
  weight?: Tensor | null;
  /**
   * Weight of positive examples, broadcast to the input (`[C]` for C outputs); e.g.
   * negatives/positives to balance classes. Default none (1).
   */
  posWeight?: Tensor | null;
  /**
   * ε in [0, 1]: targets become `t·(1 − ε) + ε/2` (Keras' definition; PyTorch 1.13's
   * BCEWithLogitsLoss has no label smoothing). Default 0.
   */
  labelSmoothing?: number;
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/**
 * Sigmoid + binary cross-entropy in one numerically stable op (PyTorch's `nn.BCEWithLogitsLoss`),
 * with `posWeight` for class imbalance and optional label smoothing. See
 * `binaryCrossEntropyWithLogits` for the formula. `weight` and `posWeight` are registered as
 * buffers, as in PyTorch (`weight`, `pos_weight`).
 * @param options weight, posWeight, labelSmoothing (0), reduction ('mean').
 * @throws ValueError for a bad reduction or labelSmoothing; ShapeError at forward when the target
 *   shape differs from the input's.
 * @example
 * const loss = new BCEWithLogitsLoss({ posWeight: tensor([3]) });
 * loss.forward(logits, targets).backward();
 */
export class BCEWithLogitsLoss extends Module<[Tensor, Tensor], Tensor> {
  readonly reduction: Reduction;
  readonly labelSmoothing: number;
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;

  constructor(options: BCEWithLogitsLossOptions = {}) {
    super();
    this.reduction = checkReduction(options.reduction ?? 'mean', 'BCEWithLogitsLoss');
    this.labelSmoothing = options.labelSmoothing ?? 0;
    checkNumber(this.labelSmoothing, 'BCEWithLogitsLoss', 'labelSmoothing', 0, 1);
    this.registerBuffer('weight', options.weight ?? null);
    this.registerBuffer('pos_weight', options.posWeight ?? null);
  }

  /** Alias of `pos_weight`. */
  get posWeight(): Tensor | null {
    return this.pos_weight;
  }

  /**
   * @param input logits, any shape. @param target same shape, 0/1 (or soft) floats.
   * @returns the reduced loss (a scalar unless reduction is 'none').
   */
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, {
      weight: this.weight,
      posWeight: this.pos_weight,
      reduction: this.reduction,
      labelSmoothing: this.labelSmoothing,
    });
  }
}
