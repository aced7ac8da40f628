// AssemblyScript Conv2d by im2col + GEMM (see native/conv.cpp for the formulas). The geometry is
// 13 i32 at `geom`: n c h w o kh kw sh sw ph pw oh ow, and 13 more after it for the scratch
// geometry of the input gradient. `col` holds C·KH·KW × OH·OW floats (the forward and the
// stride-1 input gradient gather im2col rows straight into the GEMM's panels, asm/conv-gemm.ts),
// `work` convWorkspace bytes for the largest GEMM, `apack` the weights packed once per
// call (packedASize of the larger of O × C·KH·KW and C × O·KH·KW) followed by O·C·KH·KW floats.
// 3×3 stride-1 convolutions with finite operands and ≥ WINOGRAD_MIN_K input channels (forward,
// the input gradient as a convolution of dy, and the filter gradient as the transform's adjoint)
// run as Winograd F(2×2, 3×3) (asm/winograd.ts, asm/winograd-filter.ts; `work` and `apack` then
// hold winogradWorkspace or winogradFilterWorkspace and winogradWeightsSize bytes).
import { gemm, packAFull, packedASize as packedASizeOf } from './gemm';
import { convGemm, gatherRange } from './conv-gemm';
import { winogradImage, winogradWeights } from './winograd';
import { winogradFilter } from './winograd-filter';

/**
 * Fewest input channels (GEMM depth) for the Winograd path: with K = 3 (an RGB first layer) its
 * 16 GEMMs would be too shallow to pay for the transforms; im2col's K = 27 is better there.
 */
const WINOGRAD_MIN_K: i32 = 16;

function g(geom: usize, i: i32): i32 {
  return load<i32>(geom + <usize>i * 4);
}

function floorDiv(a: i32, b: i32): i32 {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

function pointwise(geom: usize): bool {
  return g(geom, 5) == 1 && g(geom, 6) == 1 && g(geom, 7) == 1 && g(geom, 8) == 1 && g(geom, 9) == 0 && g(geom, 10) == 0;
}

/** s[ox·sw] += d[ox] for ox in [lo, hi) (one col2im row segment). */
function scatterAddRow(d: usize, s: usize, lo: i32, hi: i32, sw: i32): void {
  let ox = lo;
  if (sw == 1) {
    for (; ox + 4 <= hi; ox += 4) {
      const at = s + <usize>ox * 4;
      v128.store(at, f32x4.add(v128.load(at), v128.load(d + <usize>ox * 4)));
    }
  }
  for (; ox < hi; ox++) {
    const at = s + <usize>(ox * sw) * 4;
    store<f32>(at, load<f32>(at) + load<f32>(d + <usize>ox * 4));
  }
}

/** im2col (add = false) or col2im accumulation (add = true) for one image x[C, H, W]. */
function unfold(geom: usize, x: usize, col: usize, add: bool): void {
  const c = g(geom, 1), h = g(geom, 2), w = g(geom, 3), kh = g(geom, 5), kw = g(geom, 6);
  const sh = g(geom, 7), sw = g(geom, 8), ph = g(geom, 9), pw = g(geom, 10), oh = g(geom, 11), ow = g(geom, 12);
  const p = oh * ow;
  if (add) memory.fill(x, 0, <usize>(c * h * w) * 4);
  for (let ch = 0; ch < c; ch++) {
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        let lo = -floorDiv(-(pw - kj), sw);
        if (lo < 0) lo = 0;
        let hi = floorDiv(w - 1 + pw - kj, sw) + 1;
        if (hi > ow) hi = ow;
        const row = col + <usize>(((ch * kh + ki) * kw + kj) * p) * 4;
        for (let oy = 0; oy < oh; oy++) {
          const d = row + <usize>(oy * ow) * 4;
          const iy = oy * sh - ph + ki;
          if (iy < 0 || iy >= h || lo >= hi) {
            if (!add) memory.fill(d, 0, <usize>ow * 4);
            continue;
          }
          // Address of input column ox·sw − pw + kj for ox = 0 (wraps below the row when kj < pw;
          // only ox ≥ lo, inside the row, are read).
          const s = x + <usize>((ch * h + iy) * w) * 4 + <usize>(kj - pw) * 4;
          if (add) scatterAddRow(d, s, lo, hi, sw);
          else gatherRange(d, s, 0, ow, lo, hi, sw);
        }
      }
    }
  }
}

