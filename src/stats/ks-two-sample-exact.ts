/**
 * Exact null distribution of the two-sided two-sample Kolmogorov–Smirnov statistic, by lattice-path
 * counting (Hodges J. L. (1958) "The significance probability of the Smirnov two-sample test",
 * Ark. Mat. 3:469–486), with the 1 − p recursion of Viehmann T. (2021) "Numerically more stable
 * computation of the p-values for the two-sample Kolmogorov–Smirnov test", arXiv:2102.08037 —
 * the algorithm scipy 1.10 uses for ks_2samp(method='exact'). Internal to checks/.
 */
import { roundHalfEven } from './special.js';

/** P(D_{n,n} ≥ h/n) for equal sample sizes (alternating-sum formula evaluated Horner-style). */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/**
 * Proportion of monotone lattice paths from (0,0) to (m,n) that leave the band
 * |x/m − y/n| < h/lcm(m,n); computed column by column over a sliding window of the band.
 */
function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minJ = 0;
  let maxJ = Math.min(Math.ceil(h / mg), n + 1);
  let curLen = maxJ - minJ;
  const lenA = Math.min(2 * maxJ + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  for (let j = minJ; j < maxJ; j++) A[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastMinJ = minJ;
    const lastLen = curLen;
    minJ = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxJ = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxJ <= minJ) return 1;
    let val = minJ === 0 ? 0 : 1;
    for (let jj = 0; jj < maxJ - minJ; jj++) {
      const j = jj + minJ;
      val = (A[jj + minJ - lastMinJ]! * i + val * j) / (i + j);
      A[jj] = val;
    }
    curLen = maxJ - minJ;
    if (lastLen > curLen) A.fill(1, maxJ - minJ, maxJ - minJ + (lastLen - curLen));
  }
  return A[maxJ - minJ - 1]!;
}

/**
 * Exact two-sided p-value P(D ≥ d) for sample sizes n1, n2 with greatest common divisor g.
 * Returns the lattice-rounded statistic too (d is snapped to h/lcm, as scipy does).
 * `ok` is false when the computation is not a valid probability (scipy then falls back to 'asymp').
 */
export function ksTwoSampleExact(n1: number, n2: number, g: number, d: number): { ok: boolean; d: number; p: number } {
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const dRounded = h / lcm;
  if (h === 0) return { ok: true, d: dRounded, p: 1 };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
  return { ok: Number.isFinite(p) && p >= 0 && p <= 1, d: dRounded, p };
}
