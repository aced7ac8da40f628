import type { Tensor } from '../tensor.js';
import { unaryOp } from './unary.js';
import { allocZeroedFloat32 } from '../storage.js';

/**
 * Elementwise hyperbolic tangent. Gradient: g·(1 − tanh²(x)) (reusing the output).
 * @example tanh(tensor([0])).toArray(); // [0]
 */
export function tanh(x: Tensor): Tensor {
  return unaryOp(
    'TanhBackward',
    x,
    (src, out) => {
      for (let i = 0; i < src.length; i++) out[i] = Math.tanh(src[i]!);
    },
    (g, _src, out) => {
      const gx = allocZeroedFloat32(g.length);
      for (let i = 0; i < g.length; i++) {
        const t = out[i]!;
        gx[i] = g[i]! * (1 - t * t);
      }
      return gx;
    },
  );
}
