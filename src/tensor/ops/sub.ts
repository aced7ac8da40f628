import { Tensor, type Operand } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { asTensor, expand, planBinary, unbroadcast } from './binary.js';

/**
 * Elementwise `a − b` with broadcasting. Gradient: g for a, −g for b (summed over broadcast dims).
 * @throws ShapeError when the shapes do not broadcast.
 * @example sub(tensor([1, 2]), 1).toArray(); // [0, 1]
 */
export function sub(a: Operand, b: Operand): Tensor {
  const x = asTensor(a);
  const y = asTensor(b);
  const plan = planBinary('sub', x, y);
  const xd = expand(x.data, plan.indexA);
  const yd = expand(y.data, plan.indexB);
  const out = new Float32Array(plan.size);
  for (let i = 0; i < out.length; i++) out[i] = xd[i]! - yd[i]!;
  if (!needsGrad(x, y)) return new Tensor(out, plan.shape);
  return new Tensor(out, plan.shape, true, {
    name: 'SubBackward',
    inputs: [x, y],
    backward: (g) => {
      let gy: Float32Array | null = null;
      if (y.requiresGrad) {
        const neg = new Float32Array(g.length);
        for (let i = 0; i < g.length; i++) neg[i] = -g[i]!;
        gy = unbroadcast(neg, plan.indexB, y.size);
      }
      return [x.requiresGrad ? unbroadcast(g, plan.indexA, x.size) : null, gy];
    },
  });
}
