/**
 * The exact one-sided Smirnov distribution: P(D⁺ₙ ≥ x) for the one-sample statistic
 * D⁺ₙ = supₜ (Fₙ(t) − F(t)). Internal to checks/; used by the two-sided Kolmogorov tail.
 *
 * Birnbaum & Tingey (1951): P(D⁺ₙ ≥ x) = x Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) (x + v/n)^{v−1} (1 − x − v/n)^{n−v}.
 * The terms are summed in log space in double precision; scipy (cephes `smirnov`) sums the same
 * terms in double-double, so the two agree to about 1e-12 relative. Like scipy, n above 1,000,000
 * uses the approximation exp(−(6nx + 1)² / (18n)).
 */

const MAX_COMPUTE_N = 1_000_000;
const MIN_LOG = -708.3964185322641; // log of the smallest normal double, cephes MINLOG
const EPS = 2.220446049250313e-16;

/** P(D⁺ₙ ≥ x), scipy.special.smirnov(n, x). */
export function smirnov(n: number, x: number): number {
  if (!(n > 0) || !(x >= 0 && x <= 1)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  let nxFloor = Math.floor(nx);
  let alpha = nx - nxFloor;
  if (alpha >= 1) {
    nxFloor += 1;
    alpha = 0;
  }
  if (nxFloor === 0 || (nxFloor === 1 && alpha === 0)) {
    // x ≤ 1/n: only the v = 0 term of the complementary (upper) sum survives.
    return 1 - x * Math.pow(1 + x, n - 1);
  }
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (nxFloor >= n - 1) return Math.pow(1 - x, n);
  if (n > MAX_COMPUTE_N) {
    const logp = -Math.pow(6 * n * x + 1, 2) / 18 / n;
    // scipy keeps precision for small p by exponentiating, and for p near 1 through expm1.
    return logp < -Math.LN2 ? Math.exp(logp) : 1 - -Math.expm1(logp);
  }
  // Last index: ⌊n(1 − x)⌋, excluding v = n(1 − x) exactly (its term is 0^0 · 0 = 0 weight).
  let last = n - nxFloor - (alpha === 0 ? 0 : 1);
  if (alpha === 0) last -= 1;
  // log C(n, v) grows to ~n; summing its increments naively loses ~1e-8 relative at n = 10⁶,
  // so the running sum carries a Neumaier compensation term.
  let logC = 0;
  let logCComp = 0;
  let sum = 0;
  for (let v = 0; v <= last; v++) {
    const a = x + v / n;
    // log1p keeps log(1 − a) accurate when a is small and n − v is large.
    const logTerm = logC + logCComp + (v - 1) * Math.log(a) + (n - v) * Math.log1p(-a);
    const term = Math.exp(logTerm);
    sum += term;
    // Terms decrease after the mode; stop when the rest cannot matter (scipy's criterion).
    if (term > 0 && 4 * (last - v) * term < EPS * sum && v > 0) break;
    const inc = Math.log((n - v) / (v + 1));
    const t = logC + inc;
    logCComp += Math.abs(logC) >= Math.abs(inc) ? logC - t + inc : inc - t + logC;
    logC = t;
  }
  const p = x * sum;
  return Math.min(1, Math.max(0, p));
}
