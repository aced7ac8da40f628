import type { Tensor } from '../tensor.js';
import { unaryOp } from './unary.js';

/**
 * Rectified linear unit, `max(x, 0)`. Gradient: g where x > 0, else 0 (PyTorch's choice at 0).
 * @example relu(tensor([-1, 2])).toArray(); // [0, 2]
 */
export function relu(x: Tensor): Tensor {
  return unaryOp(
    'ReluBackward',
    x,
    (src, out) => {
      for (let i = 0; i < src.length; i++) out[i] = src[i]! > 0 ? src[i]! : 0;
    },
    (g, _src, out) => {
      const gx = new Float32Array(g.length);
      for (let i = 0; i < g.length; i++) gx[i] = out[i]! > 0 ? g[i]! : 0;
      return gx;
    },
  );
}
