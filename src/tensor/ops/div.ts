import { Tensor, type Operand } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { applyBinary, applyToOutput, asTensor, planBinary, reduceProduct, reduceTo, type BinaryKernel } from './binary.js';
import { allocFloat32 } from '../storage.js';

const divKernel: BinaryKernel = {
  op: 3,
  commutative: false,
  same(a, b, out) {
    for (let i = 0; i < out.length; i++) out[i] = a[i]! / b[i]!;
  },
  block(a, b, out, mid, inner) {
    const n = out.length;
    if (inner === 1) {
      for (let row = 0; row < n; row += mid) {
        for (let m = 0; m < mid; m++) out[row + m] = a[row + m]! / b[m]!;
      }
      return;
    }
    let i = 0;
    while (i < n) {
      for (let m = 0; m < mid; m++) {
        const v = b[m]!;
        const end = i + inner;
        for (; i < end; i++) out[i] = a[i]! / v;
      }
    }
  },
};

/**
 * Elementwise `a / b` with broadcasting (IEEE: x/0 = ±Infinity, 0/0 = NaN, as PyTorch).
 * Gradient: g/b for a, −g·a/b² = −g·out/b for b (summed over broadcast dims).
 * @throws ShapeError when the shapes do not broadcast.
 * @example div(tensor([2, 4]), 2).toArray(); // [1, 2]
 */
export function div(a: Operand, b: Operand): Tensor {
  const x = asTensor(a);
  const y = asTensor(b);
  const plan = planBinary('div', x, y);
  const out = applyBinary(divKernel, plan, x.data, y.data);
  if (!needsGrad(x, y)) return new Tensor(out, plan.shape);
  return new Tensor(out, plan.shape, true, {
    name: 'DivBackward',
    inputs: [x, y],
    backward: (g) => {
      let gx: Float32Array | null = null;
      let gy: Float32Array | null = null;
      if (x.requiresGrad) {
        gx = reduceTo(applyToOutput(divKernel, g, y.data, plan.b, allocFloat32(g.length)), plan.a, x.size);
      }
      if (y.requiresGrad) {
        // −Σ g·out/b = −(Σ g·out)/b over each element of b, since b is constant over its broadcast.
        gy = reduceProduct(g, out, plan.b, y.size);
        const yd = y.data;
        for (let m = 0; m < gy.length; m++) gy[m] = -gy[m]! / yd[m]!;
      }
      return [gx, gy];
    },
  });
}
