import { channelAffine } from './elementwise.js';

/**
 * Reference batch-norm training forward over `[n, c, s]`: two-pass batch mean and biased
 * variance per channel (double accumulators), then the normalising affine map.
 */
export function batchNormTrain(
  n: number,
  c: number,
  s: number,
  x: Float32Array,
  gamma: Float32Array | null,
  beta: Float32Array | null,
  eps: number,
  y: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
): void {
  const total = n * s;
  const sums = new Float64Array(c);
  if (s === 1) {
    // [N, C]: accumulate row by row into per-channel sums (contiguous, no inner loop of length 1).
    for (let i = 0, at = 0; i < n; i++) for (let ch = 0; ch < c; ch++, at++) sums[ch]! += x[at]!;
    for (let ch = 0; ch < c; ch++) mean[ch] = sums[ch]! / total;
    sums.fill(0);
    for (let i = 0, at = 0; i < n; i++) {
      for (let ch = 0; ch < c; ch++, at++) {
        const d = x[at]! - mean[ch]!;
        sums[ch]! += d * d;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < c; ch++) {
        const base = (i * c + ch) * s;
        let acc = 0;
        for (let t = 0; t < s; t++) acc += x[base + t]!;
        sums[ch]! += acc;
      }
    }
    for (let ch = 0; ch < c; ch++) mean[ch] = sums[ch]! / total;
    sums.fill(0);
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < c; ch++) {
        const base = (i * c + ch) * s;
        const mu = mean[ch]!;
        let acc = 0;
        for (let t = 0; t < s; t++) {
          const d = x[base + t]! - mu;
          acc += d * d;
        }
        sums[ch]! += acc;
      }
    }
  }
  const scale = new Float32Array(c);
  const shift = new Float32Array(c);
  for (let ch = 0; ch < c; ch++) {
    variance[ch] = sums[ch]! / total;
    const invStd = 1 / Math.sqrt(variance[ch]! + eps);
    scale[ch] = (gamma === null ? 1 : gamma[ch]!) * invStd;
    shift[ch] = (beta === null ? 0 : beta[ch]!) - mean[ch]! * scale[ch]!;
  }
  channelAffine(n, c, s, x, scale, shift, y);
}

/**
 * Reference batch-norm backward with batch statistics:
 * `dx = γσ⁻¹ (dy − Σdy/M − x̂·Σdy·x̂/M)` with M = n·s, x̂ = (x − μ)σ⁻¹, σ = √(var + eps).
 */
export function batchNormBackward(
  n: number,
  c: number,
  s: number,
  x: Float32Array,
  dy: Float32Array,
  gamma: Float32Array | null,
  mean: Float32Array,
  variance: Float32Array,
  eps: number,
  dx: Float32Array,
  dgamma: Float32Array | null,
  dbeta: Float32Array | null,
): void {
  const total = n * s;
  const sumDy = new Float64Array(c);
  const sumDyXhat = new Float64Array(c);
  const invStd = new Float64Array(c);
  for (let ch = 0; ch < c; ch++) invStd[ch] = 1 / Math.sqrt(variance[ch]! + eps);
  if (s === 1) {
    for (let i = 0, at = 0; i < n; i++) {
      for (let ch = 0; ch < c; ch++, at++) {
        const d = dy[at]!;
        sumDy[ch]! += d;
        sumDyXhat[ch]! += d * (x[at]! - mean[ch]!);
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < c; ch++) {
        const base = (i * c + ch) * s;
        const mu = mean[ch]!;
        let a = 0;
        let b = 0;
        for (let t = 0; t < s; t++) {
          const d = dy[base + t]!;
          a += d;
          b += d * (x[base + t]! - mu);
        }
        sumDy[ch]! += a;
        sumDyXhat[ch]! += b;
      }
    }
  }
  for (let ch = 0; ch < c; ch++) {
    sumDyXhat[ch]! *= invStd[ch]!;
    if (dbeta !== null) dbeta[ch] = sumDy[ch]!;
    if (dgamma !== null) dgamma[ch] = sumDyXhat[ch]!;
  }
  // dx = k·(dy − Σdy/M − x̂·Σdy·x̂/M) = A·dy − B − (x − μ)·C per channel.
  const ka = new Float64Array(c);
  const kb = new Float64Array(c);
  const kc = new Float64Array(c);
  for (let ch = 0; ch < c; ch++) {
    const is = invStd[ch]!;
    const k = (gamma === null ? 1 : gamma[ch]!) * is;
    ka[ch] = k;
    kb[ch] = (k * sumDy[ch]!) / total;
    kc[ch] = (k * is * sumDyXhat[ch]!) / total;
  }
  for (let i = 0, at = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const a = ka[ch]!;
      const b = kb[ch]!;
      const k = kc[ch]!;
      const mu = mean[ch]!;
      for (let t = 0; t < s; t++, at++) dx[at] = a * dy[at]! - b - (x[at]! - mu) * k;
    }
  }
}
