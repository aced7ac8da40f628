import { Tensor, type Operand } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { BLOCK, FULL, applyBinary, asTensor, planBinary, reduceTo, type BinaryKernel } from './binary.js';
import { allocZeroedFloat32 } from '../storage.js';

const subKernel: BinaryKernel = {
  op: 1,
  commutative: false,
  same(a, b, out) {
    for (let i = 0; i < out.length; i++) out[i] = a[i]! - b[i]!;
  },
  block(a, b, out, mid, inner) {
    const n = out.length;
    if (inner === 1) {
      for (let row = 0; row < n; row += mid) {
        for (let m = 0; m < mid; m++) out[row + m] = a[row + m]! - b[m]!;
      }
      return;
    }
    let i = 0;
    while (i < n) {
      for (let m = 0; m < mid; m++) {
        const v = b[m]!;
        const end = i + inner;
        for (; i < end; i++) out[i] = a[i]! - v;
      }
    }
  },
};

/** `−b + a` with a broadcast as a BLOCK, so `1 − p` and `[C] − [N, C]` need no tiling. */
const reverseSubKernel: BinaryKernel = {
  op: 1 | 4, // f(b, a) = a − b: the broadcast operand comes second
  commutative: false,
  same(b, a, out) {
    for (let i = 0; i < out.length; i++) out[i] = a[i]! - b[i]!;
  },
  block(b, a, out, mid, inner) {
    const n = out.length;
    if (inner === 1) {
      for (let row = 0; row < n; row += mid) {
        for (let m = 0; m < mid; m++) out[row + m] = a[m]! - b[row + m]!;
      }
      return;
    }
    let i = 0;
    while (i < n) {
      for (let m = 0; m < mid; m++) {
        const v = a[m]!;
        const end = i + inner;
        for (; i < end; i++) out[i] = v - b[i]!;
      }
    }
  },
};

/**
 * Elementwise `a − b` with broadcasting. Gradient: g for a, −g for b (summed over broadcast dims).
 * @throws ShapeError when the shapes do not broadcast.
 * @example sub(tensor([1, 2]), 1).toArray(); // [0, 1]
 */
export function sub(a: Operand, b: Operand): Tensor {
  const x = asTensor(a);
  const y = asTensor(b);
  const plan = planBinary('sub', x, y);
  const out = plan.a.kind === BLOCK && plan.b.kind === FULL
    ? applyBinary(reverseSubKernel, { shape: plan.shape, size: plan.size, a: plan.b, b: plan.a }, y.data, x.data)
    : applyBinary(subKernel, plan, x.data, y.data);
  if (!needsGrad(x, y)) return new Tensor(out, plan.shape);
  return new Tensor(out, plan.shape, true, {
    name: 'SubBackward',
    inputs: [x, y],
    backward: (g) => {
      let gy: Float32Array | null = null;
      if (y.requiresGrad) {
        const r = reduceTo(g, plan.b, y.size);
        gy = r === g ? allocZeroedFloat32(r.length) : r;
        for (let i = 0; i < r.length; i++) gy[i] = -r[i]!;
      }
      return [x.requiresGrad ? reduceTo(g, plan.a, x.size) : null, gy];
    },
  });
}
