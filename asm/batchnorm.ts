// AssemblyScript batch-norm statistics and gradient loops (the per-channel algebra stays in
// src/kernels/wasm-kernels.ts). Scalar double-precision accumulation in the order of the
// TypeScript reference (src/kernels/ts/batchnorm.ts), so results equal it bit for bit; for
// [n, c] (s = 1) the channels run in f64x2 lanes, each lane the reference's scalar arithmetic.
// Tensors are [n, c, s]; f64 arrays have c entries.


/** The f64x2 pair of float32 lanes 0–1 (`hi` false) or 2–3 (`hi` true) of v. */
// @ts-ignore: decorator
@inline
function widen(v: v128, hi: bool): v128 {
  return f64x2.promote_low_f32x4(hi ? i32x4.shuffle(v, v, 2, 3, 0, 1) : v);
}

/**
 * [n, c] (s = 1): per-channel sums of x (pass 0) or of (x − mean)² (pass 1) over the rows, four
 * channels per step in f64x2 pairs; each channel adds its rows in order, as the scalar loop.
 */
function rowSums(n: i32, c: i32, x: usize, mean: usize, sums: usize, squares: bool): void {
  const c4 = c & ~3;
  for (let i = 0; i < n; i++) {
    const row = x + (<usize>(i * c) << 2);
    for (let ch = 0; ch < c4; ch += 4) {
      const v = v128.load(row + (<usize>ch << 2));
      let lo = widen(v, false);
      let hi = widen(v, true);
      if (squares) {
        const m = v128.load(mean + (<usize>ch << 2));
        lo = f64x2.sub(lo, widen(m, false));
        hi = f64x2.sub(hi, widen(m, true));
        lo = f64x2.mul(lo, lo);
        hi = f64x2.mul(hi, hi);
      }
      const at = sums + (<usize>ch << 3);
      v128.store(at, f64x2.add(v128.load(at), lo));
      v128.store(at + 16, f64x2.add(v128.load(at + 16), hi));
    }
    for (let ch = c4; ch < c; ch++) {
      let v = <f64>load<f32>(row + (<usize>ch << 2));
      if (squares) {
        v -= <f64>load<f32>(mean + (<usize>ch << 2));
        v *= v;
      }
      const at = sums + (<usize>ch << 3);
      store<f64>(at, load<f64>(at) + v);
    }
  }
}

/** Per-channel batch mean and biased variance (two passes, double accumulators). */
export function bnMoments(n: i32, c: i32, s: i32, x: usize, mean: usize, variance: usize, sums: usize): void {
  const total = <f64>n * <f64>s;
  memory.fill(sums, 0, <usize>c << 3);
  if (s == 1) {
    for (let pass = 0; pass < 2; pass++) {
      rowSums(n, c, x, mean, sums, pass == 1);
      for (let ch = 0; ch < c; ch++) {
        const at = sums + (<usize>ch << 3);
        store<f32>((pass == 0 ? mean : variance) + (<usize>ch << 2), <f32>(load<f64>(at) / total));
        store<f64>(at, 0);
      }
    }
    return;
  }
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < n; i++) {
      let ch = 0;
      // Four channels at a time: four independent chains (each in the reference's order), so
      // the additions overlap instead of waiting on one another.
      for (; ch + 4 <= c; ch += 4) {
        const b0 = x + (<usize>(i * c + ch) * <usize>s << 2);
        const b1 = b0 + (<usize>s << 2), b2 = b1 + (<usize>s << 2), b3 = b2 + (<usize>s << 2);
        const mp = mean + (<usize>ch << 2);
        const m0: f64 = pass == 0 ? 0 : <f64>load<f32>(mp), m1: f64 = pass == 0 ? 0 : <f64>load<f32>(mp, 4);
        const m2: f64 = pass == 0 ? 0 : <f64>load<f32>(mp, 8), m3: f64 = pass == 0 ? 0 : <f64>load<f32>(mp, 12);
        let a0: f64 = 0, a1: f64 = 0, a2: f64 = 0, a3: f64 = 0;
        if (pass == 0) {
          for (let t = 0; t < s; t++) {
            const o = <usize>t << 2;
            a0 += <f64>load<f32>(b0 + o);
            a1 += <f64>load<f32>(b1 + o);
            a2 += <f64>load<f32>(b2 + o);
            a3 += <f64>load<f32>(b3 + o);
          }
        } else {
          for (let t = 0; t < s; t++) {
            const o = <usize>t << 2;
            const d0 = <f64>load<f32>(b0 + o) - m0, d1 = <f64>load<f32>(b1 + o) - m1;
            const d2 = <f64>load<f32>(b2 + o) - m2, d3 = <f64>load<f32>(b3 + o) - m3;
            a0 += d0 * d0;
            a1 += d1 * d1;
            a2 += d2 * d2;
            a3 += d3 * d3;
          }
        }
        const at = sums + (<usize>ch << 3);
        store<f64>(at, load<f64>(at) + a0);
        store<f64>(at, load<f64>(at, 8) + a1, 8);
        store<f64>(at, load<f64>(at, 16) + a2, 16);
        store<f64>(at, load<f64>(at, 24) + a3, 24);
      }
      for (; ch < c; ch++) {
        const base = x + (<usize>(i * c + ch) * <usize>s << 2);
        const mu: f64 = pass == 0 ? 0 : <f64>load<f32>(mean + (<usize>ch << 2));
        let acc: f64 = 0;
        for (let t = 0; t < s; t++) {
          const v = <f64>load<f32>(base + (<usize>t << 2));
          if (pass == 0) acc += v;
          else {
            const d = v - mu;
            acc += d * d;
          }
        }
        const at = sums + (<usize>ch << 3);
        store<f64>(at, load<f64>(at) + acc);
      }
    }
    for (let ch = 0; ch < c; ch++) {
      const at = sums + (<usize>ch << 3);
      store<f32>((pass == 0 ? mean : variance) + (<usize>ch << 2), <f32>(load<f64>(at) / total));
      store<f64>(at, 0);
    }
  }
}

