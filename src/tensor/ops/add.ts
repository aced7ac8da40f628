import { Tensor, type Operand } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { applyBinary, asTensor, planBinary, reduceTo, type BinaryKernel } from './binary.js';

const addKernel: BinaryKernel = {
  op: 0,
  commutative: true,
  same(a, b, out) {
    for (let i = 0; i < out.length; i++) out[i] = a[i]! + b[i]!;
  },
  block(a, b, out, mid, inner) {
    const n = out.length;
    if (inner === 1) {
      for (let row = 0; row < n; row += mid) {
        for (let m = 0; m < mid; m++) out[row + m] = a[row + m]! + b[m]!;
      }
      return;
    }
    let i = 0;
    while (i < n) {
      for (let m = 0; m < mid; m++) {
        const v = b[m]!;
        const end = i + inner;
        for (; i < end; i++) out[i] = a[i]! + v;
      }
    }
  },
};

/**
 * Elementwise `a + b` with broadcasting. Gradient: the output gradient, summed over broadcast dims.
 * @throws ShapeError when the shapes do not broadcast.
 * @example add(tensor([1, 2]), 1).toArray(); // [2, 3]
 */
export function add(a: Operand, b: Operand): Tensor {
  const x = asTensor(a);
  const y = asTensor(b);
  const plan = planBinary('add', x, y);
  const out = applyBinary(addKernel, plan, x.data, y.data);
  if (!needsGrad(x, y)) return new Tensor(out, plan.shape);
  return new Tensor(out, plan.shape, true, {
    name: 'AddBackward',
    inputs: [x, y],
    backward: (g) => [
      x.requiresGrad ? reduceTo(g, plan.a, x.size) : null,
      y.requiresGrad ? reduceTo(g, plan.b, y.size) : null,
    ],
  });
}
