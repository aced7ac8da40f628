import { Tensor, type Operand } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { broadcastShapes, sizeOf } from '../shape.js';
import { asTensor, planBroadcast, reduceTo, tile } from './binary.js';
import { allocZeroedFloat32 } from '../storage.js';

/**
 * Elementwise choice: `a` where `condition` is non-zero, else `b`, all three broadcast together
 * (PyTorch's `torch.where`; a NaN condition counts as true, as `bool(nan)` does).
 * Gradient: g to `a` where chosen, to `b` elsewhere (summed over broadcast dims); none to the condition.
 * @param condition mask tensor (any non-zero value selects `a`).
 * @param a values where the condition holds (tensor or number).
 * @param b values elsewhere (tensor or number).
 * @throws ShapeError when the three shapes do not broadcast.
 * @example where(tensor([1, 0]), tensor([1, 2]), 0).toArray(); // [1, 0]
 */
export function where(condition: Tensor, a: Operand, b: Operand): Tensor {
  const x = asTensor(a);
  const y = asTensor(b);
  const shape = broadcastShapes(broadcastShapes(condition.shape, x.shape, 'where'), y.shape, 'where');
  const size = sizeOf(shape);
  const pc = planBroadcast(shape, condition.shape);
  const px = planBroadcast(shape, x.shape);
  const py = planBroadcast(shape, y.shape);
  const c = tile(condition.data, pc, size);
  const xd = tile(x.data, px, size);
  const yd = tile(y.data, py, size);
  const out = allocZeroedFloat32(size);
  for (let i = 0; i < size; i++) out[i] = c[i] !== 0 ? xd[i]! : yd[i]!;
  if (!needsGrad(x, y)) return new Tensor(out, shape);
  return new Tensor(out, shape, true, {
    name: 'WhereBackward',
    inputs: [x, y],
    backward: (g) => {
      let gx: Float32Array | null = null;
      let gy: Float32Array | null = null;
      if (x.requiresGrad) {
        const t = allocZeroedFloat32(size);
        for (let i = 0; i < size; i++) if (c[i] !== 0) t[i] = g[i]!;
        gx = reduceTo(t, px, x.size);
      }
      if (y.requiresGrad) {
        const t = allocZeroedFloat32(size);
        for (let i = 0; i < size; i++) if (c[i] === 0) t[i] = g[i]!;
        gy = reduceTo(t, py, y.size);
      }
      return [gx, gy];
    },
  });
}
