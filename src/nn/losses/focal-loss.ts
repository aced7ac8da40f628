import { ShapeError, ValueError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { formatShape, sameShape } from '../../tensor/shape.js';
import type { ClassTargets } from '../functional/class-targets.js';
import { sigmoidFocalLoss, softmaxFocalLoss } from '../functional/focal-loss.js';
import { checkReduction, type Reduction } from '../functional/reduction.js';
import { Module } from '../module.js';

/** Options of `FocalLoss`. */
export interface FocalLossOptions {
  /**
   * Binary: weight of positives in [0, 1] (negatives 1 − α), negative to disable. Multiclass: a
   * scalar multiplying every term, or one weight per class. Default 0.25 (torchvision).
   */
  alpha?: number | ArrayLike<number> | Tensor;
  /** Focusing exponent γ ≥ 0. Default 2. */
  gamma?: number;
  /** 'mean' (default, as PyTorch's loss modules; torchvision's function defaults to 'none'), 'sum' or 'none'. */
  reduction?: Reduction;
  /** Multiclass only: target value to skip. Default −100. */
  ignoreIndex?: number;
}

/**
 * Focal loss (Lin et al., 2017) for imbalanced outcomes, binary or multiclass, chosen by the
 * target's shape:
 * - target with the input's shape (0/1 floats): torchvision's `sigmoid_focal_loss`, elementwise
 *   (binary or multi-label) — `functional.sigmoidFocalLoss`;
 * - target with the input's shape minus dimension 1 (class indices for logits `[N, C, ...]`):
 *   softmax focal loss `−α_y·(1 − p_y)^γ·log p_y` — `functional.softmaxFocalLoss`.
 * @param options alpha (0.25), gamma (2), reduction ('mean'), ignoreIndex (−100).
 * @throws ValueError for bad α, γ or reduction (a per-class α is only valid for multiclass);
 *   ShapeError at forward when the target fits neither form.
 * @example new FocalLoss({ alpha: 0.25, gamma: 2 }).forward(logits, targets01);
 */
export class FocalLoss extends Module<[Tensor, Tensor | ClassTargets], Tensor> {
  readonly alpha: number | ArrayLike<number> | Tensor;
  readonly gamma: number;
  readonly reduction: Reduction;
  readonly ignoreIndex: number;

  constructor(options: FocalLossOptions = {}) {
    super();
    this.alpha = options.alpha ?? 0.25;
    this.gamma = options.gamma ?? 2;
    this.reduction = checkReduction(options.reduction ?? 'mean', 'FocalLoss');
    this.ignoreIndex = options.ignoreIndex ?? -100;
    if (typeof this.alpha === 'number' && !(Number.isFinite(this.alpha) && this.alpha <= 1)) {
      throw new ValueError(`FocalLoss: alpha must be in [0, 1] (or negative to disable it). Received: alpha=${this.alpha}.`);
    }
    if (!(Number.isFinite(this.gamma) && this.gamma >= 0)) {
      throw new ValueError(`FocalLoss: gamma must be a finite number ≥ 0. Received: gamma=${this.gamma}.`);
    }
  }

  /**
   * @param input logits. @param target same shape as input (binary/multi-label) or class indices
   *   of the input's shape without dimension 1 (multiclass).
   */
  forward(input: Tensor, target: Tensor | ClassTargets): Tensor {
    const binary = target instanceof Tensor && sameShape(target.shape, input.shape);
    if (binary) {
      if (typeof this.alpha !== 'number') {
        throw new ValueError('FocalLoss: a per-class alpha applies to multiclass targets (class indices); binary targets take one alpha in [0, 1].');
      }
      return sigmoidFocalLoss(input, target, { alpha: this.alpha, gamma: this.gamma, reduction: this.reduction });
    }
    if (input.ndim < 2 || input.shape[1] === 1) {
      // One logit per row is binary: a softmax over a single class would make the loss 0.
      const got = target instanceof Tensor ? formatShape(target.shape) : 'class indices';
      throw new ShapeError(`FocalLoss: for input ${formatShape(input.shape)} the target must have the same shape (binary targets). Received: ${got}.`);
    }
    return softmaxFocalLoss(input, target, { alpha: this.alpha, gamma: this.gamma, reduction: this.reduction, ignoreIndex: this.ignoreIndex });
  }

  override extraRepr(): string {
    return `alpha=${typeof this.alpha === 'number' ? this.alpha : 'per-class'}, gamma=${this.gamma}, reduction='${this.reduction}'`;
  }
}
