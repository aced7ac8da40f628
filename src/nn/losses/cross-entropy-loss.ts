import type { Tensor } from '../../tensor/tensor.js';
import type { ClassTargets } from '../functional/class-targets.js';
import { crossEntropy } from '../functional/cross-entropy.js';
import { checkReduction, type Reduction } from '../functional/reduction.js';
import { checkNumber } from '../layer-checks.js';
import { Module } from '../module.js';
import { ValueError } from '../../errors.js';

/** Options of `CrossEntropyLoss` (PyTorch's defaults). */
export interface CrossEntropyLossOptions {
  /** Per-class weight `[C]`, e.g. inverse class frequencies. Default none. */
  weight?: Tensor | null;
  /** Target value to skip. Default −100. */
  ignoreIndex?: number;
  /** 'mean' (default; weighted mean when `weight` is set), 'sum' or 'none'. */
  reduction?: Reduction;
  /** ε in [0, 1] mixing the one-hot target with the uniform distribution. Default 0. */
  labelSmoothing?: number;
}

/**
 * Softmax cross-entropy with class-index targets (PyTorch's `nn.CrossEntropyLoss`), with PyTorch
 * 1.13's exact weighting of label smoothing; see `functional.crossEntropy` for the formula. The
 * class weight is registered as the buffer `weight`, as in PyTorch.
 * @param options weight, ignoreIndex (−100), reduction ('mean'), labelSmoothing (0).
 * @throws ValueError for a bad reduction, labelSmoothing or ignoreIndex; at forward ShapeError /
 *   ValueError for mismatched shapes or out-of-range targets.
 * @example new CrossEntropyLoss({ labelSmoothing: 0.1 }).forward(logits, Int32Array.of(0, 2, 1));
 */
export class CrossEntropyLoss extends Module<[Tensor, ClassTargets], Tensor> {
  readonly ignoreIndex: number;
  readonly reduction: Reduction;
  readonly labelSmoothing: number;
  declare weight: Tensor | null;

  constructor(options: CrossEntropyLossOptions = {}) {
    super();
    this.reduction = checkReduction(options.reduction ?? 'mean', 'CrossEntropyLoss');
    this.labelSmoothing = options.labelSmoothing ?? 0;
    checkNumber(this.labelSmoothing, 'CrossEntropyLoss', 'labelSmoothing', 0, 1);
    this.ignoreIndex = options.ignoreIndex ?? -100;
    if (!Number.isInteger(this.ignoreIndex)) {
      throw new ValueError(`CrossEntropyLoss: ignoreIndex must be an integer. Received: ignoreIndex=${this.ignoreIndex}.`);
    }
    this.registerBuffer('weight', options.weight ?? null);
  }

  /** @param input logits `[N, C, ...]`. @param target class indices `[N, ...]`. */
  forward(input: Tensor, target: ClassTargets): Tensor {
    return crossEntropy(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
      labelSmoothing: this.labelSmoothing,
    });
  }
}
