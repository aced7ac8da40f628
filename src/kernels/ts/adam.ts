import type { AdamStep } from '../kernels.js';

/**
 * Reference Adam / AdamW step, in PyTorch 1.13's single-tensor order (`torch/optim/adamw.py`,
 * `adam.py`): decay (AdamW) or L2 gradient term (Adam), moment updates, bias-corrected step
 * `p −= lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + eps)`.
 */
export function adam(n: number, param: Float32Array, grad: Float32Array, expAvg: Float32Array, expAvgSq: Float32Array, h: AdamStep): void {
  const bc1 = 1 - h.beta1 ** h.step;
  const bc2Sqrt = Math.sqrt(1 - h.beta2 ** h.step);
  const stepSize = h.lr / bc1;
  const decay = h.decoupled ? 1 - h.lr * h.weightDecay : 1;
  const l2 = h.decoupled ? 0 : h.weightDecay;
  const b1 = h.beta1;
  const b2 = h.beta2;
  for (let i = 0; i < n; i++) {
    let g = grad[i]!;
    const p = param[i]!;
    if (l2 !== 0) g += l2 * p;
    const m = (expAvg[i] = expAvg[i]! * b1 + (1 - b1) * g);
    const v = (expAvgSq[i] = expAvgSq[i]! * b2 + (1 - b2) * g * g);
    param[i] = p * decay - stepSize * (m / (Math.sqrt(v) / bc2Sqrt + h.eps));
  }
}
