// Winograd F(2×2, 3×3) for 3×3 stride-1 convolutions (Lavin & Gray, "Fast Algorithms for
// Convolutional Neural Networks", CVPR 2016): each 2×2 output tile is Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A
// over its 4×4 input patch d, so the channel sums become 16 GEMMs (one per point ξ of the 4×4
// transform domain) of the transformed weights U_ξ [M × K] and the transformed patches V_ξ
// [K × tiles]: 16 products per tile instead of 36, 2.25× fewer multiply-adds than im2col.
// The sums are formed in another order than im2col's (equal within float32 rounding, not bit for
// bit), and the transforms mix a whole patch: a NaN or Inf would reach outputs whose window does
// not hold it, so asm/conv.ts takes this path only for finite inputs and weights.
import { KC } from './gemm';
import { MR, NR, micro } from './gemm-micro';

/** Tiles per block: the 16 V_ξ and M_ξ of one block stay in L2 (K = 64, M = 128: 256 + 512 KB). */
const TB: i32 = 64;

function g(geom: usize, i: i32): i32 {
  return load<i32>(geom + <usize>i * 4);
}

/** Bytes of one ξ's packed weights: MR-row panels over K (asm/gemm.ts packAFull's layout). */
function packedBytes(m: i32, k: i32): i32 {
  return (m + MR - 1) / MR * MR * k * 4;
}

/**
 * Bytes from one ξ's matrix of `floats` floats to the next: a cache line past the size rounded to
 * a line, so the 16 streams a transform writes or reads do not share L1 sets (at 16–64 KiB apart
 * they all mapped to one set and evicted each other).
 */
export function xiStride(floats: i32): usize {
  return ((<usize>floats * 4 + 63) & ~(<usize>63)) + 64;
}

/** Bytes of the 16 packed U_ξ for an M × K weight matrix. */
export function winogradWeightsSize(m: i32, k: i32): i32 {
  return 16 * packedBytes(m, k);
}

/**
 * Bytes of `work` winogradImage needs for M output and K input channels giving oh × ow outputs:
 * the zero-padded image, the 16 V_ξ and 16 M_ξ of one tile block, scratch.
 */
export function winogradWorkspace(m: i32, k: i32, oh: i32, ow: i32): i32 {
  const hp = (oh + 1) / 2 * 2 + 2, wp = (ow + 1) / 2 * 2 + 2;
  return 1024 + k * hp * wp * 4 + 64 + 16 * <i32>xiStride(TB * k) + 16 * <i32>xiStride(m * TB) + 64;
}

/**
 * U_ξ = G g Gᵀ for every (m, k) pair, packed per ξ as MR-row panels over K at dst + ξ·packedBytes.
 * g = w[m, k] (forward) or, when `flip`, w[k, m] turned by 180° (the input gradient's weights).
 * G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]; formed in double precision, rounded once.
 */
export function winogradWeights(w: usize, m: i32, k: i32, flip: bool, dst: usize): void {
  const pb = packedBytes(m, k);
  memory.fill(dst, 0, <usize>(16 * pb));
  for (let r = 0; r < m; r++) {
    const panel = dst + <usize>((r / MR) * MR * k + r % MR) * 4;
    for (let q = 0; q < k; q++) {
      const s = w + <usize>((flip ? q * m + r : r * k + q) * 9) * 4;
      const at = panel + <usize>(q * MR) * 4;
      for (let i = 0; i < 4; i++) {
        // t = row i of G g: G's row i against the columns of g.
        let t0: f64, t1: f64, t2: f64;
        if (i == 0 || i == 3) {
          const gr = i == 0 ? 0 : 2;
          t0 = cell(s, gr, 0, flip); t1 = cell(s, gr, 1, flip); t2 = cell(s, gr, 2, flip);
        } else {
          const sg: f64 = i == 1 ? 1 : -1;
          t0 = 0.5 * (cell(s, 0, 0, flip) + sg * cell(s, 1, 0, flip) + cell(s, 2, 0, flip));
          t1 = 0.5 * (cell(s, 0, 1, flip) + sg * cell(s, 1, 1, flip) + cell(s, 2, 1, flip));
          t2 = 0.5 * (cell(s, 0, 2, flip) + sg * cell(s, 1, 2, flip) + cell(s, 2, 2, flip));
        }
        const row = at + <usize>(4 * i * pb);
        store<f32>(row, <f32>t0);
        store<f32>(row + <usize>pb, <f32>(0.5 * (t0 + t1 + t2)));
        store<f32>(row + <usize>(2 * pb), <f32>(0.5 * (t0 - t1 + t2)));
        store<f32>(row + <usize>(3 * pb), <f32>t2);
      }
    }
  }
}

