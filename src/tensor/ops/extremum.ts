import { ShapeError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { needsGrad } from '../autograd.js';
import { formatShape } from '../shape.js';
import { reduceLayout } from './reduce.js';
import { allocZeroedFloat32 } from '../storage.js';

/** Values and positions of the maxima (or minima) of `src` viewed as [outer, n, inner], over n. */
export interface Extrema {
  values: Float32Array;
  /** Position along n of the first extreme value (the first NaN when there is one, as PyTorch). */
  index: Int32Array;
}

/** Largest (`wantMax`) or smallest entries over the middle axis; NaN wins and propagates. */
export function extremaAlong(src: Float32Array, outer: number, n: number, inner: number, wantMax: boolean): Extrema {
  const values = allocZeroedFloat32(outer * inner);
  const index = new Int32Array(outer * inner);
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * n;
      let best = src[base]!;
      let at = 0;
      if (best === best) {
        for (let r = 1; r < n; r++) {
          const v = src[base + r]!;
          if (wantMax ? v > best : v < best) {
            best = v;
            at = r;
          } else if (v !== v) {
            best = v;
            at = r;
            break;
          }
        }
      }
      values[o] = best;
      index[o] = at;
    }
    return { values, index };
  }
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    const base = o * n * inner;
    for (let i = 0; i < inner; i++) values[ob + i] = src[base + i]!;
    for (let r = 1; r < n; r++) {
      const row = base + r * inner;
      for (let i = 0; i < inner; i++) {
        const v = src[row + i]!;
        const best = values[ob + i]!;
        if ((wantMax ? v > best : v < best) || (v !== v && best === best)) {
          values[ob + i] = v;
          index[ob + i] = r;
        }
      }
    }
  }
  return { values, index };
}

/**
 * max/min reduction shared by `max` and `min`. Without `dim`: the extreme value of all elements,
 * its gradient split evenly among the elements equal to it (PyTorch's `evenly_distribute_backward`).
 * With `dim`: the values over that dimension, the gradient going to the first extreme position
 * (PyTorch's `max(dim)` indices).
 */
export function extremeReduce(op: 'max' | 'min', x: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  const wantMax = op === 'max';
  const name = wantMax ? 'MaxBackward' : 'MinBackward';
  if (x.size === 0) {
    throw new ShapeError(`${op}: cannot reduce a tensor with no elements. Received: shape ${formatShape(x.shape)}.`);
  }
  if (dim === undefined) {
    const { values } = extremaAlong(x.data, 1, x.size, 1, wantMax);
    const value = values[0]!;
    const shape = keepdim ? x.shape.map(() => 1) : [];
    if (!needsGrad(x)) return new Tensor(values, shape);
    return new Tensor(values, shape, true, {
      name,
      inputs: [x],
      backward: (g) => {
        const src = x.data;
        const isNaN = value !== value;
        let count = 0;
        for (let i = 0; i < src.length; i++) if (src[i] === value || (isNaN && src[i] !== src[i])) count++;
        const share = g[0]! / count;
        const gx = allocZeroedFloat32(src.length);
        for (let i = 0; i < src.length; i++) if (src[i] === value || (isNaN && src[i] !== src[i])) gx[i] = share;
        return [gx];
      },
    });
  }
  const { outer, n, inner, shape } = reduceLayout(x.shape, dim, keepdim, op);
  if (n === 0) {
    throw new ShapeError(`${op}: cannot reduce over dimension ${dim} of size 0. Received: shape ${formatShape(x.shape)}.`);
  }
  const { values, index } = extremaAlong(x.data, outer, n, inner, wantMax);
  if (!needsGrad(x)) return new Tensor(values, shape);
  return new Tensor(values, shape, true, {
    name,
    inputs: [x],
    backward: (g) => {
      const gx = allocZeroedFloat32(x.size);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < inner; i++) {
          const k = o * inner + i;
          gx[(o * n + index[k]!) * inner + i] = g[k]!;
        }
      }
      return [gx];
    },
  });
}
