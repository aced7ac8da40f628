import { ShapeError, ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { formatShape, sameShape } from '../../tensor/shape.js';
import { allocFloat32 } from '../../tensor/storage.js';
import { broadcastTo } from './broadcast-to.js';
import { checkReduction, elementwiseLoss, type Reduction } from './reduction.js';

/** Options of `binaryCrossEntropyWithLogits` (PyTorch's `F.binary_cross_entropy_with_logits`). */
export interface BinaryCrossEntropyWithLogitsOptions {
  /** Per-element rescaling weight, broadcast to the input's shape. Default none. */
  weight?: Tensor | null;
  /** Weight of the positive term, broadcast to the input's shape (one per class, `[C]`). Default none (1). */
  posWeight?: Tensor | null;
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
  /**
   * Label smoothing ε in [0, 1]: targets become `t·(1 − ε) + ε/2` (Keras' `BinaryCrossentropy`
   * definition; PyTorch 1.13's BCE has no such option). Default 0.
   */
  labelSmoothing?: number;
}

/**
 * Binary cross-entropy on logits, numerically stable (PyTorch 1.13's formula):
 * `ℓ = w · [(1 − t)·x + (1 + (p − 1)·t) · log(1 + e^(−x))]`, with `log(1 + e^(−x))` computed as
 * `log1p(e^(−|x|)) + max(−x, 0)`; `p` = posWeight, `w` = weight. Fused forward and backward:
 * ∂ℓ/∂x = w · ((1 + (p − 1)t)·σ(x) − p·t). Targets may be soft (any value in [0, 1]).
 * @param input logits, any shape.
 * @param target same shape as `input`, 0/1 (or soft) float targets.
 * @param options weight, posWeight, reduction ('mean'), labelSmoothing (0).
 * @throws ShapeError when target and input shapes differ or a weight does not broadcast;
 *   ValueError for a bad reduction or labelSmoothing outside [0, 1].
 * @example binaryCrossEntropyWithLogits(tensor([0]), tensor([1])).item(); // ≈ 0.6931 (log 2)
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options: BinaryCrossEntropyWithLogitsOptions = {}): Tensor {
  const who = 'binaryCrossEntropyWithLogits';
  const reduction = checkReduction(options.reduction ?? 'mean', who);
  const eps = options.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) {
    throw new ValueError(`${who}: labelSmoothing must be in [0, 1]. Received: labelSmoothing=${eps}.`);
  }
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(`${who}: target size ${formatShape(target.shape)} must equal input size ${formatShape(input.shape)}.`);
  }
  const n = input.size;
  const x = input.data;
  const t = target.data;
  const w = options.weight ? broadcastTo(options.weight, input.shape, who, 'weight') : null;
  const pw = options.posWeight ? broadcastTo(options.posWeight, input.shape, who, 'posWeight') : null;
  // Pool storage (every element is written): elementwiseLoss hands a reduced loss's values back,
  // and the engine a gradient once it is added in.
  const loss = allocFloat32(n);
  bceLossValues(x, t, eps, w, pw, loss);
  const dInput = (): Float32Array => {
    const d = allocFloat32(n);
    bceInputGrad(x, t, eps, w, pw, d);
    return d;
  };
  const dTarget = (): Float32Array => {
    const d = allocFloat32(n);
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const sp = Math.log1p(Math.exp(-Math.abs(xi))) + Math.max(-xi, 0);
      const p = pw === null ? 1 : pw[i]!;
      const di = (1 - eps) * (-xi + (p - 1) * sp);
      d[i] = w === null ? di : di * w[i]!;
    }
    return d;
  };
  return elementwiseLoss('BinaryCrossEntropyWithLogitsBackward', input, target, loss, reduction, dInput, dTarget);
}

/**
 * The per-element losses of {@link binaryCrossEntropyWithLogits} into `loss`: logits `x`, targets
 * `t`, label smoothing `eps`, weight `w` and posWeight `pw` broadcast to x's length (or null).
 * Internal to clinreg (the fused training step of train/ computes the same numbers with it).
 */
export function bceLossValues(x: Float32Array, t: Float32Array, eps: number, w: Float32Array | null, pw: Float32Array | null, loss: Float32Array): void {
  for (let i = 0; i < loss.length; i++) {
    const xi = x[i]!;
    const ti = t[i]! * (1 - eps) + eps / 2;
    const lw = pw === null ? 1 : (pw[i]! - 1) * ti + 1;
    // softplus(−x) = log(1 + e^(−x)), stable for both signs.
    const sp = Math.log1p(Math.exp(-Math.abs(xi))) + Math.max(-xi, 0);
    const li = (1 - ti) * xi + lw * sp;
    loss[i] = w === null ? li : li * w[i]!;
  }
}

/** ∂lossᵢ/∂xᵢ of {@link bceLossValues} into `d` (before the reduction's scaling). Internal to clinreg. */
export function bceInputGrad(x: Float32Array, t: Float32Array, eps: number, w: Float32Array | null, pw: Float32Array | null, d: Float32Array): void {
  for (let i = 0; i < d.length; i++) {
    const ti = t[i]! * (1 - eps) + eps / 2;
    const p = pw === null ? 1 : pw[i]!;
    const lw = (p - 1) * ti + 1;
    const di = lw * sigmoid(x[i]!) - p * ti;
    d[i] = w === null ? di : di * w[i]!;
  }
}

/** Logistic function, stable for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
