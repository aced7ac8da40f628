import { kernels } from '../../kernels/kernels.js';
import type { Tensor } from '../tensor.js';
import { unaryOp } from './unary.js';
import { allocFloat32 } from '../storage.js';

/**
 * Rectified linear unit, `max(x, 0)`. Gradient: g where x > 0, else 0 (PyTorch's choice at 0).
 * @example relu(tensor([-1, 2])).toArray(); // [0, 2]
 */
export function relu(x: Tensor): Tensor {
  return unaryOp(
    'ReluBackward',
    x,
    (src, out) => kernels().relu(src.length, src, out),
    (g, _src, out) => {
      const gx = allocFloat32(g.length);
      kernels().reluBackward(g.length, out, g, gx);
      return gx;
    },
  );
}
