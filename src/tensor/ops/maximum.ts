import { Tensor, type Operand } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { asTensor, planBinary, reduceTo, tile } from './binary.js';
import { allocZeroedFloat32 } from '../storage.js';

function extremeOf(op: 'maximum' | 'minimum', a: Operand, b: Operand): Tensor {
  const x = asTensor(a);
  const y = asTensor(b);
  const plan = planBinary(op, x, y);
  const size = plan.size;
  const xd = tile(x.data, plan.a, size);
  const yd = tile(y.data, plan.b, size);
  const out = allocZeroedFloat32(size);
  // NaN propagates from either side (v !== v), as PyTorch.
  if (op === 'maximum') {
    for (let i = 0; i < size; i++) {
      const u = xd[i]!;
      const v = yd[i]!;
      out[i] = u > v || u !== u ? u : v;
    }
  } else {
    for (let i = 0; i < size; i++) {
      const u = xd[i]!;
      const v = yd[i]!;
      out[i] = u < v || u !== u ? u : v;
    }
  }
  if (!needsGrad(x, y)) return new Tensor(out, plan.shape);
  const sign = op === 'maximum' ? 1 : -1;
  return new Tensor(out, plan.shape, true, {
    name: op === 'maximum' ? 'MaximumBackward' : 'MinimumBackward',
    inputs: [x, y],
    backward: (g) => {
      // Winner takes g; a tie splits it in half (PyTorch ≥ 1.7).
      const gx = x.requiresGrad ? allocZeroedFloat32(size) : null;
      const gy = y.requiresGrad ? allocZeroedFloat32(size) : null;
      for (let i = 0; i < size; i++) {
        const diff = sign * (xd[i]! - yd[i]!);
        const share = diff > 0 ? 1 : diff < 0 ? 0 : diff === 0 ? 0.5 : NaN;
        if (gx !== null) gx[i] = share === share ? g[i]! * share : g[i]!;
        if (gy !== null) gy[i] = share === share ? g[i]! * (1 - share) : g[i]!;
      }
      return [gx === null ? null : reduceTo(gx, plan.a, x.size), gy === null ? null : reduceTo(gy, plan.b, y.size)];
    },
  });
}

/**
 * Elementwise larger of `a` and `b` with broadcasting (PyTorch's `torch.maximum`; NaN propagates).
 * Gradient: g to the larger input, split in half on ties (PyTorch).
 * @throws ShapeError when the shapes do not broadcast.
 * @example maximum(tensor([1, 5]), tensor([3, 2])).toArray(); // [3, 5]
 */
export function maximum(a: Operand, b: Operand): Tensor {
  return extremeOf('maximum', a, b);
}

/**
 * Elementwise smaller of `a` and `b` with broadcasting (PyTorch's `torch.minimum`; NaN propagates).
 * Gradient: g to the smaller input, split in half on ties (PyTorch).
 * @throws ShapeError when the shapes do not broadcast.
 * @example minimum(tensor([1, 5]), tensor([3, 2])).toArray(); // [1, 2]
 */
export function minimum(a: Operand, b: Operand): Tensor {
  return extremeOf('minimum', a, b);
}
