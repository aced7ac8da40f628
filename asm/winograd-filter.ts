// The filter gradient of a 3×3 stride-1 convolution as the adjoint of Winograd F(2×2, 3×3)
// (asm/winograd.ts): the forward is y_tile = Aᵀ[(G g Gᵀ) ⊙ V_tile]A, linear in g, so
// dL/dg = Gᵀ[Σ_tiles (A dy_tile Aᵀ) ⊙ V_tile]G, where dy_tile is the 2×2 output tile (0 past the
// last row or column) and V_tile = Bᵀ d B the transformed input patch. The sum over the tiles of
// all images is, per point ξ, one GEMM Z_ξ[O × C] += D_ξ[O × tiles]·V_ξ[C × tiles]ᵀ: 2.25× fewer
// multiply-adds than im2col. Same conditions as the forward: finite x and dy (asm/conv.ts).
import { gemm, gemmWorkspace } from './gemm';
import { inputTransform, padImage, xiStride } from './winograd';

/** Tiles per block: the GEMM depth (gemm's KC), a whole 32×32 image. */
const TBF: i32 = 256;

function g(geom: usize, i: i32): i32 {
  return load<i32>(geom + <usize>i * 4);
}

function imin(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

/** Bytes of `work` winogradFilter needs for M outputs, K inputs channels and oh × ow outputs. */
export function winogradFilterWorkspace(m: i32, k: i32, oh: i32, ow: i32): i32 {
  const hp = (oh + 1) / 2 * 2 + 2, wp = (ow + 1) / 2 * 2 + 2;
  return k * hp * wp * 4 + 64 + 16 * <i32>(xiStride(k * TBF) + xiStride(m * TBF) + xiStride(m * k)) + 192 + gemmWorkspace(m, k, TBF) + 64;
}

/**
 * D_ξ = A dy_tile Aᵀ (A = [1 0; 1 1; 1 −1; 0 −1]) for tiles [t0, t0 + tb) of one image's dy
 * (m planes of oh × ow, tw tiles per row), row-major: D_ξ[o, l] at d + ξ·xiStride(m·ld) + 4·(o·ld + l);
 * columns tb ≤ l < ld are 0.
 */
function dyTransform(dy: usize, m: i32, oh: i32, ow: i32, tw: i32, t0: i32, tb: i32, d: usize, ld: i32): void {
  const ds = xiStride(m * ld);
  for (let o = 0; o < m; o++) {
    const plane = dy + <usize>(o * oh * ow) * 4;
    for (let l = 0; l < ld; l += 4) {
      const t = t0 + l, ty = t / tw, tx = t - ty * tw;
      let p0: v128, p1: v128, q0: v128, q1: v128;
      if (l + 4 <= tb && tx + 4 <= tw && 2 * ty + 2 <= oh && 2 * tx + 8 <= ow) {
        const r = plane + <usize>(2 * ty * ow + 2 * tx) * 4;
        const a = v128.load(r), b = v128.load(r, 16);
        const e = v128.load(r + <usize>ow * 4), f = v128.load(r + <usize>ow * 4, 16);
        p0 = v128.shuffle<f32>(a, b, 0, 2, 4, 6); p1 = v128.shuffle<f32>(a, b, 1, 3, 5, 7);
        q0 = v128.shuffle<f32>(e, f, 0, 2, 4, 6); q1 = v128.shuffle<f32>(e, f, 1, 3, 5, 7);
      } else {
        p0 = lanes(plane, t, tb - l, tw, oh, ow, 0, 0); p1 = lanes(plane, t, tb - l, tw, oh, ow, 0, 1);
        q0 = lanes(plane, t, tb - l, tw, oh, ow, 1, 0); q1 = lanes(plane, t, tb - l, tw, oh, ow, 1, 1);
      }
      const dst = d + <usize>(o * ld + l) * 4;
      // Rows of A dy: dy₀, dy₀ + dy₁, dy₀ − dy₁, −dy₁; then the same on the columns.
      storeRow(p0, p1, dst, ds);
      storeRow(f32x4.add(p0, q0), f32x4.add(p1, q1), dst + 4 * ds, ds);
      storeRow(f32x4.sub(p0, q0), f32x4.sub(p1, q1), dst + 8 * ds, ds);
      storeRow(f32x4.neg(q0), f32x4.neg(q1), dst + 12 * ds, ds);
    }
  }
}

/** (u₀, u₀ + u₁, u₀ − u₁, −u₁) at dst + j·ds. */
// @ts-ignore: decorator
@inline
function storeRow(u0: v128, u1: v128, dst: usize, ds: usize): void {
  v128.store(dst, u0);
  v128.store(dst + ds, f32x4.add(u0, u1));
  v128.store(dst + 2 * ds, f32x4.sub(u0, u1));
  v128.store(dst + 3 * ds, f32x4.neg(u1));
}

/** dy[2·ty + i, 2·tx + j] of tiles t … t + 3 (0 past the output or for the lanes ≥ valid). */
function lanes(plane: usize, t: i32, valid: i32, tw: i32, oh: i32, ow: i32, i: i32, j: i32): v128 {
  let v = f32x4.splat(0);
  for (let lane = 0; lane < 4 && lane < valid; lane++) {
    const u = t + lane, uy = u / tw, y = 2 * uy + i, x = 2 * (u - uy * tw) + j;
    const val: f32 = y < oh && x < ow ? load<f32>(plane + <usize>(y * ow + x) * 4) : 0;
    if (lane == 0) v = f32x4.replace_lane(v, 0, val);
    else if (lane == 1) v = f32x4.replace_lane(v, 1, val);
    else if (lane == 2) v = f32x4.replace_lane(v, 2, val);
    else v = f32x4.replace_lane(v, 3, val);
  }
  return v;
}

/**
 * dw[m, k, 3, 3] = the filter gradient of the 3×3 stride-1 convolution with geometry `geom`
 * (13 ints: n c h w o kh kw sh sw ph pw oh ow; padding ≤ 2) from x[n, k, ih, iw] and
 * dy[n, m, oh, ow]; `work` holds winogradFilterWorkspace(m, k, oh, ow) bytes.
 */
export function winogradFilter(geom: usize, x: usize, dy: usize, dw: usize, work: usize): void {
  const n = g(geom, 0), k = g(geom, 1), ih = g(geom, 2), iw = g(geom, 3), m = g(geom, 4);
  const ph = g(geom, 9), pw = g(geom, 10), oh = g(geom, 11), ow = g(geom, 12);
  const th = (oh + 1) / 2, tw = (ow + 1) / 2;
  const hp = 2 * th + 2, wp = 2 * tw + 2;
  const pad = work;
  const v = (pad + <usize>(k * hp * wp) * 4 + 63) & ~(<usize>63);
  const d = v + 16 * xiStride(k * TBF);
  const zs = xiStride(m * k);
  const z = d + 16 * xiStride(m * TBF);
  const gw = z + 16 * zs;
  memory.fill(z, 0, 16 * zs);
  const tiles = th * tw;
  for (let i = 0; i < n; i++) {
    padImage(x + <usize>(i * k * ih * iw) * 4, k, ih, iw, ph, pw, hp, wp, pad);
    const dyi = dy + <usize>(i * m * oh * ow) * 4;
    for (let t0 = 0; t0 < tiles; t0 += TBF) {
      const tb = imin(TBF, tiles - t0);
      const ld = (tb + 3) & ~3;
      inputTransform(pad, k, hp, wp, tw, t0, tb, v, false, ld);
      dyTransform(dyi, m, oh, ow, tw, t0, tb, d, ld);
      for (let xi = 0; xi < 16; xi++) {
        gemm(6, m, k, ld, d + <usize>xi * xiStride(m * ld), v + <usize>xi * xiStride(k * ld), z + <usize>xi * zs, gw);
      }
    }
  }
  // dw = Gᵀ Z G, Gᵀ = [1 ½ ½ 0; 0 ½ −½ 0; 0 ½ ½ 1], in double precision, rounded once.
  for (let o = 0; o < m; o++) {
    for (let c = 0; c < k; c++) {
      const at = z + <usize>(o * k + c) * 4;
      const out = dw + <usize>((o * k + c) * 9) * 4;
      for (let j = 0; j < 4; j++) {
        // Column j of Gᵀ Z, kept as three doubles in the scratch below the result.
        const z0 = <f64>load<f32>(at + <usize>j * zs), z1 = <f64>load<f32>(at + <usize>(4 + j) * zs);
        const z2 = <f64>load<f32>(at + <usize>(8 + j) * zs), z3 = <f64>load<f32>(at + <usize>(12 + j) * zs);
        store<f64>(gw + <usize>j * 8, z0 + 0.5 * (z1 + z2));
        store<f64>(gw + <usize>(4 + j) * 8, 0.5 * (z1 - z2));
        store<f64>(gw + <usize>(8 + j) * 8, 0.5 * (z1 + z2) + z3);
      }
      for (let a = 0; a < 3; a++) {
        const r = gw + <usize>(4 * a) * 8;
        const s0 = load<f64>(r), s1 = load<f64>(r, 8), s2 = load<f64>(r, 16), s3 = load<f64>(r, 24);
        store<f32>(out + <usize>(3 * a) * 4, <f32>(s0 + 0.5 * (s1 + s2)));
        store<f32>(out + <usize>(3 * a + 1) * 4, <f32>(0.5 * (s1 - s2)));
        store<f32>(out + <usize>(3 * a + 2) * 4, <f32>(0.5 * (s1 + s2) + s3));
      }
    }
  }
}