/** g[i, j] of the 3×3 kernel at s (turned by 180° when `flip`), in double precision. */
// @ts-ignore: decorator
@inline
function cell(s: usize, i: i32, j: i32, flip: bool): f64 {
  return <f64>load<f32>(s + <usize>(flip ? 8 - 3 * i - j : 3 * i + j) * 4);
}

/** The even lanes of a‖b (columns 0, 2, 4, 6 of eight consecutive floats). */
// @ts-ignore: decorator
@inline
function evens(a: v128, b: v128): v128 {
  return v128.shuffle<f32>(a, b, 0, 2, 4, 6);
}

/** The odd lanes of a‖b. */
// @ts-ignore: decorator
@inline
function odds(a: v128, b: v128): v128 {
  return v128.shuffle<f32>(a, b, 1, 3, 5, 7);
}

/** The float at `off` bytes past each of four addresses, as one vector. */
// @ts-ignore: decorator
@inline
function gather4(b0: usize, b1: usize, b2: usize, b3: usize, off: usize): v128 {
  let v = f32x4.splat(load<f32>(b0 + off));
  v = f32x4.replace_lane(v, 1, load<f32>(b1 + off));
  v = f32x4.replace_lane(v, 2, load<f32>(b2 + off));
  return f32x4.replace_lane(v, 3, load<f32>(b3 + off));
}

/** Row i of Bᵀ d B from the four columns of (Bᵀ d) row i, stored at dst + (4i + j)·vs. */
// @ts-ignore: decorator
@inline
function storeRow(e0: v128, e1: v128, e2: v128, e3: v128, dst: usize, vs: usize): void {
  v128.store(dst, f32x4.sub(e0, e2));
  v128.store(dst + vs, f32x4.add(e1, e2));
  v128.store(dst + 2 * vs, f32x4.sub(e2, e1));
  v128.store(dst + 3 * vs, f32x4.sub(e1, e3));
}

/**
 * V_ξ = Bᵀ d B for tiles [t0, t0 + tb) of the padded image (k channels of hp × wp at `pad`, tw
 * tiles per row), four tiles per vector (a group past tb repeats its last tile). `panels`: into
 * NR-wide panels over K, tile l, channel c of V_ξ at v + ξ·xiStride(TB·k) + 4·((l / NR)·NR·k + c·NR +
 * l mod NR) (the forward's B operand); else row-major, at v + ξ·xiStride(k·ld) + 4·(c·ld + l) (ld ≥ tb,
 * a multiple of 4).
 */
