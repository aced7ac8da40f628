import { ValueError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { needsGrad } from '../../tensor/autograd.js';
import { releaseStorage } from '../../tensor/storage.js';

/** How a loss reduces its per-element values (PyTorch's `reduction`). */
export type Reduction = 'mean' | 'sum' | 'none';

/**
 * Check a `reduction` argument at the public boundary.
 * @throws ValueError naming the caller when it is not 'mean', 'sum' or 'none'.
 */
export function checkReduction(reduction: string, who: string): Reduction {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new ValueError(`${who}: reduction must be 'mean', 'sum' or 'none'. Received: reduction='${reduction}'.`);
  }
  return reduction;
}

/**
 * Package per-element loss values as one autograd node with the requested reduction.
 * `dInput` / `dTarget` compute ∂lossᵢ/∂inputᵢ and ∂lossᵢ/∂targetᵢ when backward runs (only
 * for the operands that require grad). `mean` divides by the element count (NaN when empty,
 * as PyTorch).
 */
export function elementwiseLoss(
  name: string,
  input: Tensor,
  target: Tensor | null,
  loss: Float32Array,
  reduction: Reduction,
  dInput: () => Float32Array,
  dTarget: (() => Float32Array) | null = null,
): Tensor {
  let out: Float32Array;
  let shape: readonly number[];
  if (reduction === 'none') {
    out = loss;
    shape = input.shape;
  } else {
    let s = 0;
    for (let i = 0; i < loss.length; i++) s += loss[i]!;
    out = Float32Array.of(reduction === 'mean' ? s / loss.length : s);
    shape = [];
    releaseStorage(loss); // read once: pool storage goes back (an array the pool did not issue is left alone)
  }
  const inputs = target === null ? [input] : [input, target];
  if (!needsGrad(...inputs)) return new Tensor(out, shape);
  const n = loss.length;
  const scale = (d: Float32Array, g: Float32Array): Float32Array => {
    if (reduction === 'none') {
      for (let i = 0; i < n; i++) d[i]! *= g[i]!;
    } else {
      const c = reduction === 'mean' ? g[0]! / n : g[0]!;
      for (let i = 0; i < n; i++) d[i]! *= c;
    }
    return d;
  };
  return new Tensor(out, shape, true, {
    name,
    inputs,
    backward: (g) => [
      input.requiresGrad ? scale(dInput(), g) : null,
      target !== null && target.requiresGrad && dTarget !== null ? scale(dTarget(), g) : null,
    ],
  });
}
