import type { Tensor } from '../tensor.js';
import { unaryOp } from './unary.js';
import { allocZeroedFloat32 } from '../storage.js';

/**
 * Elementwise square root (NaN for negative inputs, as PyTorch). Gradient: g / (2·√x)
 * (Infinity at 0, as PyTorch).
 * @example sqrt(tensor([4, 9])).toArray(); // [2, 3]
 */
export function sqrt(x: Tensor): Tensor {
  return unaryOp(
    'SqrtBackward',
    x,
    (src, out) => {
      for (let i = 0; i < src.length; i++) out[i] = Math.sqrt(src[i]!);
    },
    (g, _src, out) => {
      const gx = allocZeroedFloat32(g.length);
      for (let i = 0; i < g.length; i++) gx[i] = g[i]! / (2 * out[i]!);
      return gx;
    },
  );
}
