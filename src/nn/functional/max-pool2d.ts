import { ShapeError, ValueError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { needsGrad } from '../../tensor/autograd.js';
import { formatShape } from '../../tensor/shape.js';
import { pair, type Size2 } from './pair.js';

/** Options of `maxPool2d`. */
export interface MaxPool2dOptions {
  /** Step of the window. Default: the kernel size (PyTorch's `stride=None`). */
  stride?: Size2;
  /** Implicit −∞ padding on each side, at most half the kernel. Default 0. */
  padding?: Size2;
}

/**
 * 2-D max pooling over `[N, C, H, W]` or `[C, H, W]` (PyTorch's `F.max_pool2d`, floor mode, no
 * dilation). Output size `⌊(H + 2·pad − k) / stride⌋ + 1`. The gradient goes to the first maximal
 * element of each window in row-major order (the last NaN if any: NaN propagates), as PyTorch's CPU kernel.
 * @param x input. @param kernelSize window, one number or `[kh, kw]`.
 * @param options stride (kernelSize), padding (0).
 * @throws ValueError for bad sizes or padding above half the kernel; ShapeError for a bad rank or
 *   an input smaller than the window.
 * @example maxPool2d(tensor([[[[1, 2], [3, 4]]]]), 2).toArray(); // [[[[4]]]]
 */
export function maxPool2d(x: Tensor, kernelSize: Size2, options: MaxPool2dOptions = {}): Tensor {
  const who = 'maxPool2d';
  const [kh, kw] = pair(kernelSize, who, 'kernelSize', 1);
  const [sh, sw] = pair(options.stride ?? [kh, kw], who, 'stride', 1);
  const [ph, pw] = pair(options.padding ?? 0, who, 'padding', 0);
  if (2 * ph > kh || 2 * pw > kw) {
    throw new ValueError(`${who}: padding must be at most half the kernel size ${formatShape([kh, kw])}. Received: padding=${formatShape([ph, pw])}.`);
  }
  if (x.ndim !== 3 && x.ndim !== 4) throw new ShapeError(`${who}: expected input [N, C, H, W] or [C, H, W]. Received: ${formatShape(x.shape)}.`);
  const h = x.shape[x.ndim - 2]!;
  const w = x.shape[x.ndim - 1]!;
  const ho = Math.floor((h + 2 * ph - kh) / sh) + 1;
  const wo = Math.floor((w + 2 * pw - kw) / sw) + 1;
  if (ho < 1 || wo < 1) {
    throw new ShapeError(`${who}: input ${formatShape(x.shape)} is smaller than the window ${formatShape([kh, kw])} after padding.`);
  }
  const planes = x.size / (h * w);
  const src = x.data;
  const out = new Float32Array(planes * ho * wo);
  const argmax = new Int32Array(out.length);
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * h * w;
    for (let oh = 0; oh < ho; oh++) {
      const h0 = oh * sh - ph;
      const hs = Math.max(h0, 0);
      const he = Math.min(h0 + kh, h);
      for (let ow = 0; ow < wo; ow++) {
        const w0 = ow * sw - pw;
        const ws = Math.max(w0, 0);
        const we = Math.min(w0 + kw, w);
        let best = -Infinity;
        let at = base + hs * w + ws;
        for (let i = hs; i < he; i++) {
          for (let j = ws; j < we; j++) {
            const v = src[base + i * w + j]!;
            if (v > best || Number.isNaN(v)) {
              best = v;
              at = base + i * w + j;
            }
          }
        }
        const k = (pl * ho + oh) * wo + ow;
        out[k] = best;
        argmax[k] = at;
      }
    }
  }
  const shape = [...x.shape.slice(0, -2), ho, wo];
  if (!needsGrad(x)) return new Tensor(out, shape);
  return new Tensor(out, shape, true, {
    name: 'MaxPool2DBackward',
    inputs: [x],
    backward: (g) => {
      const gx = new Float32Array(x.size);
      for (let k = 0; k < g.length; k++) gx[argmax[k]!]! += g[k]!;
      return [gx];
    },
  });
}
