// AssemblyScript Conv2d by im2col + GEMM (see native/conv.cpp for the formulas). The geometry is
// 13 i32 at `geom`: n c h w o kh kw sh sw ph pw oh ow. `col` holds C·KH·KW × OH·OW floats and
// `work` gemmWorkspace bytes for the largest of the three GEMMs.
import { gemm } from './gemm';

function g(geom: usize, i: i32): i32 {
  return load<i32>(geom + <usize>i * 4);
}

function floorDiv(a: i32, b: i32): i32 {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

function pointwise(geom: usize): bool {
  return g(geom, 5) == 1 && g(geom, 6) == 1 && g(geom, 7) == 1 && g(geom, 8) == 1 && g(geom, 9) == 0 && g(geom, 10) == 0;
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
          const s = x + <usize>((ch * h + iy) * w) * 4;
          if (add) {
            for (let ox = lo; ox < hi; ox++) {
              const at = s + <usize>(ox * sw - pw + kj) * 4;
              store<f32>(at, load<f32>(at) + load<f32>(d + <usize>ox * 4));
            }
          } else {
            for (let ox = 0; ox < lo; ox++) store<f32>(d + <usize>ox * 4, 0);
            for (let ox = lo; ox < hi; ox++) store<f32>(d + <usize>ox * 4, load<f32>(s + <usize>(ox * sw - pw + kj) * 4));
            for (let ox = hi; ox < ow; ox++) store<f32>(d + <usize>ox * 4, 0);
          }
        }
      }
    }
  }
}

export function conv2dForward(geom: usize, x: usize, w: usize, bias: usize, y: usize, col: usize, work: usize): void {
  const n = g(geom, 0), o = g(geom, 4), ckk = g(geom, 1) * g(geom, 5) * g(geom, 6), p = g(geom, 11) * g(geom, 12);
  const inSize = g(geom, 1) * g(geom, 2) * g(geom, 3);
  const pw = pointwise(geom);
  for (let i = 0; i < n; i++) {
    const xi = x + <usize>(i * inSize) * 4;
    if (!pw) unfold(geom, xi, col, false);
    const yi = y + <usize>(i * o * p) * 4;
    gemm(0, o, p, ckk, w, pw ? xi : col, yi, work);
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

export function conv2dBackwardInput(geom: usize, dy: usize, w: usize, dx: usize, col: usize, work: usize): void {
  const n = g(geom, 0), o = g(geom, 4), ckk = g(geom, 1) * g(geom, 5) * g(geom, 6), p = g(geom, 11) * g(geom, 12);
  const inSize = g(geom, 1) * g(geom, 2) * g(geom, 3);
  const pw = pointwise(geom);
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
  memory.fill(dw, 0, <usize>(o * ckk) * 4);
  if (dbias != 0) memory.fill(dbias, 0, <usize>o * 4);
  for (let i = 0; i < n; i++) {
    const xi = x + <usize>(i * inSize) * 4;
    if (!pw) unfold(geom, xi, col, false);
    const dyi = dy + <usize>(i * o * p) * 4;
    gemm(6, o, ckk, p, dyi, pw ? xi : col, dw, work);
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
