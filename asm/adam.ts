// AssemblyScript Adam / AdamW step (see src/kernels/ts/adam.ts, the reference it equals bit for
// bit). Each float32 rounding of the reference is one f32x4 operation (a float64 product, sum,
// quotient or square root of float32 values rounded to float32 is the float32 operation); the
// reference's fused forms f(x·y + z) run in f64x2 lanes, where x·y is exact, and round once.
// Pointers are byte offsets into this module's memory.

/** f32(x·y + z) on four lanes: x·y exact in double, one rounding. */
// @ts-ignore: decorator
@inline
function fused(x: v128, y: v128, z: v128): v128 {
  const lo = f64x2.add(f64x2.mul(f64x2.promote_low_f32x4(x), f64x2.promote_low_f32x4(y)), f64x2.promote_low_f32x4(z));
  const xh = i32x4.shuffle(x, x, 2, 3, 0, 1);
  const yh = i32x4.shuffle(y, y, 2, 3, 0, 1);
  const zh = i32x4.shuffle(z, z, 2, 3, 0, 1);
  const hi = f64x2.add(f64x2.mul(f64x2.promote_low_f32x4(xh), f64x2.promote_low_f32x4(yh)), f64x2.promote_low_f32x4(zh));
  return i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/**
 * One step in place over n elements. The float32 scalars are the reference's: negStep =
 * −lr/(1−β₁ᵗ), bc2Sqrt = √(1−β₂ᵗ), decay (AdamW, else 1), l2 (Adam's weight decay, else 0),
 * b1, b2, a1 = 1−β₁, a2 = 1−β₂, eps.
 */
export function adam(
  n: i32, param: usize, grad: usize, expAvg: usize, expAvgSq: usize,
  negStep: f32, bc2Sqrt: f32, decay: f32, l2: f32, b1: f32, b2: f32, a1: f32, a2: f32, eps: f32,
): void {
  const vNeg = f32x4.splat(negStep), vBc = f32x4.splat(bc2Sqrt), vDecay = f32x4.splat(decay), vL2 = f32x4.splat(l2);
  const vB1 = f32x4.splat(b1), vB2 = f32x4.splat(b2), vA1 = f32x4.splat(a1), vA2 = f32x4.splat(a2), vEps = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    const p = f32x4.mul(v128.load(param + at), vDecay);
    let g = v128.load(grad + at);
    if (l2 != 0) g = fused(vL2, p, g);
    const m = fused(vA1, g, f32x4.mul(v128.load(expAvg + at), vB1));
    const v = fused(f32x4.mul(vA2, g), g, f32x4.mul(v128.load(expAvgSq + at), vB2));
    v128.store(expAvg + at, m);
    v128.store(expAvgSq + at, v);
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(v), vBc), vEps);
    v128.store(param + at, f32x4.add(p, f32x4.div(f32x4.mul(vNeg, m), denom)));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    const p = load<f32>(param + at) * decay;
    let g = load<f32>(grad + at);
    if (l2 != 0) g = <f32>(<f64>l2 * <f64>p + <f64>g);
    const m = <f32>(<f64>a1 * <f64>g + <f64>(load<f32>(expAvg + at) * b1));
    const v = <f32>(<f64>(a2 * g) * <f64>g + <f64>(load<f32>(expAvgSq + at) * b2));
    store<f32>(expAvg + at, m);
    store<f32>(expAvgSq + at, v);
    const denom = Mathf.sqrt(v) / bc2Sqrt + eps;
    store<f32>(param + at, p + (negStep * m) / denom);
  }
}
