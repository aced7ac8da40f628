// The Adam / AdamW update of one parameter, shared by adam.ts and adamw.ts (internal).
// It follows PyTorch 1.13's single-tensor implementation (`_single_tensor_adam[w]`) operation by
// operation; Math.fround marks where PyTorch materialises a float32 tensor, and scalars are cast
// to float32 as ATen does for CPU float tensors.
import { kernels } from '../kernels/kernels.js';
import { checkBetas, checkBoolean, checkNonNegative } from './hyper-params.js';
import type { ParamState } from './optimizer.js';

/** Hyper-parameters shared by `Adam` and `AdamW` (per group). */
export interface AdamHyperParams {
  /** Learning rate. Default 1e-3. */
  lr: number;
  /** Coefficients (β1, β2) of the running averages of the gradient and its square. Default [0.9, 0.999]. */
  betas: readonly [number, number];
  /** Term added to the denominator for numerical stability. Default 1e-8. */
  eps: number;
  /** Weight decay λ: coupled L2 for Adam (default 0), decoupled for AdamW (default 1e-2). */
  weightDecay: number;
  /** Use the AMSGrad variant (max of past second moments). Default false. */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing it. Default false. */
  maximize: boolean;
}

/** Validate Adam/AdamW hyper-parameters (messages start with `where`). */
export function checkAdamHyperParams(h: AdamHyperParams, where: string): void {
  checkNonNegative(where, 'lr', h.lr);
  checkBetas(where, h.betas);
  checkNonNegative(where, 'eps', h.eps);
  checkNonNegative(where, 'weightDecay', h.weightDecay);
  checkBoolean(where, 'amsgrad', h.amsgrad);
  checkBoolean(where, 'maximize', h.maximize);
}

/**
 * Update parameter values `w` in place from gradient `g`, creating the state on first use.
 * `decoupled` selects AdamW (`θ ← θ(1 − lr·λ)` first) over Adam (`g ← g + λθ`).
 */
export function adamUpdate(w: Float32Array, g: Float32Array, state: ParamState, h: AdamHyperParams, decoupled: boolean): void {
  const n = w.length;
  if (state['step'] === undefined) {
    state['step'] = 0;
    state['expAvg'] = new Float32Array(n);
    state['expAvgSq'] = new Float32Array(n);
    if (h.amsgrad) state['maxExpAvgSq'] = new Float32Array(n);
  }
  const m = state['expAvg'] as Float32Array;
  const v = state['expAvgSq'] as Float32Array;
  let vmax: Float32Array | null = null;
  if (h.amsgrad) {
    if (!(state['maxExpAvgSq'] instanceof Float32Array)) state['maxExpAvgSq'] = new Float32Array(n);
    vmax = state['maxExpAvgSq'];
  }
  const step = (state['step'] as number) + 1;
  state['step'] = step;

  const [beta1, beta2] = h.betas;
  if (vmax === null && !h.maximize) {
    // The common case runs on the compute kernels (same operation order, vectorised natively).
    kernels().adam(n, w, g, m, v, { lr: h.lr, beta1, beta2, eps: h.eps, weightDecay: h.weightDecay, step, decoupled });
    return;
  }
  const b1 = Math.fround(beta1);
  const b2 = Math.fround(beta2);
  const a1 = Math.fround(1 - beta1);
  const a2 = Math.fround(1 - beta2);
  const eps = Math.fround(h.eps);
  // Bias corrections and step size are Python doubles in PyTorch, cast to float at the kernel.
  const bc2Sqrt = Math.fround(Math.sqrt(1 - beta2 ** step));
  const negStepSize = Math.fround(-(h.lr / (1 - beta1 ** step)));
  const sign = h.maximize ? -1 : 1;
  const coupled = !decoupled && h.weightDecay !== 0 ? Math.fround(h.weightDecay) : 0;
  // AdamW's θ ← θ·(1 − lr·λ), fused into the one pass (it touches only element i). 1 = no decay.
  const decay = decoupled ? Math.fround(1 - h.lr * h.weightDecay) : 1;
  for (let i = 0; i < n; i++) {
    const wi = decay === 1 ? w[i]! : Math.fround(w[i]! * decay);
    let gi = sign * g[i]!;
    if (coupled !== 0) gi = Math.fround(gi + coupled * wi);
    const mi = Math.fround(Math.fround(m[i]! * b1) + a1 * gi);
    const vi = Math.fround(Math.fround(v[i]! * b2) + Math.fround(a2 * gi) * gi);
    m[i] = mi;
    v[i] = vi;
    let second = vi;
    if (vmax !== null) {
      second = vmax[i]! > vi ? vmax[i]! : vi;
      vmax[i] = second;
    }
    const denom = Math.fround(Math.fround(Math.fround(Math.sqrt(second)) / bc2Sqrt) + eps);
    w[i] = wi + Math.fround(Math.fround(negStepSize * mi) / denom);
  }
}
