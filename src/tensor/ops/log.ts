import type { Tensor } from '../tensor.js';
import { unaryOp } from './unary.js';
import { allocZeroedFloat32 } from '../storage.js';

/**
 * Elementwise natural logarithm (IEEE: log 0 = −Infinity, log of a negative number = NaN, as
 * PyTorch). Gradient: g / x.
 * @example log(tensor([1, Math.E])).toArray(); // [0, 1]
 */
export function log(x: Tensor): Tensor {
  return unaryOp(
    'LogBackward',
    x,
    (src, out) => {
      for (let i = 0; i < src.length; i++) out[i] = Math.log(src[i]!);
    },
    (g, src) => {
      const gx = allocZeroedFloat32(g.length);
      for (let i = 0; i < g.length; i++) gx[i] = g[i]! / src[i]!;
      return gx;
    },
  );
}
