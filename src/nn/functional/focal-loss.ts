import { ShapeError, ValueError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { needsGrad } from '../../tensor/autograd.js';
import { formatShape, sameShape } from '../../tensor/shape.js';
import { sigmoid } from './binary-cross-entropy-with-logits.js';
import { classLayout, logSoftmaxAt, type ClassTargets } from './class-targets.js';
import { checkReduction, elementwiseLoss, type Reduction } from './reduction.js';

/** Options of `sigmoidFocalLoss`. */
export interface SigmoidFocalLossOptions {
  /** Weight of positives in [0, 1] (negatives get 1 − α); a negative value disables weighting. Default 0.25. */
  alpha?: number;
  /** Focusing exponent γ ≥ 0 (0 gives BCE). Default 2. */
  gamma?: number;
  /** 'none' (default, as torchvision), 'mean' or 'sum'. */
  reduction?: Reduction;
}

/** Options of `softmaxFocalLoss`. */
export interface SoftmaxFocalLossOptions {
  /**
   * A scalar multiplying every term (a negative value: no weighting), or one weight per class
   * (`[C]`, an array or a Tensor). Default 0.25.
   */
  alpha?: number | ArrayLike<number> | Tensor;
  /** Focusing exponent γ ≥ 0 (0 gives α-weighted cross-entropy). Default 2. */
  gamma?: number;
  /** 'mean' (default; over non-ignored positions), 'sum' or 'none'. */
  reduction?: Reduction;
  /** Target value whose positions contribute nothing. Default −100. */
  ignoreIndex?: number;
}

/**
 * Binary focal loss (Lin et al., 2017), exactly torchvision's `sigmoid_focal_loss`:
 * `p = σ(x)`, `ce = BCEWithLogits(x, t)`, `p_t = p·t + (1 − p)(1 − t)`,
 * `loss = α_t·ce·(1 − p_t)^γ` with `α_t = α·t + (1 − α)(1 − t)` (omitted when α < 0). Fused
 * analytic backward; targets receive no gradient.
 * @param input logits, any shape. @param target same shape, 0/1 (or soft) floats.
 * @param options alpha (0.25), gamma (2), reduction ('none', torchvision's default).
 * @throws ShapeError when shapes differ; ValueError for α > 1, γ < 0 or a bad reduction.
 * @example sigmoidFocalLoss(logits, targets, { reduction: 'mean' });
 */
export function sigmoidFocalLoss(input: Tensor, target: Tensor, options: SigmoidFocalLossOptions = {}): Tensor {
  const who = 'sigmoidFocalLoss';
  const { alpha = 0.25, gamma = 2 } = options;
  const reduction = checkReduction(options.reduction ?? 'none', who);
  checkFocal(alpha, gamma, who);
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(`${who}: target size ${formatShape(target.shape)} must equal input size ${formatShape(input.shape)}.`);
  }
  const n = input.size;
  const x = input.data;
  const t = target.data;
  const loss = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const ti = t[i]!;
    const p = sigmoid(xi);
    const ce = Math.log1p(Math.exp(-Math.abs(xi))) + Math.max(xi, 0) - ti * xi;
    const b = 1 - (p * ti + (1 - p) * (1 - ti));
    const at = alpha >= 0 ? alpha * ti + (1 - alpha) * (1 - ti) : 1;
    loss[i] = at * ce * b ** gamma;
  }
  const dInput = (): Float32Array => {
    const d = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const ti = t[i]!;
      const p = sigmoid(xi);
      const ce = Math.log1p(Math.exp(-Math.abs(xi))) + Math.max(xi, 0) - ti * xi;
      const b = 1 - (p * ti + (1 - p) * (1 - ti));
      const db = -p * (1 - p) * (2 * ti - 1);
      // d(b^γ)/dx; at b = 0 the limit is 0 (p(1 − p) vanishes at least as fast as b).
      const dm = gamma === 0 || b <= 0 ? 0 : gamma * b ** (gamma - 1) * db;
      const at = alpha >= 0 ? alpha * ti + (1 - alpha) * (1 - ti) : 1;
      d[i] = at * ((p - ti) * b ** gamma + ce * dm);
    }
    return d;
  };
  return elementwiseLoss('SigmoidFocalLossBackward', input, target, loss, reduction, dInput);
}

