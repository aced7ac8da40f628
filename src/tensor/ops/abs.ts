import type { Tensor } from '../tensor.js';
import { unaryOp } from './unary.js';
import { allocZeroedFloat32 } from '../storage.js';

/**
 * Elementwise absolute value. Gradient: g·sign(x), 0 at x = 0 and at NaN (PyTorch's choice).
 * @example abs(tensor([-1, 2])).toArray(); // [1, 2]
 */
export function abs(x: Tensor): Tensor {
  return unaryOp(
    'AbsBackward',
    x,
    (src, out) => {
      for (let i = 0; i < src.length; i++) out[i] = Math.abs(src[i]!);
    },
    (g, src) => {
      const gx = allocZeroedFloat32(g.length);
      for (let i = 0; i < g.length; i++) {
        const v = src[i]!;
        gx[i] = v > 0 ? g[i]! : v < 0 ? -g[i]! : 0;
      }
      return gx;
    },
  );
}
