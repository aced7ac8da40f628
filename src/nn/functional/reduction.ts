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
    out = Float32Array.of(reducedLoss(loss, reduction));
    shape = [];
    releaseStorage(loss); // read once: pool storage goes back (an array the pool did not issue is left alone)
  }
  const inputs = target === null ? [input] : [input, target];
  if (!needsGrad(...inputs)) return new Tensor(out, shape);
  const n = loss.length;
  const scale = (d: Float32Array, g: Float32Array): Float32Array => {
    if (reduction === 'none') {
      for (let i = 0; i < n; i++) d[i]! *= g[i]!;
    } else scaleReducedGrad(d, g[0]!, reduction);
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

/**
 * The reduced loss before it is stored as float32: the sum of `loss` in order, divided by its
 * length for 'mean' (NaN when empty). Internal to clinreg (elementwiseLoss and the fused training step).
 */
export function reducedLoss(loss: Float32Array, reduction: 'mean' | 'sum'): number {
  let s = 0;
  for (let i = 0; i < loss.length; i++) s += loss[i]!;
  return reduction === 'mean' ? s / loss.length : s;
}

/** Per-element gradients `d` times the reduction's factor for the output gradient `g` (g/n for 'mean'), in place. Internal to clinreg. */
export function scaleReducedGrad(d: Float32Array, g: number, reduction: 'mean' | 'sum'): void {
  const c = reduction === 'mean' ? g / d.length : g;
  for (let i = 0; i < d.length; i++) d[i]! *= c;
}