/**
 * Multiclass (softmax) focal loss: `loss = −α_y·(1 − p_y)^γ·log p_y` with `p = softmax(x)` over
 * dimension 1, `α_y` the weight of the target class (per-class α) or the scalar α for every
 * class (as kornia's `focal_loss`). 'mean' averages over non-ignored positions (not weighted by α).
 * γ = 0 with per-class α is weighted cross-entropy summed, then divided by the count.
 * @param input logits `[N, C]` or `[N, C, d1, ...]`. @param target class indices `[N]` / `[N, d1, ...]`.
 * @param options alpha (0.25), gamma (2), reduction ('mean'), ignoreIndex (−100).
 * @throws ShapeError for mismatched shapes or an alpha that is not `[C]`; ValueError for bad
 *   targets, α, γ or reduction.
 * @example softmaxFocalLoss(logits, [0, 2, 1], { alpha: [0.2, 0.5, 0.3] });
 */
export function softmaxFocalLoss(input: Tensor, target: ClassTargets, options: SoftmaxFocalLossOptions = {}): Tensor {
  const who = 'softmaxFocalLoss';
  const { gamma = 2, ignoreIndex = -100 } = options;
  const reduction = checkReduction(options.reduction ?? 'mean', who);
  const alphaOpt = options.alpha ?? 0.25;
  if (typeof alphaOpt === 'number') checkFocal(alphaOpt, gamma, who);
  else checkFocal(0, gamma, who);
  const { n, c, s, shape, target: y } = classLayout(input, target, ignoreIndex, who);
  const alpha = classAlpha(alphaOpt, c, who);
  const x = input.data;
  const positions = n * s;
  const loss = new Float32Array(positions);
  const coef = new Float64Array(positions); // ∂loss/∂x_k = coef·(p_k − [k = y])
  const probs = new Float32Array(input.size);
  const logp = new Float64Array(c);
  let total = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < s; j++) {
      const pos = i * s + j;
      const base = i * c * s + j;
      logSoftmaxAt(x, base, c, s, logp);
      for (let k = 0; k < c; k++) probs[base + k * s] = Math.exp(logp[k]!);
      const yi = y[pos]!;
      if (yi === ignoreIndex) continue;
      const lp = logp[yi]!;
      const p = Math.exp(lp);
      const b = 1 - p;
      const a = alpha[yi]!;
      loss[pos] = -a * b ** gamma * lp;
      total += loss[pos]!;
      count++;
      const h = gamma === 0 ? 1 : b > 0 ? b ** gamma - gamma * p * b ** (gamma - 1) * lp : 0;
      coef[pos] = a * h;
    }
  }
  const out = reduction === 'none' ? loss : Float32Array.of(reduction === 'sum' ? total : total / count);
  const outShape = reduction === 'none' ? shape : [];
  if (!needsGrad(input)) return new Tensor(out, outShape);
  return new Tensor(out, outShape, true, {
    name: 'SoftmaxFocalLossBackward',
    inputs: [input],
    backward: (g) => {
      const gx = new Float32Array(input.size);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < s; j++) {
          const pos = i * s + j;
          const yi = y[pos]!;
          if (yi === ignoreIndex) continue;
          const scale = (reduction === 'none' ? g[pos]! : reduction === 'sum' ? g[0]! : g[0]! / count) * coef[pos]!;
          const base = i * c * s + j;
          for (let k = 0; k < c; k++) gx[base + k * s] = scale * (probs[base + k * s]! - (k === yi ? 1 : 0));
        }
      }
      return [gx];
    },
  });
}

function checkFocal(alpha: number, gamma: number, who: string): void {
  if (!(Number.isFinite(alpha) && alpha <= 1)) {
    throw new ValueError(`${who}: alpha must be in [0, 1] (or negative to disable it). Received: alpha=${alpha}.`);
  }
  if (!(Number.isFinite(gamma) && gamma >= 0)) {
    throw new ValueError(`${who}: gamma must be a finite number ≥ 0. Received: gamma=${gamma}.`);
  }
}

function classAlpha(alpha: number | ArrayLike<number> | Tensor, c: number, who: string): Float64Array {
  if (typeof alpha === 'number') return new Float64Array(c).fill(alpha < 0 ? 1 : alpha);
  const values: ArrayLike<number> = alpha instanceof Tensor ? alpha.data : alpha;
  if (values.length !== c || (alpha instanceof Tensor && alpha.ndim !== 1)) {
    const got = alpha instanceof Tensor ? formatShape(alpha.shape) : `[${values.length}]`;
    throw new ShapeError(`${who}: a per-class alpha must have one entry per class, shape [${c}]. Received: ${got}.`);
  }
  const out = new Float64Array(c);
  for (let k = 0; k < c; k++) {
    const v = values[k]!;
    if (!(Number.isFinite(v) && v >= 0)) throw new ValueError(`${who}: per-class alpha values must be finite and ≥ 0. Received: alpha[${k}]=${v}.`);
    out[k] = v;
  }
  return out;
}
