import { ValueError } from '../errors.js';
import type { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { Augment } from './fit.js';

/**
 * Tabular Gaussian noise: adds N(0, std²) to every input value (use on standardised features).
 * Labels unchanged. Applied by `fit` to training batches only.
 * @param options.std noise standard deviation > 0. Default 0.1.
 * @throws ValueError for std ≤ 0.
 * @example fit(model, { ..., augment: gaussianNoise({ std: 0.1 }) });
 */
export function gaussianNoise(options: { std?: number } = {}): Augment {
  const std = options.std ?? 0.1;
  if (!(std > 0)) throw new ValueError(`gaussianNoise: std must be > 0. Received: std=${std}.`);
  return (x, y, g) => {
    const src = x.data;
    const out = new Float32Array(src.length);
    const z = new Float64Array(src.length);
    g.fillNormal(z); // the values of one normal() per element
    for (let i = 0; i < out.length; i++) out[i] = src[i]! + std * z[i]!;
    return { x: new Tensor(out, x.shape), y };
  };
}

/**
 * Mixup (Zhang et al., 2018): each batch is mixed with a shuffled copy of itself,
 * x̃ = λx + (1−λ)x′, ỹ = λy + (1−λ)y′ with one λ ~ Beta(α, α) per batch. Targets become soft
 * labels (fine for BCE-with-logits and MSE).
 * @param options.alpha Beta parameter > 0. Default 0.2.
 * @throws ValueError for alpha ≤ 0.
 * @example fit(model, { ..., augment: mixup({ alpha: 0.2 }) });
 */
export function mixup(options: { alpha?: number } = {}): Augment {
  const alpha = options.alpha ?? 0.2;
  if (!(alpha > 0)) throw new ValueError(`mixup: alpha must be > 0. Received: alpha=${alpha}.`);
  return (x, y, g) => {
    const n = x.shape[0]!;
    const a = sampleGamma(alpha, g);
    const lambda = a / (a + sampleGamma(alpha, g));
    const perm = g.permutation(n);
    return { x: mixRows(x, perm, lambda), y: mixRows(y, perm, lambda) };
  };
}

/** Apply several augmentations in order. */
export function composeAugment(...steps: Augment[]): Augment {
  return (x, y, g) => {
    let cur = { x, y };
    for (const step of steps) cur = step(cur.x, cur.y, g);
    return cur;
  };
}

function mixRows(t: Tensor, perm: Int32Array, lambda: number): Tensor {
  const rowSize = t.size / t.shape[0]!;
  const out = new Float32Array(t.size);
  const d = t.data;
  for (let r = 0; r < perm.length; r++) {
    const a = r * rowSize;
    const b = perm[r]! * rowSize;
    for (let k = 0; k < rowSize; k++) out[a + k] = lambda * d[a + k]! + (1 - lambda) * d[b + k]!;
  }
  return new Tensor(out, t.shape);
}

/** Gamma(shape, 1) variate (Marsaglia & Tsang, 2000; boosted for shape < 1). */
export function sampleGamma(shape: number, g: Generator): number {
  if (shape < 1) return sampleGamma(shape + 1, g) * Math.pow(1 - g.random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = g.normal();
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - g.random();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}
