import { Tensor, type Operand } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { FULL, applyBinary, applyToOutput, asTensor, planBinary, reduceProduct, tile, untile, type BinaryKernel, type Broadcast } from './binary.js';
import { allocFloat32 } from '../storage.js';

/** Elementwise product loops (shared with ops whose gradients are products). */
export const mulKernel: BinaryKernel = {
  op: 2,
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
    backward: (g) => [
      x.requiresGrad ? productGrad(g, y.data, plan.b, plan.a, x.size) : null,
      y.requiresGrad ? productGrad(g, x.data, plan.a, plan.b, y.size) : null,
    ],
  });
}

/** Gradient of one factor: g times the other factor, summed back over this factor's broadcast. */
function productGrad(g: Float32Array, other: Float32Array, otherB: Broadcast, selfB: Broadcast, selfSize: number): Float32Array {
  if (selfB.kind === FULL) return applyToOutput(mulKernel, g, other, otherB, allocFloat32(g.length));
  const tiled = tile(other, otherB, g.length);
  const grad = reduceProduct(g, tiled, selfB, selfSize);
  untile(tiled, other);
  return grad;
}
