import { ValueError } from '../../errors.js';
import type { Tensor } from '../tensor.js';
import { unaryOp } from './unary.js';
import { allocZeroedFloat32 } from '../storage.js';

/**
 * Elementwise clamp into `[min, max]` (PyTorch's `torch.clamp`; NaN stays NaN). Either bound may be
 * left out. Gradient: g where `min ≤ x ≤ max` (bounds included, as PyTorch), else 0.
 * @param x input tensor.
 * @param min lower bound. Default: none.
 * @param max upper bound. Default: none.
 * @throws ValueError when neither bound is given, a bound is NaN, or `min > max` (PyTorch would
 * silently return `max` everywhere).
 * @example clamp(tensor([-2, 0.5, 3]), 0, 1).toArray(); // [0, 0.5, 1]
 */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  if (min === undefined && max === undefined) {
    throw new ValueError('clamp: at least one of min or max must be given. Received: min=undefined, max=undefined.');
  }
  if (Number.isNaN(min) || Number.isNaN(max)) {
    throw new ValueError(`clamp: bounds must not be NaN. Received: min=${min}, max=${max}.`);
  }
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  if (lo > hi) {
    throw new ValueError(`clamp: min must be ≤ max. Received: min=${lo}, max=${hi}; swap them.`);
  }
  return unaryOp(
    'ClampBackward',
    x,
    (src, out) => {
      for (let i = 0; i < src.length; i++) {
        const v = src[i]!;
        out[i] = v < lo ? lo : v > hi ? hi : v;
      }
    },
    (g, src) => {
      const gx = allocZeroedFloat32(g.length);
      for (let i = 0; i < g.length; i++) {
        const v = src[i]!;
        gx[i] = v >= lo && v <= hi ? g[i]! : 0;
      }
      return gx;
    },
  );
}
