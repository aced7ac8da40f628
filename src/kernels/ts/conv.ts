import type { ConvGeometry } from '../kernels.js';
import { gemm } from './gemm.js';

/**
 * Reference Conv2d by im2col + GEMM, per image (P = outH·outW, CKK = inChannels·kernelH·kernelW):
 * forward `y_i[O, P] = W[O, CKK]·col_i[CKK, P]`, backward-input `dcol = Wᵀ·dy_i` folded back by
 * col2im, backward-filter `dW += dy_i·col_iᵀ`.
 */
export function conv2dForward(g: ConvGeometry, x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array): void {
  const p = g.outH * g.outW;
  const ckk = g.inChannels * g.kernelH * g.kernelW;
  const inSize = g.inChannels * g.height * g.width;
  const col = new Float32Array(ckk * p);
  for (let i = 0; i < g.batch; i++) {
    im2col(g, x.subarray(i * inSize, (i + 1) * inSize), col);
    const yi = y.subarray(i * g.outChannels * p, (i + 1) * g.outChannels * p);
    gemm(false, false, g.outChannels, p, ckk, w, col, yi, false);
    if (bias !== null) {
      for (let o = 0; o < g.outChannels; o++) {
        const b = bias[o]!;
        for (let t = 0; t < p; t++) yi[o * p + t]! += b;
      }
    }
  }
}

/** Reference Conv2d input gradient. */
export function conv2dBackwardInput(g: ConvGeometry, dy: Float32Array, w: Float32Array, dx: Float32Array): void {
  const p = g.outH * g.outW;
  const ckk = g.inChannels * g.kernelH * g.kernelW;
  const inSize = g.inChannels * g.height * g.width;
  const col = new Float32Array(ckk * p);
  for (let i = 0; i < g.batch; i++) {
    gemm(true, false, ckk, p, g.outChannels, w, dy.subarray(i * g.outChannels * p, (i + 1) * g.outChannels * p), col, false);
    col2im(g, col, dx.subarray(i * inSize, (i + 1) * inSize));
  }
}

/** Reference Conv2d weight (and bias) gradients; both are overwritten. */
export function conv2dBackwardFilter(g: ConvGeometry, x: Float32Array, dy: Float32Array, dw: Float32Array, dbias: Float32Array | null): void {
  const p = g.outH * g.outW;
  const ckk = g.inChannels * g.kernelH * g.kernelW;
  const inSize = g.inChannels * g.height * g.width;
  const col = new Float32Array(ckk * p);
  dw.fill(0, 0, g.outChannels * ckk);
  if (dbias !== null) dbias.fill(0, 0, g.outChannels);
  for (let i = 0; i < g.batch; i++) {
    im2col(g, x.subarray(i * inSize, (i + 1) * inSize), col);
    const dyi = dy.subarray(i * g.outChannels * p, (i + 1) * g.outChannels * p);
    gemm(false, true, g.outChannels, ckk, p, dyi, col, dw, true);
    if (dbias !== null) {
      for (let o = 0; o < g.outChannels; o++) {
        let s = 0;
        for (let t = 0; t < p; t++) s += dyi[o * p + t]!;
        dbias[o]! += s;
      }
    }
  }
}

/** Unfolds one image `[C, H, W]` into `col[CKK, P]` (zeros where the window hits padding). */
export function im2col(g: ConvGeometry, x: Float32Array, col: Float32Array): void {
  const p = g.outH * g.outW;
  for (let ch = 0; ch < g.inChannels; ch++) {
    for (let ki = 0; ki < g.kernelH; ki++) {
      for (let kj = 0; kj < g.kernelW; kj++) {
        const row = ((ch * g.kernelH + ki) * g.kernelW + kj) * p;
        for (let oy = 0; oy < g.outH; oy++) {
          const iy = oy * g.strideH - g.padH + ki;
          const d = row + oy * g.outW;
          const rowOk = iy >= 0 && iy < g.height;
          const s = (ch * g.height + iy) * g.width;
          for (let ox = 0; ox < g.outW; ox++) {
            const ix = ox * g.strideW - g.padW + kj;
            col[d + ox] = rowOk && ix >= 0 && ix < g.width ? x[s + ix]! : 0;
          }
        }
      }
    }
  }
}

/** Folds `col[CKK, P]` back into one image `[C, H, W]`, summing overlaps (x is overwritten). */
export function col2im(g: ConvGeometry, col: Float32Array, x: Float32Array): void {
  const p = g.outH * g.outW;
  x.fill(0, 0, g.inChannels * g.height * g.width);
  for (let ch = 0; ch < g.inChannels; ch++) {
    for (let ki = 0; ki < g.kernelH; ki++) {
      for (let kj = 0; kj < g.kernelW; kj++) {
        const row = ((ch * g.kernelH + ki) * g.kernelW + kj) * p;
        for (let oy = 0; oy < g.outH; oy++) {
          const iy = oy * g.strideH - g.padH + ki;
          if (iy < 0 || iy >= g.height) continue;
          const d = row + oy * g.outW;
          const s = (ch * g.height + iy) * g.width;
          for (let ox = 0; ox < g.outW; ox++) {
            const ix = ox * g.strideW - g.padW + kj;
            if (ix >= 0 && ix < g.width) x[s + ix]! += col[d + ox]!;
          }
        }
      }
    }
  }
}
