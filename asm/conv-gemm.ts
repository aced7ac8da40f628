// Conv2d's GEMM with im2col fused into the packing of B (AssemblyScript SIMD): Y[m × p] =
// Apacked · col(x), where the rows of col(x) (one per input channel and kernel offset, one column
// per output pixel) are gathered from the image straight into the 8-wide B panels, one KC × NC
// block at a time, instead of being written to a C·KH·KW × OH·OW buffer and packed from there.
// The products and their order are those of gemm with flag 8 on the unfolded matrix.
import { KC, MC, NC, gemmWorkspace } from './gemm';
import { MR, NR, micro } from './gemm-micro';

function imin(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

function g(geom: usize, i: i32): i32 {
  return load<i32>(geom + <usize>i * 4);
}

/** Bytes of `work` convGemm needs: gemm's workspace and one line of NC floats. */
export function convWorkspace(m: i32, n: i32, k: i32): i32 {
  return gemmWorkspace(m, n, k) + NC * 4 + 64;
}

/**
 * One im2col row segment: d[ox] for ox in [a, b) is s[ox·sw] when lo ≤ ox < hi, else 0
 * (`d` and `s` addressed from ox = 0).
 */
// @ts-ignore: decorator
@inline
export function gatherRange(d: usize, s: usize, a: i32, b: i32, lo: i32, hi: i32, sw: i32): void {
  let ox = a;
  const l = lo > b ? b : lo;
  for (; ox < l; ox++) store<f32>(d + <usize>ox * 4, 0);
  const e = hi > b ? b : hi;
  if (sw == 1) {
    for (; ox + 4 <= e; ox += 4) v128.store(d + <usize>ox * 4, v128.load(s + <usize>ox * 4));
  }
  for (; ox < e; ox++) store<f32>(d + <usize>ox * 4, load<f32>(s + <usize>(ox * sw) * 4));
  for (; ox < b; ox++) store<f32>(d + <usize>ox * 4, 0);
}

/**
 * Row `row` of col(x) at output pixels [t0, t0 + len): into line[0, len), or, when `panels`
 * (OW a multiple of NR, t0 and len of OW), straight into the NR-wide panels at
 * line + 4·(i·NR·kc + q·NR).
 */
function im2colLine(geom: usize, x: usize, row: i32, t0: i32, len: i32, line: usize, panels: bool, kc: i32, q: i32): void {
  const h = g(geom, 2), w = g(geom, 3), kh = g(geom, 5), kw = g(geom, 6);
  const sh = g(geom, 7), sw = g(geom, 8), ph = g(geom, 9), pw = g(geom, 10), ow = g(geom, 12);
  const ch = row / (kh * kw), r = row - ch * kh * kw, ki = r / kw, kj = r - ki * kw;
  // Output columns whose input column ox·sw − pw + kj lies in [0, w).
  let lo = (pw - kj + sw - 1) / sw;
  if (pw - kj <= 0) lo = 0;
  let hi = w - 1 + pw - kj < 0 ? 0 : (w - 1 + pw - kj) / sw + 1;
  if (hi > ow) hi = ow;
  if (panels) {
    // One NR-pixel group per panel, whole output rows.
    const zero = f32x4.splat(0);
    let d = line + <usize>(q * NR) * 4;
    const step = <usize>(NR * kc) * 4;
    for (let t = t0; t < t0 + len; t += ow) {
      const iy = t / ow * sh - ph + ki;
      if (iy < 0 || iy >= h) {
        for (let ox = 0; ox < ow; ox += NR, d += step) {
          v128.store(d, zero);
          v128.store(d, zero, 16);
        }
        continue;
      }
      const s = x + <usize>((ch * h + iy) * w) * 4 + <usize>(kj - pw) * 4;
      for (let ox = 0; ox < ow; ox += NR, d += step) {
        if (sw == 1 && ox >= lo && ox + NR <= hi) {
          v128.store(d, v128.load(s + <usize>ox * 4));
          v128.store(d, v128.load(s + <usize>ox * 4, 16), 16);
        } else {
          gatherRange(d - <usize>ox * 4, s, ox, ox + NR, lo, hi, sw);
        }
      }
    }
    return;
  }
  let t = t0;
  const end = t0 + len;
  let d = line;
  while (t < end) {
    const oy = t / ow, ox0 = t - oy * ow;
    const ox1 = imin(ow, ox0 + end - t);
    const iy = oy * sh - ph + ki;
    const dd = d - <usize>ox0 * 4;
    if (iy < 0 || iy >= h) {
      for (let ox = ox0; ox < ox1; ox++) store<f32>(dd + <usize>ox * 4, 0);
    } else {
      // Input address of ox = 0 (may lie before the row; only lo ≤ ox < hi is read).
      const s = x + <usize>((ch * h + iy) * w) * 4 + <usize>(kj - pw) * 4;
      gatherRange(dd, s, ox0, ox1, lo, hi, sw);
    }
    d += <usize>(ox1 - ox0) * 4;
    t += ox1 - ox0;
  }
}

/** Packs rows [p0, p0 + kc) × pixels [j0, j0 + nc) of col(x) into NR-wide panels at dst. */
function packIm2col(geom: usize, x: usize, p0: i32, j0: i32, kc: i32, nc: i32, dst: usize, line: usize): void {
  const ow = g(geom, 12);
  if (ow % NR == 0 && j0 % ow == 0 && nc % ow == 0) {
    for (let q = 0; q < kc; q++) im2colLine(geom, x, p0 + q, j0, nc, dst, true, kc, q);
    return;
  }
  for (let q = 0; q < kc; q++) {
    im2colLine(geom, x, p0 + q, j0, nc, line, false, 0, 0);
    let jr = 0;
    for (; jr + NR <= nc; jr += NR) {
      const at = dst + <usize>(jr * kc + q * NR) * 4;
      const s = line + <usize>jr * 4;
      v128.store(at, v128.load(s));
      v128.store(at, v128.load(s, 16), 16);
    }
    if (jr < nc) {
      const at = dst + <usize>(jr * kc + q * NR) * 4;
      for (let c = 0; c < NR; c++) store<f32>(at + <usize>c * 4, jr + c < nc ? load<f32>(line + <usize>(jr + c) * 4) : 0);
    }
  }
}

/**
 * y[m × p] = A · col(x) for one image x (geometry at `geom`, p = OH·OW, k = C·KH·KW), A packed by
 * packAFull; `work` holds convWorkspace(m, p, k) bytes.
 */
export function convGemm(geom: usize, x: usize, apack: usize, y: usize, m: i32, work: usize): void {
  const n = g(geom, 11) * g(geom, 12), k = g(geom, 1) * g(geom, 5) * g(geom, 6);
  const tmp = work;
  const bp = work + 1024;
  const line = bp + <usize>(imin(KC, k) * ((imin(NC, n) + NR - 1) / NR * NR)) * 4;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = imin(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = imin(KC, k - pc);
      packIm2col(geom, x, pc, jc, kc, nc, bp, line);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = imin(MC, m - ic);
        for (let jr = 0; jr < nc; jr += NR) {
          for (let ir = 0; ir < mc; ir += MR) {
            micro(kc, apack + <usize>((ic + ir) * k + pc * MR) * 4, bp + <usize>(jr * kc) * 4,
              y + <usize>((ic + ir) * n + jc + jr) * 4, n, imin(MR, mc - ir), imin(NR, nc - jr), pc > 0, tmp);
          }
        }
      }
    }
  }
}
