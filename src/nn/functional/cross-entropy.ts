import { ValueError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { needsGrad } from '../../tensor/autograd.js';
import { classLayout, classWeights, logSoftmaxAt, type ClassTargets } from './class-targets.js';
import { checkReduction, type Reduction } from './reduction.js';

/** Options of `crossEntropy` (PyTorch's `F.cross_entropy`). */
export interface CrossEntropyOptions {
  /** Per-class weight `[C]`. Default none (1). */
  weight?: Tensor | null;
  /** Target value whose positions contribute nothing (nor to the mean's denominator). Default −100. */
  ignoreIndex?: number;
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
  /** ε in [0, 1]: mix the one-hot target with the uniform distribution. Default 0. */
  labelSmoothing?: number;
}

/**
 * Softmax cross-entropy on logits with class-index targets, PyTorch 1.13's exact formula
 * including class weights and label smoothing. With log-probabilities `ℓ = logSoftmax(x)`, class
 * weights `w` (1 if none), target `y` and C classes, per position:
 * `nll = −w_y·ℓ_y`, `smooth = −Σ_c w_c·ℓ_c` (both 0 where y = ignoreIndex) and
 * `loss = (1 − ε)·nll + (ε/C)·smooth`. 'mean' divides the summed loss by `Σ w_y` over the
 * non-ignored positions (PyTorch's weighted mean; the count when unweighted; NaN when all are
 * ignored). Stable log-sum-exp; fused backward ∂/∂x_k = (1 − ε)·w_y·(p_k − [k = y]) + (ε/C)·(p_k·Σw − w_k).
 * @param input logits `[N, C]` or `[N, C, d1, ...]`. @param target class indices `[N]` or `[N, d1, ...]`.
 * @param options weight, ignoreIndex (−100), reduction ('mean'), labelSmoothing (0).
 * @throws ShapeError for mismatched shapes; ValueError for out-of-range targets, a bad reduction or labelSmoothing.
 * @example crossEntropy(tensor([[2, 0, 0]]), [0]).item(); // ≈ 0.2395
 */
export function crossEntropy(input: Tensor, target: ClassTargets, options: CrossEntropyOptions = {}): Tensor {
  const who = 'crossEntropy';
  const reduction = checkReduction(options.reduction ?? 'mean', who);
  const { ignoreIndex = -100, labelSmoothing: eps = 0 } = options;
  if (!(eps >= 0 && eps <= 1)) throw new ValueError(`${who}: labelSmoothing must be in [0, 1]. Received: labelSmoothing=${eps}.`);
  if (!Number.isInteger(ignoreIndex)) throw new ValueError(`${who}: ignoreIndex must be an integer. Received: ignoreIndex=${ignoreIndex}.`);
  const { n, c, s, shape, target: y } = classLayout(input, target, ignoreIndex, who);
  const w = classWeights(options.weight ?? null, c, who);
  let wSum = 0;
  for (let k = 0; k < c; k++) wSum += w[k]!;
  const x = input.data;
  const positions = n * s;
  const probs = new Float32Array(input.size);
  const loss = new Float32Array(positions);
  const logp = new Float64Array(c);
  let total = 0;
  let denom = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < s; j++) {
      const pos = i * s + j;
      const base = i * c * s + j;
      const yi = y[pos]!;
      logSoftmaxAt(x, base, c, s, logp);
      for (let k = 0; k < c; k++) probs[base + k * s] = Math.exp(logp[k]!);
      if (yi === ignoreIndex) continue;
      let smooth = 0;
      for (let k = 0; k < c; k++) smooth -= w[k]! * logp[k]!;
      const li = (1 - eps) * -w[yi]! * logp[yi]! + (eps / c) * smooth;
      loss[pos] = li;
      total += li;
      denom += w[yi]!;
    }
  }
  const out = reduction === 'none' ? loss : Float32Array.of(reduction === 'sum' ? total : total / denom);
  const outShape = reduction === 'none' ? shape : [];
  if (!needsGrad(input)) return new Tensor(out, outShape);
  return new Tensor(out, outShape, true, {
    name: 'CrossEntropyBackward',
    inputs: [input],
    backward: (g) => {
      const gx = new Float32Array(input.size);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < s; j++) {
          const pos = i * s + j;
          const yi = y[pos]!;
          if (yi === ignoreIndex) continue;
          const scale = reduction === 'none' ? g[pos]! : reduction === 'sum' ? g[0]! : g[0]! / denom;
          const a = (1 - eps) * w[yi]!;
          const b = eps / c;
          const base = i * c * s + j;
          for (let k = 0; k < c; k++) {
            const p = probs[base + k * s]!;
            gx[base + k * s] = scale * (a * (p - (k === yi ? 1 : 0)) + b * (p * wSum - w[k]!));
          }
        }
      }
      return [gx];
    },
  });
}
