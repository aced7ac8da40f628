import { ShapeError, ValueError } from '../../errors.js';
import { kernels } from '../../kernels/kernels.js';
import { Tensor } from '../../tensor/tensor.js';
import { needsGrad } from '../../tensor/autograd.js';
import { formatShape } from '../../tensor/shape.js';
import { allocFloat32, releaseStorage } from '../../tensor/storage.js';

/** Options of `batchNorm` (PyTorch's `F.batch_norm`). */
export interface BatchNormOptions {
  /** Scale γ `[C]`. Default none (1). */
  weight?: Tensor | null;
  /** Shift β `[C]`. Default none (0). */
  bias?: Tensor | null;
  /** Normalise with the batch statistics and update the running ones (true) or use the running ones. Default false. */
  training?: boolean;
  /** Weight of the new batch statistic in the running averages. Default 0.1. */
  momentum?: number;
  /** Added to the variance for stability. Default 1e-5. */
  eps?: number;
}

/**
 * Batch normalisation (Ioffe & Szegedy, 2015) over dimension 1 of `[N, C, ...]`, fused into one
 * autograd node. In training (or when no running statistics are given) each channel is
 * normalised with its batch mean and biased variance, and the running statistics, when given,
 * are updated in place: `running = (1 − momentum)·running + momentum·batch`, the variance term
 * using the UNBIASED batch variance (as PyTorch). Otherwise the running statistics are used.
 * `y = (x − μ) / √(σ² + eps) · γ + β`.
 * @param x input `[N, C]`, `[N, C, L]` or `[N, C, H, W]` (any rank ≥ 2).
 * @param runningMean `[C]` or null. @param runningVar `[C]` or null.
 * @param options weight, bias, training (false), momentum (0.1), eps (1e-5).
 * @throws ShapeError when a statistic or affine tensor is not `[C]`; ValueError when training
 *   with a single value per channel (the variance is undefined).
 * @example batchNorm(tensor([[1], [3]]), null, null, { training: true }).toArray(); // ≈ [[-1], [1]]
 */
