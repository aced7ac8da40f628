// AssemblyScript SIMD elementwise arithmetic and sums (see `Kernels.binary`, `Kernels.sumAlong`
// and `Kernels.sum` in src/kernels/kernels.ts). f32x4 add/sub/mul/div round each result to
// float32 as the scalar loops of src/kernels/ts/binary.ts do (a float64 operation on float32
// operands rounded once more to float32 gives the same value), so results equal them bit for
// bit. Column sums keep the reference's row order per column in double precision (exact too);
// row sums use four double accumulators (the order is not specified, as on the native tier).
// Pointers are byte offsets into this module's memory.

/** f(x, y) for op 0 add, 1 sub, 2 mul, 3 div, on four lanes. */
// @ts-ignore: decorator
@inline
function fv(op: i32, x: v128, y: v128): v128 {
  if (op == 0) return f32x4.add(x, y);
  if (op == 1) return f32x4.sub(x, y);
  if (op == 2) return f32x4.mul(x, y);
  return f32x4.div(x, y);
}

/** f(x, y) on one lane. */
// @ts-ignore: decorator
@inline
function fs(op: i32, x: f32, y: f32): f32 {
  if (op == 0) return x + y;
  if (op == 1) return x - y;
  if (op == 2) return x * y;
  return x / y;
}

/** out[i] = f(a[i], v[i]) (f(v[i], a[i]) when swap) over n elements. */
// @ts-ignore: decorator
@inline
function run(op: i32, swap: bool, n: i32, a: usize, v: usize, out: usize): void {
  // The left operand first: f(v[i], a[i]) when swap.
  const l = swap ? v : a;
  const r = swap ? a : v;
  let i = 0;
  // Four vectors per iteration: V8 keeps a stack check and the index arithmetic in every loop
  // iteration, which cost about as much as the add itself (2.2 cycles per vector at [64, 128]).
  for (; i + 16 <= n; i += 16) {
    const at = <usize>i << 2;
    const x = l + at, y = r + at, o = out + at;
    v128.store(o, fv(op, v128.load(x), v128.load(y)));
    v128.store(o, fv(op, v128.load(x, 16), v128.load(y, 16)), 16);
    v128.store(o, fv(op, v128.load(x, 32), v128.load(y, 32)), 32);
    v128.store(o, fv(op, v128.load(x, 48), v128.load(y, 48)), 48);
  }
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    v128.store(out + at, fv(op, v128.load(l + at), v128.load(r + at)));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    store<f32>(out + at, fs(op, load<f32>(l + at), load<f32>(r + at)));
  }
}

/** out[i] = f(a[i], s) (f(s, a[i]) when swap) over n elements. */
// @ts-ignore: decorator
@inline
function runScalar(op: i32, swap: bool, n: i32, a: usize, s: f32, out: usize): void {
  const sv = f32x4.splat(s);
  let i = 0;
  if (swap) {
    for (; i + 4 <= n; i += 4) {
      const at = <usize>i << 2;
      v128.store(out + at, fv(op, sv, v128.load(a + at)));
    }
    for (; i < n; i++) store<f32>(out + (<usize>i << 2), fs(op, s, load<f32>(a + (<usize>i << 2))));
  } else {
    for (; i + 4 <= n; i += 4) {
      const at = <usize>i << 2;
      v128.store(out + at, fv(op, v128.load(a + at), sv));
    }
    for (; i < n; i++) store<f32>(out + (<usize>i << 2), fs(op, load<f32>(a + (<usize>i << 2)), s));
  }
}

/** The body of `binary` for one operation code (0–3) and operand order. */
// @ts-ignore: decorator
@inline
function binaryOp(op: i32, swap: bool, n: i32, a: usize, b: usize, out: usize, mid: i32, inner: i32): void {
  if (mid == 0) {
    run(op, swap, n, a, b, out);
  } else if (inner == 1) {
    for (let row = 0; row < n; row += mid) {
      const at = <usize>row << 2;
      run(op, swap, mid, a + at, b, out + at);
    }
  } else {
    for (let i = 0; i < n; ) {
      for (let m = 0; m < mid; m++) {
        const at = <usize>i << 2;
        runScalar(op, swap, inner, a + at, load<f32>(b + (<usize>m << 2)), out + at);
        i += inner;
      }
    }
  }
}

