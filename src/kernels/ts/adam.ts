import type { AdamStep } from '../kernels.js';

/**
 * Reference Adam / AdamW step, in PyTorch 1.13's single-tensor order (`torch/optim/adamw.py`,
 * `adam.py`): decay (AdamW) or L2 gradient term (Adam), moment updates, bias-corrected step
 * `p −= lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + eps)`, rounding to float32 where PyTorch materialises a
 * float tensor (scalars rounded once, as ATen does).
 */
export function adam(n: number, param: Float32Array, grad: Float32Array, expAvg: Float32Array, expAvgSq: Float32Array, h: AdamStep): void {
  const f = Math.fround;
  const negStep = f(-(h.lr / (1 - h.beta1 ** h.step)));
  const bc2Sqrt = f(Math.sqrt(1 - h.beta2 ** h.step));
  const decay = h.decoupled ? f(1 - h.lr * h.weightDecay) : 1;
  const l2 = h.decoupled ? 0 : f(h.weightDecay);
  const b1 = f(h.beta1);
  const b2 = f(h.beta2);
  const a1 = f(1 - h.beta1);
  const a2 = f(1 - h.beta2);
  const eps = f(h.eps);
  // A product of two float32 values is exact in double, so `f(x·y + z)` is a fused multiply-add.
  for (let i = 0; i < n; i++) {
    const p = f(param[i]! * decay);
    let g = grad[i]!;
    if (l2 !== 0) g = f(l2 * p + g);
    const m = f(a1 * g + f(expAvg[i]! * b1));
    const v = f(f(a2 * g) * g + f(expAvgSq[i]! * b2));
    expAvg[i] = m;
    expAvgSq[i] = v;
    const denom = f(f(f(Math.sqrt(v)) / bc2Sqrt) + eps);
    param[i] = p + f(f(negStep * m) / denom);
  }
}
