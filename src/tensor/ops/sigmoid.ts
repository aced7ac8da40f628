import type { Tensor } from '../tensor.js';
import { unaryOp } from './unary.js';
import { allocZeroedFloat32 } from '../storage.js';

/**
 * Logistic sigmoid `1 / (1 + e⁻ˣ)`, computed without overflow: for x < 0 as `eˣ / (1 + eˣ)`, so
 * large negative inputs give tiny positives rather than 0/0. Gradient: g·σ(x)·(1 − σ(x)).
 * @example sigmoid(tensor([0])).toArray(); // [0.5]
 */
export function sigmoid(x: Tensor): Tensor {
  return unaryOp(
    'SigmoidBackward',
    x,
    (src, out) => {
      for (let i = 0; i < src.length; i++) {
        const v = src[i]!;
        if (v >= 0) {
          out[i] = 1 / (1 + Math.exp(-v));
        } else {
          const e = Math.exp(v);
          out[i] = e / (1 + e);
        }
      }
    },
    (g, _src, out) => {
      const gx = allocZeroedFloat32(g.length);
      for (let i = 0; i < g.length; i++) {
        const s = out[i]!;
        gx[i] = g[i]! * s * (1 - s);
      }
      return gx;
    },
  );
}