export function inputTransform(pad: usize, k: i32, hp: i32, wp: i32, tw: i32, t0: i32, tb: i32, v: usize, panels: bool, ld: i32): void {
  const vs = xiStride(panels ? TB * k : k * ld);
  const cstep = <usize>(panels ? NR : ld) * 4;
  const plane = <usize>(hp * wp) * 4;
  const rs = <usize>wp * 4;
  for (let l = 0; l < tb; l += 4) {
    const t = t0 + l, ty = t / tw, tx = t - ty * tw;
    const fast = l + 4 <= tb && tx + 4 <= tw;
    // Patch origins of the four tiles (past the block or the row: per tile, repeating the last).
    const o0 = <usize>((2 * ty) * wp + 2 * tx) * 4;
    let o1 = o0, o2 = o0, o3 = o0;
    if (!fast) {
      const n = imin(4, tb - l);
      if (n > 1) o1 = tileOrigin(t + 1, tw, wp);
      o2 = n > 2 ? tileOrigin(t + 2, tw, wp) : o1;
      o3 = n > 3 ? tileOrigin(t + 3, tw, wp) : o2;
    }
    let dst = v + <usize>(panels ? (l / NR) * NR * k + l % NR : l) * 4;
    for (let c = 0; c < k; c++, dst += cstep) {
      const p = pad + <usize>c * plane;
      let d00: v128, d01: v128, d02: v128, d03: v128, d10: v128, d11: v128, d12: v128, d13: v128;
      let d20: v128, d21: v128, d22: v128, d23: v128, d30: v128, d31: v128, d32: v128, d33: v128;
      if (fast) {
        // Columns 2tx + j of four consecutive tiles: even/odd lanes of two 8-float loads.
        let r = p + o0;
        let a = v128.load(r), b = v128.load(r, 16), e = v128.load(r, 8), f = v128.load(r, 24);
        d00 = evens(a, b); d01 = odds(a, b); d02 = evens(e, f); d03 = odds(e, f);
        r += rs;
        a = v128.load(r); b = v128.load(r, 16); e = v128.load(r, 8); f = v128.load(r, 24);
        d10 = evens(a, b); d11 = odds(a, b); d12 = evens(e, f); d13 = odds(e, f);
        r += rs;
        a = v128.load(r); b = v128.load(r, 16); e = v128.load(r, 8); f = v128.load(r, 24);
        d20 = evens(a, b); d21 = odds(a, b); d22 = evens(e, f); d23 = odds(e, f);
        r += rs;
        a = v128.load(r); b = v128.load(r, 16); e = v128.load(r, 8); f = v128.load(r, 24);
        d30 = evens(a, b); d31 = odds(a, b); d32 = evens(e, f); d33 = odds(e, f);
      } else {
        const b0 = p + o0, b1 = p + o1, b2 = p + o2, b3 = p + o3;
        d00 = gather4(b0, b1, b2, b3, 0); d01 = gather4(b0, b1, b2, b3, 4);
        d02 = gather4(b0, b1, b2, b3, 8); d03 = gather4(b0, b1, b2, b3, 12);
        d10 = gather4(b0, b1, b2, b3, rs); d11 = gather4(b0, b1, b2, b3, rs + 4);
        d12 = gather4(b0, b1, b2, b3, rs + 8); d13 = gather4(b0, b1, b2, b3, rs + 12);
        d20 = gather4(b0, b1, b2, b3, 2 * rs); d21 = gather4(b0, b1, b2, b3, 2 * rs + 4);
        d22 = gather4(b0, b1, b2, b3, 2 * rs + 8); d23 = gather4(b0, b1, b2, b3, 2 * rs + 12);
        d30 = gather4(b0, b1, b2, b3, 3 * rs); d31 = gather4(b0, b1, b2, b3, 3 * rs + 4);
        d32 = gather4(b0, b1, b2, b3, 3 * rs + 8); d33 = gather4(b0, b1, b2, b3, 3 * rs + 12);
      }
      // Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1], on the rows, then on the columns.
      storeRow(f32x4.sub(d00, d20), f32x4.sub(d01, d21), f32x4.sub(d02, d22), f32x4.sub(d03, d23), dst, vs);
      storeRow(f32x4.add(d10, d20), f32x4.add(d11, d21), f32x4.add(d12, d22), f32x4.add(d13, d23), dst + 4 * vs, vs);
      storeRow(f32x4.sub(d20, d10), f32x4.sub(d21, d11), f32x4.sub(d22, d12), f32x4.sub(d23, d13), dst + 8 * vs, vs);
      storeRow(f32x4.sub(d10, d30), f32x4.sub(d11, d31), f32x4.sub(d12, d32), f32x4.sub(d13, d33), dst + 12 * vs, vs);
    }
  }
}

