import { ShapeError } from '../../errors.js';
import { kernels } from '../../kernels/kernels.js';
import { Tensor } from '../../tensor/tensor.js';
import { needsGrad } from '../../tensor/autograd.js';
import { formatShape } from '../../tensor/shape.js';
import { pair, type Size2 } from './pair.js';

/** Options of `conv2d`. */
export interface Conv2dOptions {
  /** Step of the sliding window. Default 1. */
  stride?: Size2;
  /** Zero padding added to each side. Default 0. */
  padding?: Size2;
}

/**
 * 2-D cross-correlation over NCHW input (PyTorch's `F.conv2d`, no dilation or groups), by im2col
 * and one GEMM for the whole batch: the input windows form a `[C·kh·kw, N·Ho·Wo]` matrix that the
 * weight `[O, C·kh·kw]` multiplies. Backward: two GEMMs (weight gradient, column gradient) and
 * col2im. `Ho = ⌊(H + 2·padH − kh) / strideH⌋ + 1`, likewise `Wo`.
 * @param x `[N, C, H, W]`. @param weight `[O, C, kh, kw]`. @param bias `[O]` or null (default).
 * @param options stride (1), padding (0).
 * @returns `[N, O, Ho, Wo]`.
 * @throws ShapeError when the shapes do not fit or the output would be empty; ValueError for a
 *   bad stride or padding.
 * @example conv2d(randn([1, 3, 8, 8]), randn([4, 3, 3, 3]), null, { padding: 1 }).shape; // [1, 4, 8, 8]
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv2dOptions = {}): Tensor {
  const who = 'conv2d';
  const [sh, sw] = pair(options.stride ?? 1, who, 'stride', 1);
  const [ph, pw] = pair(options.padding ?? 0, who, 'padding', 0);
  if (weight.ndim !== 4) throw new ShapeError(`${who}: weight must be 4-D [out, in, kh, kw]. Received: ${formatShape(weight.shape)}.`);
  const [o, c, kh, kw] = weight.shape as [number, number, number, number];
  if (x.ndim !== 4 || x.shape[1] !== c) {
    throw new ShapeError(`${who}: expected input [N, ${c}, H, W] for weight ${formatShape(weight.shape)}. Received: ${formatShape(x.shape)}.`);
  }
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== o)) {
    throw new ShapeError(`${who}: bias must have shape [${o}]. Received: ${formatShape(bias.shape)}.`);
  }
  const [n, , h, w] = x.shape as [number, number, number, number];
  const ho = Math.floor((h + 2 * ph - kh) / sh) + 1;
  const wo = Math.floor((w + 2 * pw - kw) / sw) + 1;
  if (ho < 1 || wo < 1) {
    throw new ShapeError(`${who}: the padded input ${formatShape([h + 2 * ph, w + 2 * pw])} is smaller than the kernel ${formatShape([kh, kw])}. Received: input ${formatShape(x.shape)}.`);
  }
  const geo: Geometry = { n, c, h, w, kh, kw, sh, sw, ph, pw, ho, wo };
  const rows = c * kh * kw;
  const cols = n * ho * wo;
  const col = new Float32Array(rows * cols);
  im2col(x.data, col, geo);
  const kern = kernels();
  const tmp = new Float32Array(o * cols);
  kern.gemm(false, false, o, cols, rows, weight.data, col, tmp, false);
  // [O, N·P] → [N, O, P] (+ bias)
  const p = ho * wo;
  const out = new Float32Array(n * o * p);
  for (let oc = 0; oc < o; oc++) {
    const b = bias === null ? 0 : bias.data[oc]!;
    for (let s = 0; s < n; s++) {
      const src = oc * cols + s * p;
      const dst = (s * o + oc) * p;
      for (let k = 0; k < p; k++) out[dst + k] = tmp[src + k]! + b;
    }
  }
  const shape = [n, o, ho, wo];
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  if (!needsGrad(...inputs)) return new Tensor(out, shape);
  return new Tensor(out, shape, true, {
    name: 'ConvolutionBackward',
    inputs,
    backward: (g) => {
      // [N, O, P] → [O, N·P]
      const g2 = new Float32Array(o * cols);
      for (let s = 0; s < n; s++) {
        for (let oc = 0; oc < o; oc++) g2.set(g.subarray((s * o + oc) * p, (s * o + oc + 1) * p), oc * cols + s * p);
      }
      let gx: Float32Array | null = null;
      let gw: Float32Array | null = null;
      let gb: Float32Array | null = null;
      if (weight.requiresGrad) {
        gw = new Float32Array(weight.size);
        kern.gemm(false, true, o, rows, cols, g2, col, gw, false);
      }
      if (x.requiresGrad) {
        const dcol = new Float32Array(rows * cols);
        kern.gemm(true, false, rows, cols, o, weight.data, g2, dcol, false);
        gx = new Float32Array(x.size);
        col2im(dcol, gx, geo);
      }
      if (bias !== null && bias.requiresGrad) {
        gb = new Float32Array(o);
        for (let oc = 0; oc < o; oc++) {
          let s = 0;
          for (let k = oc * cols; k < (oc + 1) * cols; k++) s += g2[k]!;
          gb[oc] = s;
        }
      }
      return [gx, gw, gb];
    },
  });
}

interface Geometry {
  n: number; c: number; h: number; w: number;
  kh: number; kw: number; sh: number; sw: number; ph: number; pw: number;
  ho: number; wo: number;
}

/** Input windows as columns: row (c, i, j), column (n, oh, ow); zero outside the input. */
function im2col(src: Float32Array, col: Float32Array, g: Geometry): void {
  const p = g.ho * g.wo;
  const cols = g.n * p;
  for (let ch = 0; ch < g.c; ch++) {
    for (let i = 0; i < g.kh; i++) {
      for (let j = 0; j < g.kw; j++) {
        const row = ((ch * g.kh + i) * g.kw + j) * cols;
        for (let s = 0; s < g.n; s++) {
          const plane = (s * g.c + ch) * g.h * g.w;
          const base = row + s * p;
          for (let oh = 0; oh < g.ho; oh++) {
            const ih = oh * g.sh - g.ph + i;
            const dst = base + oh * g.wo;
            if (ih < 0 || ih >= g.h) continue; // the column buffer starts zeroed
            const line = plane + ih * g.w;
            for (let ow = 0; ow < g.wo; ow++) {
              const iw = ow * g.sw - g.pw + j;
              if (iw >= 0 && iw < g.w) col[dst + ow] = src[line + iw]!;
            }
          }
        }
      }
    }
  }
}

/** Adjoint of im2col: add each column entry back onto the input position it came from. */
function col2im(col: Float32Array, dst: Float32Array, g: Geometry): void {
  const p = g.ho * g.wo;
  const cols = g.n * p;
  for (let ch = 0; ch < g.c; ch++) {
    for (let i = 0; i < g.kh; i++) {
      for (let j = 0; j < g.kw; j++) {
        const row = ((ch * g.kh + i) * g.kw + j) * cols;
        for (let s = 0; s < g.n; s++) {
          const plane = (s * g.c + ch) * g.h * g.w;
          const base = row + s * p;
          for (let oh = 0; oh < g.ho; oh++) {
            const ih = oh * g.sh - g.ph + i;
            if (ih < 0 || ih >= g.h) continue;
            const src = base + oh * g.wo;
            const line = plane + ih * g.w;
            for (let ow = 0; ow < g.wo; ow++) {
              const iw = ow * g.sw - g.pw + j;
              if (iw >= 0 && iw < g.w) dst[line + iw]! += col[src + ow]!;
            }
          }
        }
      }
    }
  }
}