/** Whether a geometry suits asm/winograd.ts: 3×3, stride 1, padding ≤ 2, K ≥ WINOGRAD_MIN_K. */
function winogradFits(geom: usize): bool {
  return g(geom, 5) == 3 && g(geom, 6) == 3 && g(geom, 7) == 1 && g(geom, 8) == 1 && g(geom, 9) <= 2 && g(geom, 10) <= 2 &&
    g(geom, 1) >= WINOGRAD_MIN_K;
}

export function conv2dForward(geom: usize, x: usize, w: usize, bias: usize, y: usize, col: usize, work: usize, apack: usize): void {
  const n = g(geom, 0), c = g(geom, 1), o = g(geom, 4), ckk = c * g(geom, 5) * g(geom, 6), p = g(geom, 11) * g(geom, 12);
  const inSize = c * g(geom, 2) * g(geom, 3);
  const pw = pointwise(geom);
  const wino = winogradFits(geom) && finite(x, n * inSize) && finite(w, o * ckk);
  // The weights are the A operand of every image's product: packed (or transformed) once here.
  if (wino) winogradWeights(w, o, c, false, apack);
  else packAFull(false, o, ckk, w, apack);
  for (let i = 0; i < n; i++) {
    const xi = x + <usize>(i * inSize) * 4;
    const yi = y + <usize>(i * o * p) * 4;
    if (pw) gemm(8, o, p, ckk, apack, xi, yi, work);
    else if (wino) winogradImage(geom, xi, apack, yi, work);
    else convGemm(geom, xi, apack, yi, o, work);
    if (bias != 0) {
      for (let oc = 0; oc < o; oc++) {
        const bv = f32x4.splat(load<f32>(bias + <usize>oc * 4));
        const r = yi + <usize>(oc * p) * 4;
        let t = 0;
        for (; t + 4 <= p; t += 4) v128.store(r + <usize>t * 4, f32x4.add(v128.load(r + <usize>t * 4), bv));
        for (; t < p; t++) store<f32>(r + <usize>t * 4, load<f32>(r + <usize>t * 4) + load<f32>(bias + <usize>oc * 4));
      }
    }
  }
}

/** Whether the `n` floats at `p` are all finite (x − x is 0 only for finite x, NaN otherwise). */
function finite(p: usize, n: i32): bool {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(p + <usize>i * 4);
    acc = f32x4.add(acc, f32x4.sub(v, v));
  }
  for (; i < n; i++) {
    const v = load<f32>(p + <usize>i * 4);
    if (v - v != 0) return false;
  }
  return v128.all_true<i32>(f32x4.eq(acc, f32x4.splat(0)));
}

/**
 * With stride 1 and padding ≤ kernel − 1, the input gradient is a forward convolution of dy
 * with the weights flipped in space and transposed in channels, padding kernel − 1 − padding:
 * dx[c, y, x] = Σ_o,i,j dy[o, y − (kh − 1 − ph) + i, x − (kw − 1 − pw) + j]·w[o, c, kh − 1 − i, kw − 1 − j].
 * That replaces im2col's scatter-add (col2im) by a gather. Writes the scratch geometry at geom + 52.
 */
function flippedGeometry(geom: usize): bool {
  const kh = g(geom, 5), kw = g(geom, 6), ph = g(geom, 9), pw = g(geom, 10);
  if (g(geom, 7) != 1 || g(geom, 8) != 1 || ph > kh - 1 || pw > kw - 1) return false;
  // n, c ← o, h ← oh, w ← ow, o ← c, kh, kw, stride 1, padding k − 1 − p, output h × w.
  const f = geom + 52;
  store<i32>(f, g(geom, 0));
  store<i32>(f, g(geom, 4), 4);
  store<i32>(f, g(geom, 11), 8);
  store<i32>(f, g(geom, 12), 12);
  store<i32>(f, g(geom, 1), 16);
  store<i32>(f, kh, 20);
  store<i32>(f, kw, 24);
  store<i32>(f, 1, 28);
  store<i32>(f, 1, 32);
  store<i32>(f, kh - 1 - ph, 36);
  store<i32>(f, kw - 1 - pw, 40);
  store<i32>(f, g(geom, 2), 44);
  store<i32>(f, g(geom, 3), 48);
  return true;
}

