// The GEMM register tile (AssemblyScript SIMD): C[MR×NR] (+)= Apanel·Bpanel over kc, with 6×8
// floats in 12 accumulators (6 rows × two 4-wide vectors). With 16 vector registers on x64 (V8
// keeps one as scratch) 12 accumulators, two B vectors and one broadcast A value fit; the 4×8 tile
// it replaces ran 7–13% slower at the conv shapes. Partial tiles go through `tmp` (MR·NR floats).

/** Rows of a register tile (A panel height). */
export const MR: i32 = 6;
/** Columns of a register tile (B panel width). */
export const NR: i32 = 8;

/** a·b + c, one fused multiply-add with relaxed SIMD (compile-time choice). */
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** One MR×NR tile of C at `c` (leading dimension ldc floats) from packed panels a, b; mr×nr valid. */
export function micro(kc: i32, a: usize, b: usize, c: usize, ldc: i32, mr: i32, nr: i32, acc: bool, tmp: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  let c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  for (let q = 0; q < kc; q++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let av = v128.load32_splat(a);
    c00 = madd(av, b0, c00);
    c01 = madd(av, b1, c01);
    av = v128.load32_splat(a, 4);
    c10 = madd(av, b0, c10);
    c11 = madd(av, b1, c11);
    av = v128.load32_splat(a, 8);
    c20 = madd(av, b0, c20);
    c21 = madd(av, b1, c21);
    av = v128.load32_splat(a, 12);
    c30 = madd(av, b0, c30);
    c31 = madd(av, b1, c31);
    av = v128.load32_splat(a, 16);
    c40 = madd(av, b0, c40);
    c41 = madd(av, b1, c41);
    av = v128.load32_splat(a, 20);
    c50 = madd(av, b0, c50);
    c51 = madd(av, b1, c51);
    a += 24;
    b += 32;
  }
  const ld = <usize>ldc * 4;
  if (mr == MR && nr == NR) {
    if (acc) {
      c00 = f32x4.add(c00, v128.load(c));
      c01 = f32x4.add(c01, v128.load(c, 16));
      c10 = f32x4.add(c10, v128.load(c + ld));
      c11 = f32x4.add(c11, v128.load(c + ld, 16));
      c20 = f32x4.add(c20, v128.load(c + 2 * ld));
      c21 = f32x4.add(c21, v128.load(c + 2 * ld, 16));
      c30 = f32x4.add(c30, v128.load(c + 3 * ld));
      c31 = f32x4.add(c31, v128.load(c + 3 * ld, 16));
      c40 = f32x4.add(c40, v128.load(c + 4 * ld));
      c41 = f32x4.add(c41, v128.load(c + 4 * ld, 16));
      c50 = f32x4.add(c50, v128.load(c + 5 * ld));
      c51 = f32x4.add(c51, v128.load(c + 5 * ld, 16));
    }
    v128.store(c, c00);
    v128.store(c, c01, 16);
    v128.store(c + ld, c10);
    v128.store(c + ld, c11, 16);
    v128.store(c + 2 * ld, c20);
    v128.store(c + 2 * ld, c21, 16);
    v128.store(c + 3 * ld, c30);
    v128.store(c + 3 * ld, c31, 16);
    v128.store(c + 4 * ld, c40);
    v128.store(c + 4 * ld, c41, 16);
    v128.store(c + 5 * ld, c50);
    v128.store(c + 5 * ld, c51, 16);
    return;
  }
  v128.store(tmp, c00);
  v128.store(tmp, c01, 16);
  v128.store(tmp, c10, 32);
  v128.store(tmp, c11, 48);
  v128.store(tmp, c20, 64);
  v128.store(tmp, c21, 80);
  v128.store(tmp, c30, 96);
  v128.store(tmp, c31, 112);
  v128.store(tmp, c40, 128);
  v128.store(tmp, c41, 144);
  v128.store(tmp, c50, 160);
  v128.store(tmp, c51, 176);
  if (nr == NR) {
    for (let r = 0; r < mr; r++) {
      const at = c + <usize>r * ld, t = tmp + <usize>(r * NR) * 4;
      let v0 = v128.load(t), v1 = v128.load(t, 16);
      if (acc) {
        v0 = f32x4.add(v0, v128.load(at));
        v1 = f32x4.add(v1, v128.load(at, 16));
      }
      v128.store(at, v0);
      v128.store(at, v1, 16);
    }
    return;
  }
  for (let r = 0; r < mr; r++) {
    for (let j = 0; j < nr; j++) {
      const at = c + <usize>r * ld + <usize>j * 4;
      const v = load<f32>(tmp + <usize>(r * NR + j) * 4);
      store<f32>(at, acc ? load<f32>(at) + v : v);
    }
  }
}
