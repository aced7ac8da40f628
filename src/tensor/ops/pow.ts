import { ValueError } from '../../errors.js';
import type { Tensor } from '../tensor.js';
import { unaryOp } from './unary.js';
import { allocZeroedFloat32 } from '../storage.js';

/**
 * Elementwise power `xᵉ` with a number exponent (PyTorch's `torch.pow(x, exponent)`; a negative
 * base with a fractional exponent gives NaN). Gradient: g·e·xᵉ⁻¹, and 0 when e = 0 (PyTorch).
 * @param x base tensor.
 * @param exponent the power, any number (squares and square roots take exact fast paths).
 * @throws ValueError when `exponent` is not a number.
 * @example pow(tensor([2, 3]), 2).toArray(); // [4, 9]
 */
export function pow(x: Tensor, exponent: number): Tensor {
  if (typeof exponent !== 'number') {
    throw new ValueError(`pow: exponent must be a number. Received: exponent=${String(exponent)}.`);
  }
  const e = exponent;
  return unaryOp(
    'PowBackward',
    x,
    (src, out) => {
      if (e === 2) for (let i = 0; i < src.length; i++) out[i] = src[i]! * src[i]!;
      else if (e === 1) out.set(src);
      else if (e === 0.5) for (let i = 0; i < src.length; i++) out[i] = Math.sqrt(src[i]!);
      else for (let i = 0; i < src.length; i++) out[i] = Math.pow(src[i]!, e);
    },
    (g, src) => {
      const gx = allocZeroedFloat32(g.length);
      if (e === 0) return gx;
      if (e === 2) for (let i = 0; i < g.length; i++) gx[i] = 2 * src[i]! * g[i]!;
      else if (e === 1) gx.set(g);
      else for (let i = 0; i < g.length; i++) gx[i] = e * Math.pow(src[i]!, e - 1) * g[i]!;
      return gx;
    },
  );
}
