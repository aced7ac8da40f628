import type { Tensor } from '../tensor/tensor.js';

/**
 * The first problem that makes a state dict unusable for prediction: a NaN or ±Inf value in any
 * parameter or buffer, or a negative BatchNorm running variance (its square root would be NaN).
 * @param entries state-dict entries (name → tensor).
 * @returns a sentence naming the tensor, the position and the value, or undefined when all is well.
 */
export function stateProblem(entries: Iterable<[string, Tensor]>): string | undefined {
  for (const [name, t] of entries) {
    const d = t.data;
    const isVariance = name === 'running_var' || name.endsWith('.running_var');
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      if (v - v !== 0) return `tensor '${name}' holds ${v} at index ${i}`;
      if (isVariance && v < 0) return `tensor '${name}' (a BatchNorm running variance) holds the negative value ${v} at index ${i}`;
    }
  }
  return undefined;
}
