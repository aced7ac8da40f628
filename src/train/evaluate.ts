import { ValueError } from '../errors.js';
import { getMetric } from '../metrics/registry.js';
import { noGrad } from '../tensor/autograd.js';
import type { Tensor } from '../tensor/tensor.js';

/** How raw model outputs become scores: sigmoid (binary logits), softmax, or as they are. */
export type OutputActivation = 'sigmoid' | 'identity';

/** Loss of `outputs` against `target` without recording gradients. */
export function evaluateLoss(lossFn: (input: Tensor, target: Tensor) => Tensor, outputs: Tensor, target: Tensor): number {
  return noGrad(() => lossFn(outputs, target)).item();
}

/** Binary scores from outputs shaped [N] or [N, 1]. */
export function binaryScores(outputs: Tensor, activation: OutputActivation): Float64Array {
  if (!(outputs.ndim === 1 || (outputs.ndim === 2 && outputs.shape[1] === 1))) {
    throw new ValueError(`fit: validation metrics need binary outputs of shape [N] or [N, 1]. Received: [${outputs.shape.join(', ')}].`);
  }
  const out = new Float64Array(outputs.size);
  const d = outputs.data;
  for (let i = 0; i < out.length; i++) out[i] = activation === 'sigmoid' ? 1 / (1 + Math.exp(-d[i]!)) : d[i]!;
  return out;
}

/** Compute the named registry metrics on binary outputs. */
export function validationMetrics(names: string[], outputs: Tensor, target: Tensor, activation: OutputActivation): Record<string, number> {
  const result: Record<string, number> = {};
  if (names.length === 0) return result;
  const scores = binaryScores(outputs, activation);
  for (const name of names) result[name] = getMetric(name).fn(target.data, scores);
  return result;
}
