// AssemblyScript SIMD GEMM (compiled by scripts/build-kernels.mjs; not part of the TypeScript
// build). Same structure as native/gemm.cpp with 128-bit vectors: B packed into 8-wide panels,
// A into 6-high panels, a 6×8 register tile (12 accumulators, asm/gemm-micro.ts), GEMV shapes
// without packing. A can come packed once for many products (packA + flag 8: conv weights).
// With relaxed-SIMD enabled at compile time the multiply-add is one fused `relaxed_madd`.
// All pointers are byte offsets into this module's memory, placed there by the JavaScript side.

import { MR, NR, micro } from './gemm-micro';

export const KC: i32 = 256;
/** A block height: a multiple of MR (prepacked panels are addressed by row). */
export const MC: i32 = 72;
export const NC: i32 = 512;

function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

function imin(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

/** Bytes of packing workspace gemm needs for these sizes. */
export function gemmWorkspace(m: i32, n: i32, k: i32): i32 {
  const kc = imin(KC, k);
  const nc = (imin(NC, n) + NR - 1) / NR * NR;
  const mc = (imin(MC, m) + MR - 1) / MR * MR;
  return (kc * nc + kc * mc) * 4 + 1024;
}

// Element (i, j) of a view is at p + 4·(i·rs + j·cs).
/**
 * Six rows of A (row r at src + r·stride bytes, kc floats each) interleaved into one MR = 6 panel:
 * dst[q·6 + r] = row r [q]. Four steps at a time: rows 0–3 by a 4×4 register transpose, rows 4–5
 * as pairs, merged into six stores.
 */
function packRows6(src: usize, stride: usize, kc: i32, dst: usize): void {
  let q = 0;
  for (; q + 4 <= kc; q += 4) {
    const o = <usize>q * 4;
    const a0 = v128.load(src + o), a1 = v128.load(src + stride + o), a2 = v128.load(src + 2 * stride + o);
    const a3 = v128.load(src + 3 * stride + o), a4 = v128.load(src + 4 * stride + o), a5 = v128.load(src + 5 * stride + o);
    const t0 = v128.shuffle<f32>(a0, a1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(a0, a1, 2, 6, 3, 7);
    const t2 = v128.shuffle<f32>(a2, a3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(a2, a3, 2, 6, 3, 7);
    const c0 = v128.shuffle<f32>(t0, t2, 0, 1, 4, 5), c1 = v128.shuffle<f32>(t0, t2, 2, 3, 6, 7);
    const c2 = v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), c3 = v128.shuffle<f32>(t1, t3, 2, 3, 6, 7);
    const e = v128.shuffle<f32>(a4, a5, 0, 4, 1, 5), f = v128.shuffle<f32>(a4, a5, 2, 6, 3, 7);
    const d = dst + <usize>(q * 6) * 4;
    v128.store(d, c0);
    v128.store(d, v128.shuffle<f32>(e, c1, 0, 1, 4, 5), 16);
    v128.store(d, v128.shuffle<f32>(c1, e, 2, 3, 6, 7), 32);
    v128.store(d, c2, 48);
    v128.store(d, v128.shuffle<f32>(f, c3, 0, 1, 4, 5), 64);
    v128.store(d, v128.shuffle<f32>(c3, f, 2, 3, 6, 7), 80);
  }
  for (; q < kc; q++) {
    for (let r = 0; r < 6; r++) store<f32>(dst + <usize>(q * 6 + r) * 4, load<f32>(src + <usize>r * stride + <usize>q * 4));
  }
}

function packA(p: usize, rs: i32, cs: i32, i0: i32, p0: i32, mc: i32, kc: i32, dst: usize, m: i32): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = imin(MR, imin(mc, m - i0) - ir);
    const d = dst + <usize>(ir * kc) * 4;
    if (MR == 6 && mr == MR && cs == 1) {
      packRows6(p + <usize>((i0 + ir) * rs + p0) * 4, <usize>rs * 4, kc, d);
      continue;
    }
    if (mr == MR && rs == 1) {
      // A stored transposed: the MR values of step q are contiguous (one vector and one pair).
      for (let q = 0; q < kc; q++) {
        const s = p + <usize>(i0 + ir + (p0 + q) * cs) * 4;
        const o = d + <usize>(q * MR) * 4;
        v128.store(o, v128.load(s));
        store<i64>(o, load<i64>(s, 16), 16);
      }
      continue;
    }
    for (let q = 0; q < kc; q++) {
      for (let r = 0; r < MR; r++) {
        const v: f32 = r < mr ? load<f32>(p + <usize>((i0 + ir + r) * rs + (p0 + q) * cs) * 4) : 0;
        store<f32>(d + <usize>(q * MR + r) * 4, v);
      }
    }
  }
}

