import type { Tensor } from '../tensor.js';
import { unaryOp } from './unary.js';
import { allocZeroedFloat32 } from '../storage.js';

/**
 * Elementwise exponential `eˣ` (overflows to Infinity above ~88.7 in float32, as PyTorch).
 * Gradient: g·eˣ (reusing the output).
 * @example exp(tensor([0, 1])).toArray(); // [1, 2.7182817]
 */
export function exp(x: Tensor): Tensor {
  return unaryOp(
    'ExpBackward',
    x,
    (src, out) => {
      for (let i = 0; i < src.length; i++) out[i] = Math.exp(src[i]!);
    },
    (g, _src, out) => {
      const gx = allocZeroedFloat32(g.length);
      for (let i = 0; i < g.length; i++) gx[i] = g[i]! * out[i]!;
      return gx;
    },
  );
}