export function batchNorm(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, options: BatchNormOptions = {}): Tensor {
  const who = 'batchNorm';
  const { training = false, momentum = 0.1, eps = 1e-5 } = options;
  const weight = options.weight ?? null;
  const bias = options.bias ?? null;
  if (x.ndim < 2) throw new ShapeError(`${who}: expected input [N, C, ...] of rank ≥ 2. Received: ${formatShape(x.shape)}.`);
  const nb = x.shape[0]!;
  const c = x.shape[1]!;
  const s = x.size / Math.max(nb * c, 1);
  for (const [name, t] of [['runningMean', runningMean], ['runningVar', runningVar], ['weight', weight], ['bias', bias]] as const) {
    if (t !== null && (t.ndim !== 1 || t.shape[0] !== c)) {
      throw new ShapeError(`${who}: ${name} must have shape [${c}] for input ${formatShape(x.shape)}. Received: ${formatShape(t.shape)}.`);
    }
  }
  const useBatch = training || runningMean === null || runningVar === null;
  const m = nb * s;
  if (useBatch && m <= 1) {
    throw new ValueError(`${who}: expected more than 1 value per channel when training. Received: input ${formatShape(x.shape)}; use a batch larger than 1.`);
  }
  if (useBatch) return batchNormWithBatchStats(x, runningMean, runningVar, weight, bias, training, momentum, eps);
  if (!needsGrad(x, ...(weight === null ? [] : [weight]), ...(bias === null ? [] : [bias]))) {
    return batchNormEvalNoGrad(x, runningMean!, runningVar!, weight, bias, eps);
  }
  const src = x.data;
  const mean = new Float64Array(c);
  const invStd = new Float64Array(c);
  // Every loop walks the data in memory order (n, channel, position) with per-channel accumulators.
  if (useBatch) {
    const sum = new Float64Array(c);
    for (let n = 0, i = 0; n < nb; n++) {
      for (let ch = 0; ch < c; ch++) {
        let acc = 0;
        for (let k = 0; k < s; k++) acc += src[i++]!;
        sum[ch]! += acc;
      }
    }
    for (let ch = 0; ch < c; ch++) mean[ch] = sum[ch]! / m;
    const ss = new Float64Array(c);
    for (let n = 0, i = 0; n < nb; n++) {
      for (let ch = 0; ch < c; ch++) {
        const mu = mean[ch]!;
        let acc = 0;
        for (let k = 0; k < s; k++) {
          const d = src[i++]! - mu;
          acc += d * d;
        }
        ss[ch]! += acc;
      }
    }
    for (let ch = 0; ch < c; ch++) {
      invStd[ch] = 1 / Math.sqrt(ss[ch]! / m + eps);
      if (training && runningMean !== null && runningVar !== null) {
        runningMean.data[ch] = (1 - momentum) * runningMean.data[ch]! + momentum * mean[ch]!;
        runningVar.data[ch] = (1 - momentum) * runningVar.data[ch]! + momentum * (ss[ch]! / (m - 1));
      }
    }
  } else {
    for (let ch = 0; ch < c; ch++) {
      mean[ch] = runningMean!.data[ch]!;
      invStd[ch] = 1 / Math.sqrt(runningVar!.data[ch]! + eps);
    }
  }
  const gamma = new Float64Array(c).fill(1);
  const beta = new Float64Array(c);
  if (weight !== null) gamma.set(weight.data);
  if (bias !== null) beta.set(bias.data);
  const xhat = new Float32Array(x.size);
  const out = new Float32Array(x.size);
  for (let n = 0, i = 0; n < nb; n++) {
    for (let ch = 0; ch < c; ch++) {
      const mu = mean[ch]!;
      const r = invStd[ch]!;
      const ga = gamma[ch]!;
      const be = beta[ch]!;
      for (let k = 0; k < s; k++, i++) {
        const h = (src[i]! - mu) * r;
        xhat[i] = h;
        out[i] = h * ga + be;
      }
    }
  }
  const inputs = [x, ...(weight === null ? [] : [weight]), ...(bias === null ? [] : [bias])];
  if (!needsGrad(...inputs)) return new Tensor(out, x.shape);
  return new Tensor(out, x.shape, true, {
    name: 'BatchNormBackward',
    inputs,
    backward: (g) => {
      const gx = x.requiresGrad ? new Float32Array(x.size) : null;
      const sumG = new Float64Array(c);
      const sumGH = new Float64Array(c);
      for (let n = 0, i = 0; n < nb; n++) {
        for (let ch = 0; ch < c; ch++) {
          let a = 0;
          let b = 0;
          for (let k = 0; k < s; k++, i++) {
            a += g[i]!;
            b += g[i]! * xhat[i]!;
          }
          sumG[ch]! += a;
          sumGH[ch]! += b;
        }
      }
      const gw = weight !== null && weight.requiresGrad ? Float32Array.from(sumGH) : null;
      const gb = bias !== null && bias.requiresGrad ? Float32Array.from(sumG) : null;
      if (gx !== null) {
        // Batch statistics depend on x: dx = γ·r·(g − mean(g) − x̂·mean(g·x̂)); running ones do not.
        const scale = new Float64Array(c);
        for (let ch = 0; ch < c; ch++) {
          scale[ch] = gamma[ch]! * invStd[ch]!;
          sumG[ch] = useBatch ? sumG[ch]! / m : 0;
          sumGH[ch] = useBatch ? sumGH[ch]! / m : 0;
        }
        for (let n = 0, i = 0; n < nb; n++) {
          for (let ch = 0; ch < c; ch++) {
            const sc = scale[ch]!;
            const mg = sumG[ch]!;
            const mgh = sumGH[ch]!;
            for (let k = 0; k < s; k++, i++) gx[i] = sc * (g[i]! - mg - xhat[i]! * mgh);
          }
        }
      }
      const grads: (Float32Array | null)[] = [gx];
      if (weight !== null) grads.push(gw);
      if (bias !== null) grads.push(gb);
      return grads;
    },
  });
}