/**
 * out[i] = f(a[i], b′[i]) with f by `op & 3` (add, sub, mul, div) and the operands swapped when
 * `op & 4`; b′ = b when mid = 0, else b[⌊i / inner⌋ mod mid]. `out` may equal `a`.
 */
export function binary(op: i32, n: i32, a: usize, b: usize, out: usize, mid: i32, inner: i32): void {
  const swap = (op & 4) != 0;
  switch (op & 3) {
    case 0: binaryOp(0, false, n, a, b, out, mid, inner); break;
    case 1: if (swap) binaryOp(1, true, n, a, b, out, mid, inner); else binaryOp(1, false, n, a, b, out, mid, inner); break;
    case 2: binaryOp(2, false, n, a, b, out, mid, inner); break;
    default: if (swap) binaryOp(3, true, n, a, b, out, mid, inner); else binaryOp(3, false, n, a, b, out, mid, inner); break;
  }
}

/** Σ of n floats from x in double precision (four two-lane accumulators). */
export function sum(n: i32, x: usize): f64 {
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const at = x + (<usize>i << 2);
    const v = v128.load(at);
    const w = v128.load(at + 16);
    s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
    s1 = f64x2.add(s1, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)));
    s2 = f64x2.add(s2, f64x2.promote_low_f32x4(w));
    s3 = f64x2.add(s3, f64x2.promote_low_f32x4(i32x4.shuffle(w, w, 2, 3, 0, 1)));
  }
  const t = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
  let s = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
  for (; i < n; i++) s += <f64>load<f32>(x + (<usize>i << 2));
  return s;
}

/**
 * Sums along the middle of an [outer, n, inner] view times `scale`:
 * out[o·inner + j] = scale·Σ_r x[(o·n + r)·inner + j]; `acc` is scratch for inner doubles.
 */
export function sumAlong(outer: i32, n: i32, inner: i32, x: usize, out: usize, scale: f64, acc: usize): void {
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      store<f32>(out + (<usize>o << 2), <f32>(sum(n, x + (<usize>o * <usize>n << 2)) * scale));
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    memory.fill(acc, 0, <usize>inner << 3);
    const base = x + (<usize>o * <usize>n * <usize>inner << 2);
    for (let r = 0; r < n; r++) {
      const row = base + (<usize>r * <usize>inner << 2);
      let j = 0;
      for (; j + 4 <= inner; j += 4) {
        const v = v128.load(row + (<usize>j << 2));
        const p = acc + (<usize>j << 3);
        v128.store(p, f64x2.add(v128.load(p), f64x2.promote_low_f32x4(v)));
        v128.store(p + 16, f64x2.add(v128.load(p + 16), f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1))));
      }
      for (; j < inner; j++) {
        const p = acc + (<usize>j << 3);
        store<f64>(p, load<f64>(p) + <f64>load<f32>(row + (<usize>j << 2)));
      }
    }
    const dst = out + (<usize>o * <usize>inner << 2);
    for (let j = 0; j < inner; j++) store<f32>(dst + (<usize>j << 2), <f32>(load<f64>(acc + (<usize>j << 3)) * scale));
  }
}

/**
 * Column sums in float32, rows in order (the reference's rounding per addition):
 * out[j] (+)= Σᵢ x[i·n + j]; `out` holds the starting values when `accumulate`.
 */
export function sumRows(m: i32, n: i32, x: usize, out: usize, accumulate: bool): void {
  if (!accumulate) memory.fill(out, 0, <usize>n << 2);
  for (let i = 0; i < m; i++) {
    const row = x + (<usize>i * <usize>n << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const at = <usize>j << 2;
      v128.store(out + at, f32x4.add(v128.load(out + at), v128.load(row + at)));
    }
    for (; j < n; j++) {
      const at = <usize>j << 2;
      store<f32>(out + at, load<f32>(out + at) + load<f32>(row + at));
    }
  }
}