export function conv2dBackwardInput(geom: usize, dy: usize, w: usize, dx: usize, col: usize, work: usize, apack: usize): void {
  const n = g(geom, 0), c = g(geom, 1), o = g(geom, 4), kh = g(geom, 5), kw = g(geom, 6), p = g(geom, 11) * g(geom, 12);
  const ckk = c * kh * kw;
  const inSize = c * g(geom, 2) * g(geom, 3);
  const pw = pointwise(geom);
  // The flipped convolution also multiplies dy's zero padding by the weights: 0·NaN and 0·Inf would
  // make NaN where col2im (and PyTorch) form no such product, so non-finite weights take col2im.
  if (!pw && finite(w, o * ckk) && flippedGeometry(geom)) {
    const f = geom + 52;
    if (winogradFits(f) && finite(dy, n * o * p)) {
      winogradWeights(w, c, o, true, apack);
      for (let i = 0; i < n; i++) winogradImage(f, dy + <usize>(i * o * p) * 4, apack, dx + <usize>(i * inSize) * 4, work);
      return;
    }
    const kk = kh * kw, okk = o * kk;
    // wf[c, o, i, j] = w[o, c, kh − 1 − i, kw − 1 − j], after the packed panels in `apack`.
    const wf = apack + <usize>packedASizeOf(c, okk);
    for (let oc = 0; oc < o; oc++) {
      for (let ch = 0; ch < c; ch++) {
        const src = w + <usize>((oc * c + ch) * kk) * 4;
        const dst = wf + <usize>(ch * okk + oc * kk) * 4;
        for (let t = 0; t < kk; t++) store<f32>(dst + <usize>t * 4, load<f32>(src + <usize>(kk - 1 - t) * 4));
      }
    }
    packAFull(false, c, okk, wf, apack);
    for (let i = 0; i < n; i++) convGemm(f, dy + <usize>(i * o * p) * 4, apack, dx + <usize>(i * inSize) * 4, c, work);
    return;
  }
  for (let i = 0; i < n; i++) {
    const dxi = dx + <usize>(i * inSize) * 4;
    gemm(1, ckk, p, o, w, dy + <usize>(i * o * p) * 4, pw ? dxi : col, work);
    if (!pw) unfold(geom, dxi, col, true);
  }
}

export function conv2dBackwardFilter(geom: usize, x: usize, dy: usize, dw: usize, dbias: usize, col: usize, work: usize): void {
  const n = g(geom, 0), o = g(geom, 4), ckk = g(geom, 1) * g(geom, 5) * g(geom, 6), p = g(geom, 11) * g(geom, 12);
  const inSize = g(geom, 1) * g(geom, 2) * g(geom, 3);
  const pw = pointwise(geom);
  const wino = winogradFits(geom) && finite(x, n * inSize) && finite(dy, n * o * p);
  if (wino) winogradFilter(geom, x, dy, dw, work);
  else memory.fill(dw, 0, <usize>(o * ckk) * 4);
  if (dbias != 0) memory.fill(dbias, 0, <usize>o * 4);
  for (let i = 0; i < n; i++) {
    const dyi = dy + <usize>(i * o * p) * 4;
    if (!wino) {
      const xi = x + <usize>(i * inSize) * 4;
      if (!pw) unfold(geom, xi, col, false);
      gemm(6, o, ckk, p, dyi, pw ? xi : col, dw, work);
    }
    if (dbias != 0) {
      for (let oc = 0; oc < o; oc++) {
        const r = dyi + <usize>(oc * p) * 4;
        let s: f64 = 0;
        for (let t = 0; t < p; t++) s += <f64>load<f32>(r + <usize>t * 4);
        const at = dbias + <usize>oc * 4;
        store<f32>(at, load<f32>(at) + <f32>s);
      }
    }
  }
}