/**
 * The batch-statistics path of `batchNorm` on the compute kernels (native / wasm / ts tier):
 * one forward kernel for the statistics and the normalised output, one backward kernel for dx,
 * dγ and dβ. Running statistics, when given and training, get the unbiased batch variance.
 */
function batchNormWithBatchStats(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight: Tensor | null,
  bias: Tensor | null,
  training: boolean,
  momentum: number,
  eps: number,
): Tensor {
  const kern = kernels();
  const nb = x.shape[0]!;
  const c = x.shape[1]!;
  const s = x.size / (nb * c);
  const m = nb * s;
  const mean = allocFloat32(c); // the kernels write every element of these: no zero-fill
  const variance = allocFloat32(c);
  const out = allocFloat32(x.size);
  kern.batchNormTrain(nb, c, s, x.data, weight?.data ?? null, bias?.data ?? null, eps, out, mean, variance);
  if (training && runningMean !== null && runningVar !== null) updateRunningStats(runningMean.data, runningVar.data, mean, variance, m, momentum);
  const inputs = [x, ...(weight === null ? [] : [weight]), ...(bias === null ? [] : [bias])];
  if (!needsGrad(...inputs)) {
    releaseStorage(mean);
    releaseStorage(variance);
    return new Tensor(out, x.shape);
  }
  return new Tensor(out, x.shape, true, {
    name: 'BatchNormBackward',
    inputs,
    scratch: [mean, variance],
    backward: (g) => {
      const gx = allocFloat32(x.size);
      const gw = weight !== null && weight.requiresGrad ? allocFloat32(c) : null;
      const gb = bias !== null && bias.requiresGrad ? allocFloat32(c) : null;
      kern.batchNormBackward(nb, c, s, x.data, g, weight?.data ?? null, mean, variance, eps, gx, gw, gb);
      const grads: (Float32Array | null)[] = [x.requiresGrad ? gx : null];
      if (weight !== null) grads.push(gw);
      if (bias !== null) grads.push(gb);
      return grads;
    },
  });
}

/**
 * `running = (1 − momentum)·running + momentum·batch` per channel, the variance term unbiased
 * (`variance` is the biased batch variance over `m` values), as PyTorch.
 */
export function updateRunningStats(runningMean: Float32Array, runningVar: Float32Array, mean: Float32Array, variance: Float32Array, m: number, momentum: number): void {
  for (let ch = 0; ch < mean.length; ch++) {
    runningMean[ch] = (1 - momentum) * runningMean[ch]! + momentum * mean[ch]!;
    runningVar[ch] = (1 - momentum) * runningVar[ch]! + momentum * ((variance[ch]! * m) / (m - 1));
  }
}

/** Inference with running statistics and no gradient: one per-channel affine kernel. */
function batchNormEvalNoGrad(x: Tensor, runningMean: Tensor, runningVar: Tensor, weight: Tensor | null, bias: Tensor | null, eps: number): Tensor {
  const nb = x.shape[0]!;
  const c = x.shape[1]!;
  const scale = new Float32Array(c);
  const shift = new Float32Array(c);
  for (let ch = 0; ch < c; ch++) {
    const invStd = 1 / Math.sqrt(runningVar.data[ch]! + eps);
    const sc = (weight === null ? 1 : weight.data[ch]!) * invStd;
    scale[ch] = sc;
    shift[ch] = (bias === null ? 0 : bias.data[ch]!) - runningMean.data[ch]! * sc;
  }
  const out = allocFloat32(x.size);
  kernels().channelAffine(nb, c, x.size / (nb * c), x.data, scale, shift, out);
  return new Tensor(out, x.shape);
}
