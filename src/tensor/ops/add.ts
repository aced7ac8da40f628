import { Tensor, type Operand } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { asTensor, expand, planBinary, unbroadcast } from './binary.js';

/**
 * Elementwise `a + b` with broadcasting. Gradient: the output gradient, summed over broadcast dims.
 * @throws ShapeError when the shapes do not broadcast.
 * @example add(tensor([1, 2]), 1).toArray(); // [2, 3]
 */
export function add(a: Operand, b: Operand): Tensor {
  const x = asTensor(a);
  const y = asTensor(b);
  const plan = planBinary('add', x, y);
  const xd = expand(x.data, plan.indexA);
  const yd = expand(y.data, plan.indexB);
  const out = new Float32Array(plan.size);
  for (let i = 0; i < out.length; i++) out[i] = xd[i]! + yd[i]!;
  if (!needsGrad(x, y)) return new Tensor(out, plan.shape);
  return new Tensor(out, plan.shape, true, {
    name: 'AddBackward',
    inputs: [x, y],
    backward: (g) => [
      x.requiresGrad ? unbroadcast(g, plan.indexA, x.size) : null,
      y.requiresGrad ? unbroadcast(g, plan.indexB, y.size) : null,
    ],
  });
}
