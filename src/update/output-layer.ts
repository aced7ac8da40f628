import { fitLogisticGlm } from './logistic-glm.js';

/** Re-estimated output layer: logit' = bias + Σ weight_j · h_j. */
export interface OutputLayerFit {
  /** New weights, one per output-layer input (inputs constant on the local data keep their old weight). */
  weight: Float64Array;
  /** New bias. */
  bias: number;
  /** Log-likelihood of the local labels under the new layer. */
  logLik: number;
  /** Parameters estimated: 1 + the number of non-constant inputs. */
  df: number;
  /** Whether Newton–Raphson converged (false under separation or collinear inputs). */
  converged: boolean;
}

/** Options of {@link refitOutputLayer}. */
export interface OutputLayerOptions {
  /** Ridge penalty ½·λ·‖w − w_original‖² shrinking the new weights toward the original ones. Default 0 (maximum likelihood). */
  ridge?: number;
}

/**
 * Model revision for a network (Steyerberg ch. 20, "re-estimation"): the final Linear layer's
 * weights and bias are re-estimated by logistic regression of the local outcomes on that layer's
 * inputs (the penultimate activations), every other layer frozen. Inputs that are constant on the
 * local data (dead ReLU units) cannot be estimated; they keep their original weight and enter as an
 * offset. With `ridge` > 0 the weights shrink toward the original layer, not toward zero.
 * @param hidden n × k row-major activations. @param n rows. @param k width.
 * @param y 0/1 outcomes. @param weight the original weights (k). @param bias the original bias.
 * @example const fit = refitOutputLayer(view.hidden!, n, view.nHidden, y, w, b);
 */
export function refitOutputLayer(
  hidden: Float64Array, n: number, k: number, y: ArrayLike<number>, weight: ArrayLike<number>, bias: number, options: OutputLayerOptions = {},
): OutputLayerFit {
  const keep: number[] = [];
  for (let j = 0; j < k; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = hidden[i * k + j]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi - lo > 1e-12 * Math.max(1, Math.abs(hi))) keep.push(j);
  }
  const p = keep.length + 1;
  const X = new Float64Array(n * p);
  const offset = new Float64Array(n);
  const kept = new Set(keep);
  for (let i = 0; i < n; i++) {
    X[i * p] = 1;
    keep.forEach((j, c) => {
      X[i * p + c + 1] = hidden[i * k + j]!;
    });
    let o = 0;
    for (let j = 0; j < k; j++) if (!kept.has(j)) o += weight[j]! * hidden[i * k + j]!;
    offset[i] = o;
  }
  const center = new Float64Array(p);
  center[0] = bias;
  keep.forEach((j, c) => {
    center[c + 1] = weight[j]!;
  });
  const ridge = options.ridge ?? 0;
  const fit = fitLogisticGlm(X, n, p, y, { offset, ridge, ridgeCenter: center, maxIter: 200 });
  const w = Float64Array.from({ length: k }, (_, j) => weight[j]!);
  keep.forEach((j, c) => {
    w[j] = fit.coef[c + 1]!;
  });
  return { weight: w, bias: fit.coef[0]!, logLik: fit.logLik, df: p, converged: fit.converged && fit.coef.every(Number.isFinite) };
}
