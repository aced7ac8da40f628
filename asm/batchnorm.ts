// AssemblyScript batch-norm statistics and gradient loops (the per-channel algebra stays in
// src/kernels/wasm-kernels.ts). Scalar double-precision accumulation in the order of the
// TypeScript reference (src/kernels/ts/batchnorm.ts), so results equal it bit for bit; the gain
// over TypeScript is compiled typed-memory access. Tensors are [n, c, s]; f64 arrays have c entries.

/** Per-channel batch mean and biased variance (two passes, double accumulators). */
export function bnMoments(n: i32, c: i32, s: i32, x: usize, mean: usize, variance: usize, sums: usize): void {
  const total = <f64>n * <f64>s;
  memory.fill(sums, 0, <usize>c << 3);
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < c; ch++) {
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
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
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
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) {
      const off = <usize>(i * c + ch) * <usize>s << 2;
      const c8 = <usize>ch << 3;
      const a = load<f64>(ka + c8), b = load<f64>(kb + c8), k = load<f64>(kc + c8);
      const mu = <f64>load<f32>(mean + (<usize>ch << 2));
      for (let t = 0; t < s; t++) {
        const at = off + (<usize>t << 2);
        store<f32>(dx + at, <f32>(a * <f64>load<f32>(dy + at) - b - (<f64>load<f32>(x + at) - mu) * k));
      }
    }
  }
}
