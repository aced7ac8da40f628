import { ShapeError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { broadcastShapes, formatShape, sameShape } from '../../tensor/shape.js';
import { broadcastIndex } from '../../tensor/ops/binary.js';

/**
 * The values of `t` laid out in `shape` (which `t` must broadcast to without changing it), for
 * per-element loss weights. Returns `t.data` itself when the shapes already agree.
 * @throws ShapeError naming `who`, `what` and both shapes.
 */
export function broadcastTo(t: Tensor, shape: readonly number[], who: string, what: string): Float32Array {
  if (sameShape(t.shape, shape)) return t.data;
  let ok = t.ndim <= shape.length;
  if (ok) {
    try {
      ok = sameShape(broadcastShapes(t.shape, shape, who), shape);
    } catch {
      ok = false;
    }
  }
  if (!ok) {
    throw new ShapeError(`${who}: ${what} of shape ${formatShape(t.shape)} does not broadcast to the input shape ${formatShape(shape)}.`);
  }
  const index = broadcastIndex(shape, t.shape);
  const out = new Float32Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = t.data[index[i]!]!;
  return out;
}