function packB(p: usize, rs: i32, cs: i32, p0: i32, j0: i32, kc: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = imin(NR, nc - jr);
    const d = dst + <usize>(jr * kc) * 4;
    if (rs == 1 && cs != 1 && nr == NR) {
      // Columns of op(B) are contiguous (B stored transposed): 4×4 blocks transposed in registers
      // instead of one strided scalar load per element.
      for (let c0 = 0; c0 < NR; c0 += 4) {
        const s0 = p + <usize>((j0 + jr + c0) * cs + p0) * 4;
        const s1 = s0 + <usize>cs * 4, s2 = s1 + <usize>cs * 4, s3 = s2 + <usize>cs * 4;
        let q = 0;
        for (; q + 4 <= kc; q += 4) {
          const o = <usize>q * 4;
          const a0 = v128.load(s0 + o), a1 = v128.load(s1 + o), a2 = v128.load(s2 + o), a3 = v128.load(s3 + o);
          const t0 = v128.shuffle<f32>(a0, a1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(a0, a1, 2, 6, 3, 7);
          const t2 = v128.shuffle<f32>(a2, a3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(a2, a3, 2, 6, 3, 7);
          const row = d + <usize>(q * NR + c0) * 4;
          v128.store(row, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
          v128.store(row + NR * 4, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
          v128.store(row + 2 * NR * 4, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
          v128.store(row + 3 * NR * 4, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
        }
        for (; q < kc; q++) {
          const row = d + <usize>(q * NR + c0) * 4;
          const o = <usize>q * 4;
          store<f32>(row, load<f32>(s0 + o));
          store<f32>(row + 4, load<f32>(s1 + o));
          store<f32>(row + 8, load<f32>(s2 + o));
          store<f32>(row + 12, load<f32>(s3 + o));
        }
      }
      continue;
    }
    for (let q = 0; q < kc; q++) {
      const row = d + <usize>(q * NR) * 4;
      if (cs == 1 && nr == NR) {
        const s = p + <usize>((p0 + q) * rs + j0 + jr) * 4;
        v128.store(row, v128.load(s));
        v128.store(row, v128.load(s, 16), 16);
      } else {
        for (let c = 0; c < NR; c++) {
          const v: f32 = c < nr ? load<f32>(p + <usize>((p0 + q) * rs + (j0 + jr + c) * cs) * 4) : 0;
          store<f32>(row + <usize>c * 4, v);
        }
      }
    }
  }
}

/** y[i] (+)= Σ_q M(i, q)·x[q], M rows contiguous with leading dimension ld (floats). */
function gemvDots(rows: i32, len: i32, mat: usize, ld: i32, x: usize, y: usize, acc: bool): void {
  for (let i = 0; i < rows; i++) {
    const r = mat + <usize>(i * ld) * 4;
    let s = f32x4.splat(0);
    let q = 0;
    for (; q + 4 <= len; q += 4) s = madd(v128.load(r + <usize>q * 4), v128.load(x + <usize>q * 4), s);
    let t: f32 = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
    for (; q < len; q++) t += load<f32>(r + <usize>q * 4) * load<f32>(x + <usize>q * 4);
    const at = y + <usize>i * 4;
    store<f32>(at, acc ? load<f32>(at) + t : t);
  }
}

/** y[j] (+)= Σ_q x[q]·M(q, j), M rows contiguous with leading dimension ld (floats); zero x[q] are
 * not skipped, so 0·NaN = NaN reaches y as in PyTorch's BLAS. */
function gemvAxpy(len: i32, cols: i32, mat: usize, ld: i32, x: usize, y: usize, acc: bool): void {
  if (!acc) memory.fill(y, 0, <usize>cols * 4);
  for (let q = 0; q < len; q++) {
    const xq = load<f32>(x + <usize>q * 4);
    const r = mat + <usize>(q * ld) * 4;
    const xv = f32x4.splat(xq);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const at = y + <usize>j * 4;
      v128.store(at, madd(xv, v128.load(r + <usize>j * 4), v128.load(at)));
    }
    for (; j < cols; j++) {
      const at = y + <usize>j * 4;
      store<f32>(at, load<f32>(at) + xq * load<f32>(r + <usize>j * 4));
    }
  }
}

/** Bytes of `packA` output for an m×k op(A): MR-row panels over the full k. */
export function packedASize(m: i32, k: i32): i32 {
  return (m + MR - 1) / MR * MR * k * 4;
}

/**
 * Packs op(A) (m×k; stored k×m when `ta`) into MR-row panels over the full k, the layout gemm
 * reads with flag 8: panel i at dst + 4·i·MR·k, row q of a panel at + 4·q·MR (rows past m are 0).
 */
export function packAFull(ta: bool, m: i32, k: i32, a: usize, dst: usize): void {
  packA(a, ta ? 1 : k, ta ? m : 1, 0, 0, (m + MR - 1) / MR * MR, k, dst, m);
}

/**
 * C[m×n] (+)= op(A)·op(B) (flags: 1 transA, 2 transB, 4 accumulate, 8 A already packed by
 * packAFull: transA ignored, no GEMV shortcut for n = 1); `work` holds gemmWorkspace(m, n, k)
 * bytes, 64-byte aligned.
 */
export function gemm(flags: i32, m: i32, n: i32, k: i32, a: usize, b: usize, c: usize, work: usize): void {
  const ta = (flags & 1) != 0, tb = (flags & 2) != 0, acc = (flags & 4) != 0, pre = (flags & 8) != 0;
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!acc) memory.fill(c, 0, <usize>(m * n) * 4);
    return;
  }
  if (n == 1 && !pre) {
    if (!ta) gemvDots(m, k, a, k, b, c, acc);
    else gemvAxpy(k, m, a, m, b, c, acc);
    return;
  }
  if (m == 1 && !pre) {
    if (!tb) gemvAxpy(k, n, b, n, a, c, acc);
    else gemvDots(n, k, b, k, a, c, acc);
    return;
  }
  const ars = ta ? 1 : k, acs = ta ? m : 1;
  const brs = tb ? 1 : n, bcs = tb ? k : 1;
  const tmp = work;
  const bp = work + 256 * 4;
  const ap = bp + <usize>(imin(KC, k) * ((imin(NC, n) + NR - 1) / NR * NR)) * 4;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = imin(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = imin(KC, k - pc);
      const blkAcc = acc || pc > 0;
      packB(b, brs, bcs, pc, jc, kc, nc, bp);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = imin(MC, m - ic);
        // Prepacked A: the panels of rows ic… start at row pc of their full-k panels.
        const apk = pre ? a + <usize>(ic * k + pc * MR) * 4 : ap;
        const astride = pre ? k : kc;
        if (!pre) packA(a, ars, acs, ic, pc, mc, kc, ap, m);
        for (let jr = 0; jr < nc; jr += NR) {
          for (let ir = 0; ir < mc; ir += MR) {
            micro(kc, apk + <usize>(ir * astride) * 4, bp + <usize>(jr * kc) * 4,
              c + <usize>((ic + ir) * n + jc + jr) * 4, n, imin(MR, mc - ir), imin(NR, nc - jr), blkAcc, tmp);
          }
        }
      }
    }
  }
}
