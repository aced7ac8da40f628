import type { Tensor } from '../tensor.js';
import { unaryOp } from './unary.js';
import { allocZeroedFloat32 } from '../storage.js';

/**
 * Elementwise negation `−x`. Gradient: −g.
 * @example neg(tensor([1, -2])).toArray(); // [-1, 2]
 */
export function neg(x: Tensor): Tensor {
  return unaryOp(
    'NegBackward',
    x,
    (src, out) => {
      for (let i = 0; i < src.length; i++) out[i] = -src[i]!;
    },
    (g) => {
      const gx = allocZeroedFloat32(g.length);
      for (let i = 0; i < g.length; i++) gx[i] = -g[i]!;
      return gx;
    },
  );
}
