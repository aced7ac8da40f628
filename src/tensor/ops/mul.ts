import { Tensor, type Operand } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { applyBinary, applyToOutput, asTensor, planBinary, reduceTo, type BinaryKernel } from './binary.js';

/** Elementwise product loops (shared with ops whose gradients are products). */
export const mulKernel: BinaryKernel = {
  commutative: true,
  same(a, b, out) {
    for (let i = 0; i < out.length; i++) out[i] = a[i]! * b[i]!;
  },
  block(a, b, out, mid, inner) {
    const n = out.length;
    if (inner === 1) {
      for (let row = 0; row < n; row += mid) {
        for (let m = 0; m < mid; m++) out[row + m] = a[row + m]! * b[m]!;
      }
      return;
    }
    let i = 0;
    while (i < n) {
      for (let m = 0; m < mid; m++) {
        const v = b[m]!;
        const end = i + inner;
        for (; i < end; i++) out[i] = a[i]! * v;
      }
    }
  },
};

/**
 * Elementwise `a · b` with broadcasting. Gradient: g·b for a, g·a for b (summed over broadcast dims).
 * @throws ShapeError when the shapes do not broadcast.
 * @example mul(tensor([1, 2]), 3).toArray(); // [3, 6]
 */
export function mul(a: Operand, b: Operand): Tensor {
  const x = asTensor(a);
  const y = asTensor(b);
  const plan = planBinary('mul', x, y);
  const out = applyBinary(mulKernel, plan, x.data, y.data);
  if (!needsGrad(x, y)) return new Tensor(out, plan.shape);
  return new Tensor(out, plan.shape, true, {
    name: 'MulBackward',
    inputs: [x, y],
    backward: (g) => {
      const gx = x.requiresGrad
        ? reduceTo(applyToOutput(mulKernel, g, y.data, plan.b, new Float32Array(g.length)), plan.a, x.size)
        : null;
      const gy = y.requiresGrad
        ? reduceTo(applyToOutput(mulKernel, g, x.data, plan.a, new Float32Array(g.length)), plan.b, y.size)
        : null;
      return [gx, gy];
    },
  });
}
