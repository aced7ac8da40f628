import { Tensor, type Operand } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { asTensor, expand, planBinary, unbroadcast } from './binary.js';

/**
 * Elementwise `a · b` with broadcasting. Gradient: g·b for a, g·a for b (summed over broadcast dims).
 * @throws ShapeError when the shapes do not broadcast.
 * @example mul(tensor([1, 2]), 3).toArray(); // [3, 6]
 */
export function mul(a: Operand, b: Operand): Tensor {
  const x = asTensor(a);
  const y = asTensor(b);
  const plan = planBinary('mul', x, y);
  const xd = expand(x.data, plan.indexA);
  const yd = expand(y.data, plan.indexB);
  const out = new Float32Array(plan.size);
  for (let i = 0; i < out.length; i++) out[i] = xd[i]! * yd[i]!;
  if (!needsGrad(x, y)) return new Tensor(out, plan.shape);
  return new Tensor(out, plan.shape, true, {
    name: 'MulBackward',
    inputs: [x, y],
    backward: (g) => {
      let gx: Float32Array | null = null;
      let gy: Float32Array | null = null;
      if (x.requiresGrad) {
        const t = new Float32Array(g.length);
        for (let i = 0; i < g.length; i++) t[i] = g[i]! * yd[i]!;
        gx = unbroadcast(t, plan.indexA, x.size);
      }
      if (y.requiresGrad) {
        const t = new Float32Array(g.length);
        for (let i = 0; i < g.length; i++) t[i] = g[i]! * xd[i]!;
        gy = unbroadcast(t, plan.indexB, y.size);
      }
      return [gx, gy];
    },
  });
}