/** Per-channel Σdy and Σdy·(x − μ) (double accumulators). */
export function bnBackwardSums(n: i32, c: i32, s: i32, x: usize, dy: usize, mean: usize, sumDy: usize, sumDyXc: usize): void {
  memory.fill(sumDy, 0, <usize>c << 3);
  memory.fill(sumDyXc, 0, <usize>c << 3);
  if (s == 1) {
    // [n, c]: four channels per step in f64x2 pairs, rows in order per channel.
    const c4 = c & ~3;
    for (let i = 0; i < n; i++) {
      const off = <usize>(i * c) << 2;
      for (let ch = 0; ch < c4; ch += 4) {
        const at = off + (<usize>ch << 2);
        const d = v128.load(dy + at);
        const xv = v128.load(x + at);
        const m = v128.load(mean + (<usize>ch << 2));
        const dlo = widen(d, false), dhi = widen(d, true);
        const blo = f64x2.mul(dlo, f64x2.sub(widen(xv, false), widen(m, false)));
        const bhi = f64x2.mul(dhi, f64x2.sub(widen(xv, true), widen(m, true)));
        const ca = sumDy + (<usize>ch << 3);
        const cb = sumDyXc + (<usize>ch << 3);
        v128.store(ca, f64x2.add(v128.load(ca), dlo));
        v128.store(ca + 16, f64x2.add(v128.load(ca + 16), dhi));
        v128.store(cb, f64x2.add(v128.load(cb), blo));
        v128.store(cb + 16, f64x2.add(v128.load(cb + 16), bhi));
      }
      for (let ch = c4; ch < c; ch++) {
        const at = off + (<usize>ch << 2);
        const d = <f64>load<f32>(dy + at);
        const ca = sumDy + (<usize>ch << 3);
        const cb = sumDyXc + (<usize>ch << 3);
        store<f64>(ca, load<f64>(ca) + d);
        store<f64>(cb, load<f64>(cb) + d * (<f64>load<f32>(x + at) - <f64>load<f32>(mean + (<usize>ch << 2))));
      }
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    let ch = 0;
    // Two channels at a time: four independent chains, each in the reference's order.
    for (; ch + 2 <= c; ch += 2) {
      const o0 = <usize>(i * c + ch) * <usize>s << 2;
      const o1 = o0 + (<usize>s << 2);
      const mu0 = <f64>load<f32>(mean + (<usize>ch << 2)), mu1 = <f64>load<f32>(mean + (<usize>ch << 2), 4);
      let a0: f64 = 0, b0: f64 = 0, a1: f64 = 0, b1: f64 = 0;
      for (let t = 0; t < s; t++) {
        const t4 = <usize>t << 2;
        const d0 = <f64>load<f32>(dy + o0 + t4), d1 = <f64>load<f32>(dy + o1 + t4);
        a0 += d0;
        b0 += d0 * (<f64>load<f32>(x + o0 + t4) - mu0);
        a1 += d1;
        b1 += d1 * (<f64>load<f32>(x + o1 + t4) - mu1);
      }
      const ca = sumDy + (<usize>ch << 3);
      const cb = sumDyXc + (<usize>ch << 3);
      store<f64>(ca, load<f64>(ca) + a0);
      store<f64>(cb, load<f64>(cb) + b0);
      store<f64>(ca, load<f64>(ca, 8) + a1, 8);
      store<f64>(cb, load<f64>(cb, 8) + b1, 8);
    }
    for (; ch < c; ch++) {
      const off = <usize>(i * c + ch) * <usize>s << 2;
      const mu = <f64>load<f32>(mean + (<usize>ch << 2));
      let a: f64 = 0;
      let b: f64 = 0;
      for (let t = 0; t < s; t++) {
        const at = off + (<usize>t << 2);
        const d = <f64>load<f32>(dy + at);
        a += d;
        b += d * (<f64>load<f32>(x + at) - mu);
      }
      const ca = sumDy + (<usize>ch << 3);
      const cb = sumDyXc + (<usize>ch << 3);
      store<f64>(ca, load<f64>(ca) + a);
      store<f64>(cb, load<f64>(cb) + b);
    }
  }
}

/** dx = A·dy − B − (x − μ)·C per channel (A, B, C in double). */
export function bnBackwardDx(n: i32, c: i32, s: i32, x: usize, dy: usize, mean: usize, ka: usize, kb: usize, kc: usize, dx: usize): void {
  if (s == 1) {
    // [n, c]: two channels per f64x2 step, each lane the scalar expression below.
    const c2 = c & ~1;
    for (let i = 0; i < n; i++) {
      const off = <usize>(i * c) << 2;
      for (let ch = 0; ch < c2; ch += 2) {
        const at = off + (<usize>ch << 2);
        const c8 = <usize>ch << 3;
        const d = f64x2.promote_low_f32x4(v128.load64_zero(dy + at));
        const xc = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(x + at)), f64x2.promote_low_f32x4(v128.load64_zero(mean + (<usize>ch << 2))));
        const r = f64x2.sub(f64x2.sub(f64x2.mul(v128.load(ka + c8), d), v128.load(kb + c8)), f64x2.mul(xc, v128.load(kc + c8)));
        v128.store64_lane(dx + at, f32x4.demote_f64x2_zero(r), 0);
      }
      for (let ch = c2; ch < c; ch++) {
        const at = off + (<usize>ch << 2);
        const c8 = <usize>ch << 3;
        const mu = <f64>load<f32>(mean + (<usize>ch << 2));
        store<f32>(dx + at, <f32>(load<f64>(ka + c8) * <f64>load<f32>(dy + at) - load<f64>(kb + c8) - (<f64>load<f32>(x + at) - mu) * load<f64>(kc + c8)));
      }
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const off = <usize>(i * c + ch) * <usize>s << 2;
      const c8 = <usize>ch << 3;
      const a = load<f64>(ka + c8), b = load<f64>(kb + c8), k = load<f64>(kc + c8);
      const mu = <f64>load<f32>(mean + (<usize>ch << 2));
      // Four elements per step in two f64x2 pairs, each lane the scalar expression below.
      const av = f64x2.splat(a), bv = f64x2.splat(b), kv = f64x2.splat(k), mv = f64x2.splat(mu);
      let t = 0;
      for (; t + 4 <= s; t += 4) {
        const at = off + (<usize>t << 2);
        const d = v128.load(dy + at), xv = v128.load(x + at);
        const lo = f64x2.sub(f64x2.sub(f64x2.mul(av, widen(d, false)), bv), f64x2.mul(f64x2.sub(widen(xv, false), mv), kv));
        const hi = f64x2.sub(f64x2.sub(f64x2.mul(av, widen(d, true)), bv), f64x2.mul(f64x2.sub(widen(xv, true), mv), kv));
        v128.store(dx + at, v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
      }
      for (; t < s; t++) {
        const at = off + (<usize>t << 2);
        store<f32>(dx + at, <f32>(a * <f64>load<f32>(dy + at) - b - (<f64>load<f32>(x + at) - mu) * k));
      }
    }
  }
}