function imin(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

/** Byte offset of tile t's patch in a padded channel plane. */
function tileOrigin(t: i32, tw: i32, wp: i32): usize {
  const ty = t / tw;
  return <usize>((2 * ty) * wp + 2 * (t - ty * tw)) * 4;
}

/**
 * Y = Aᵀ M A for tiles [t0, t0 + tb), Aᵀ = [1 1 1 0; 0 1 −1 −1], M_ξ rows of TB floats at
 * mx + ξ·xiStride(m·TB) + 4·o·TB; y holds m planes of oh × ow.
 */
function outputTransform(mx: usize, m: i32, oh: i32, ow: i32, tw: i32, t0: i32, tb: i32, y: usize, tmp: usize): void {
  const ms = xiStride(m * TB);
  for (let o = 0; o < m; o++) {
    const yo = y + <usize>(o * oh * ow) * 4;
    for (let l = 0; l < tb; l += 4) {
      const s = mx + <usize>(o * TB + l) * 4;
      const m00 = v128.load(s), m01 = v128.load(s + ms), m02 = v128.load(s + 2 * ms), m03 = v128.load(s + 3 * ms);
      const m10 = v128.load(s + 4 * ms), m11 = v128.load(s + 5 * ms), m12 = v128.load(s + 6 * ms), m13 = v128.load(s + 7 * ms);
      const m20 = v128.load(s + 8 * ms), m21 = v128.load(s + 9 * ms), m22 = v128.load(s + 10 * ms), m23 = v128.load(s + 11 * ms);
      const m30 = v128.load(s + 12 * ms), m31 = v128.load(s + 13 * ms), m32 = v128.load(s + 14 * ms), m33 = v128.load(s + 15 * ms);
      const a0 = f32x4.add(f32x4.add(m00, m10), m20), a1 = f32x4.add(f32x4.add(m01, m11), m21);
      const a2 = f32x4.add(f32x4.add(m02, m12), m22), a3 = f32x4.add(f32x4.add(m03, m13), m23);
      const b0 = f32x4.sub(f32x4.sub(m10, m20), m30), b1 = f32x4.sub(f32x4.sub(m11, m21), m31);
      const b2 = f32x4.sub(f32x4.sub(m12, m22), m32), b3 = f32x4.sub(f32x4.sub(m13, m23), m33);
      const y00 = f32x4.add(f32x4.add(a0, a1), a2), y01 = f32x4.sub(f32x4.sub(a1, a2), a3);
      const y10 = f32x4.add(f32x4.add(b0, b1), b2), y11 = f32x4.sub(f32x4.sub(b1, b2), b3);
      const t = t0 + l, ty = t / tw, tx = t - ty * tw;
      if (l + 4 <= tb && tx + 4 <= tw && 2 * ty + 2 <= oh && 2 * tx + 8 <= ow) {
        const r = yo + <usize>(2 * ty * ow + 2 * tx) * 4;
        v128.store(r, v128.shuffle<f32>(y00, y01, 0, 4, 1, 5));
        v128.store(r, v128.shuffle<f32>(y00, y01, 2, 6, 3, 7), 16);
        v128.store(r + <usize>ow * 4, v128.shuffle<f32>(y10, y11, 0, 4, 1, 5));
        v128.store(r + <usize>ow * 4, v128.shuffle<f32>(y10, y11, 2, 6, 3, 7), 16);
        continue;
      }
      // Tiles at the block end, across a row end, or on an odd last output row or column.
      v128.store(tmp, y00);
      v128.store(tmp, y01, 16);
      v128.store(tmp, y10, 32);
      v128.store(tmp, y11, 48);
      for (let j = 0; j < 4 && l + j < tb; j++) {
        const u = t + j, uy = u / tw, ux = u - uy * tw;
        for (let i = 0; i < 2; i++) {
          const oy = 2 * uy + i;
          if (oy >= oh) continue;
          for (let h = 0; h < 2; h++) {
            const ox = 2 * ux + h;
            if (ox < ow) store<f32>(yo + <usize>(oy * ow + ox) * 4, load<f32>(tmp + <usize>((2 * i + h) * 4 + j) * 4));
          }
        }
      }
    }
  }
}

/** The zero-padded image: row r, column s of channel c is x[c, r − ph, s − pw] (0 outside). */
export function padImage(x: usize, k: i32, ih: i32, iw: i32, ph: i32, pw: i32, hp: i32, wp: i32, pad: usize): void {
  memory.fill(pad, 0, <usize>(k * hp * wp) * 4);
  for (let c = 0; c < k; c++) {
    for (let r = 0; r < ih; r++) {
      memory.copy(pad + <usize>((c * hp + r + ph) * wp + pw) * 4, x + <usize>((c * ih + r) * iw) * 4, <usize>iw * 4);
    }
  }
}

/**
 * y[m × oh·ow] = the 3×3 stride-1 convolution of one image x[k, ih, iw] (padding ph, pw ≤ 2, as in
 * the 13-int geometry at `geom`: n c h w o kh kw sh sw ph pw oh ow) with the weights transformed
 * by winogradWeights at `u`; `work` holds winogradWorkspace(m, k, oh, ow) bytes.
 */
export function winogradImage(geom: usize, x: usize, u: usize, y: usize, work: usize): void {
  const k = g(geom, 1), ih = g(geom, 2), iw = g(geom, 3), m = g(geom, 4);
  const ph = g(geom, 9), pw = g(geom, 10), oh = g(geom, 11), ow = g(geom, 12);
  const th = (oh + 1) / 2, tw = (ow + 1) / 2;
  const hp = 2 * th + 2, wp = 2 * tw + 2;
  const tmp = work;
  const pad = work + 1024;
  const v = (pad + <usize>(k * hp * wp) * 4 + 63) & ~(<usize>63);
  const vs = xiStride(TB * k), ms = xiStride(m * TB);
  const mx = v + 16 * vs;
  padImage(x, k, ih, iw, ph, pw, hp, wp, pad);
  const pb = packedBytes(m, k);
  const tiles = th * tw;
  for (let t0 = 0; t0 < tiles; t0 += TB) {
    const tb = imin(TB, tiles - t0);
    inputTransform(pad, k, hp, wp, tw, t0, tb, v, true, 0);
    for (let xi = 0; xi < 16; xi++) {
      const a = u + <usize>(xi * pb), b = v + <usize>xi * vs, c = mx + <usize>xi * ms;
      for (let pc = 0; pc < k; pc += KC) {
        const kc = imin(KC, k - pc);
        for (let jr = 0; jr < tb; jr += NR) {
          for (let ir = 0; ir < m; ir += MR) {
            micro(kc, a + <usize>(ir * k + pc * MR) * 4, b + <usize>(jr * k + pc * NR) * 4,
              c + <usize>(ir * TB + jr) * 4, TB, imin(MR, m - ir), imin(NR, tb - jr), pc > 0, tmp);
          }
        }
      }
    }
    outputTransform(mx, m, oh, ow, tw, t0, tb, y, tmp + 256);
  }
}
