import { ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { unaryOp } from '../../tensor/ops/unary.js';
import { erfc } from './erf.js';

/** Which GELU formula: the exact one ('none', PyTorch's default) or the tanh approximation. */
export type GeluApproximate = 'none' | 'tanh';

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;
const K = Math.sqrt(2 / Math.PI);
const C = 0.044715;

/**
 * Gaussian error linear unit (Hendrycks & Gimpel, 2016; PyTorch's `F.gelu`):
 * 'none': `x·Φ(x)` with Φ the standard normal CDF, computed as ½·erfc(−x/√2) in double precision
 * (accurate in the left tail); gradient Φ(x) + x·φ(x).
 * 'tanh': `½x·(1 + tanh(√(2/π)·(x + 0.044715x³)))` and its exact derivative.
 * @param x input, any shape.
 * @param approximate 'none' (default) or 'tanh'.
 * @throws ValueError for another `approximate`.
 * @example gelu(tensor([1])).item(); // 0.8413447
 */
export function gelu(x: Tensor, approximate: GeluApproximate = 'none'): Tensor {
  checkApproximate(approximate, 'gelu');
  if (approximate === 'tanh') {
    return unaryOp(
      'GeluBackward',
      x,
      (src, out) => {
        for (let i = 0; i < src.length; i++) {
          const v = src[i]!;
          out[i] = 0.5 * v * (1 + Math.tanh(K * (v + C * v * v * v)));
        }
      },
      (g, src) => {
        const gx = new Float32Array(g.length);
        for (let i = 0; i < g.length; i++) {
          const v = src[i]!;
          const th = Math.tanh(K * (v + C * v * v * v));
          gx[i] = g[i]! * (0.5 * (1 + th) + 0.5 * v * (1 - th * th) * K * (1 + 3 * C * v * v));
        }
        return gx;
      },
    );
  }
  return unaryOp(
    'GeluBackward',
    x,
    (src, out) => {
      for (let i = 0; i < src.length; i++) {
        const v = src[i]!;
        out[i] = v * 0.5 * erfc(-v * SQRT1_2);
      }
    },
    (g, src) => {
      const gx = new Float32Array(g.length);
      for (let i = 0; i < g.length; i++) {
        const v = src[i]!;
        gx[i] = g[i]! * (0.5 * erfc(-v * SQRT1_2) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v));
      }
      return gx;
    },
  );
}

/** @throws ValueError unless `approximate` is 'none' or 'tanh'. */
export function checkApproximate(approximate: string, who: string): void {
  if (approximate !== 'none' && approximate !== 'tanh') {
    throw new ValueError(`${who}: approximate must be 'none' or 'tanh'. Received: approximate='${approximate}'.`);
  }
}
