import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Scale gradients in place so their global L2 norm is at most `maxNorm` (PyTorch's
 * `clip_grad_norm_`: coefficient maxNorm / (norm + 1e-6), applied only when below 1).
 * @param parameters tensors whose `grad` to clip (null grads are skipped).
 * @param maxNorm positive maximum norm.
 * @returns the total norm before clipping.
 * @throws ValueError when maxNorm is not positive.
 * @example clipGradNorm(model.parameters(), 1.0);
 */
export function clipGradNorm(parameters: Iterable<Tensor>, maxNorm: number): number {
  if (!(maxNorm > 0)) throw new ValueError(`clipGradNorm: maxNorm must be > 0. Received: maxNorm=${maxNorm}.`);
  const grads: Float32Array[] = [];
  let sq = 0;
  for (const p of parameters) {
    if (p.grad === null) continue;
    const g = p.grad.data;
    grads.push(g);
    for (let i = 0; i < g.length; i++) sq += g[i]! * g[i]!;
  }
  const norm = Math.sqrt(sq);
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1) for (const g of grads) for (let i = 0; i < g.length; i++) g[i]! *= coef;
  return norm;
}
