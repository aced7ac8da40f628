import { gemm } from './gemm.js';

/** Reference fused Linear forward: `y = x·wᵀ (+ bias)`, ReLU when `relu` (see `Kernels.linear`). */
export function linear(m: number, n: number, k: number, x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array, relu: boolean): void {
  gemm(false, true, m, n, k, x, w, y, false);
  addBiasRelu(m, n, y, bias, relu);
}

/** In place `y[i, j] += bias[j]`, then ReLU when `relu` (the epilogue of `linear`). */
export function addBiasRelu(m: number, n: number, y: Float32Array, bias: Float32Array | null, relu: boolean): void {
  if (bias === null && !relu) return;
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const v = y[row + j]! + (bias === null ? 0 : bias[j]!);
      // `v <= 0`, not `!(v > 0)`: NaN must pass through ReLU as in PyTorch.
      y[row + j] = relu && v <= 0 ? 0 : v;
    }
  }
}

/** Reference column sums (see `Kernels.sumRows`). */
export function sumRows(m: number, n: number, x: Float32Array, out: Float32Array, accumulate: boolean): void {
  if (!accumulate) out.fill(0, 0, n);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) out[j]! += x[row + j]!;
  }
}

/** Reference sum of the first n elements, in double precision. */
export function sum(n: number, x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  return s;
}

/** Reference ReLU: `x <= 0 ? 0 : x`, so NaN propagates as in PyTorch (`torch.relu(nan)` is nan). */
export function relu(n: number, x: Float32Array, y: Float32Array): void {
  // Math.max(NaN, 0) is NaN and Math.max(−0, 0) is 0, as `x <= 0 ? 0 : x`; it compiles without a
  // data-dependent branch (1.4× faster on ReLU inputs of either sign).
  for (let i = 0; i < n; i++) y[i] = Math.max(x[i]!, 0);
}

/**
 * Reference ReLU gradient from the output: `dx = y <= 0 ? 0 : dy` (PyTorch's `threshold_backward`,
 * so a NaN output passes its gradient on).
 */
export function reluBackward(n: number, y: Float32Array, dy: Float32Array, dx: Float32Array): void {
  for (let i = 0; i < n; i++) dx[i] = y[i]! <= 0 ? 0 : dy[i]!;
}

/** Reference per-channel affine over `[n, c, s]`. */
export function channelAffine(n: number, c: number, s: number, x: Float32Array, scale: Float32Array, shift: Float32Array, y: Float32Array): void {
  if (s === 1) {
    for (let i = 0, at = 0; i < n; i++) for (let ch = 0; ch < c; ch++, at++) y[at] = x[at]! * scale[ch]! + shift[ch]!;
    return;
  }
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const a = scale[ch]!;
      const b = shift[ch]!;
      const base = (i * c + ch) * s;
      for (let t = 0; t < s; t++) y[base + t] = x[base + t]! * a + b;
    }
  }
}

/** Reference dropout apply from random bits (see `Kernels.dropout`). */
export function dropout(n: number, x: Float32Array, bits: Uint32Array, threshold: number, scale: number, y: Float32Array, mask: Float32Array | null): void {
  // float32 scale like the other tiers, so all tiers agree bit for bit. The keep test indexes a
  // two-entry table instead of branching: random bits mispredict half the branches (2.3× slower).
  const k = new Float32Array([0, scale]);
  // y = x·mask as PyTorch (input·noise): a dropped NaN or ±Inf gives NaN, a dropped −1 gives −0.
  if (mask === null) {
    for (let i = 0; i < n; i++) y[i] = x[i]! * k[+(bits[i]! >= threshold)]!;
    return;
  }
  for (let i = 0; i < n; i++) {
    const ki = k[+(bits[i]! >= threshold)]!;
    y[i] = x[i]! * ki;
    mask[i] = ki;
  }
}
