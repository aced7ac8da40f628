/**
 * Exact algorithms for the CDF of the two-sided one-sample Kolmogorov statistic Dₙ, used by
 * {@link kolmogorovSf} in the regions where scipy uses them. Internal to checks/.
 *
 * - Durbin's matrix method in the Marsaglia–Tsang–Wang form: Durbin J. (1968) "The probability that
 *   the sample distribution function lies between two parallel straight lines", Ann. Math. Statist.
 *   39:398–411; Marsaglia G., Tsang W., Wang J. (2003) "Evaluating Kolmogorov's distribution",
 *   J. Stat. Softw. 8(18).
 * - Pomeranz J. (1974) "Exact cumulative distribution of the Kolmogorov–Smirnov statistic for small
 *   samples", Comm. ACM 17(12):703–704.
 */

const E128 = 128;
const P128 = 2 ** 128;
const M128 = 2 ** -128;

function ldexp(x: number, e: number): number {
  // Split the exponent so 2^e never overflows on its own.
  let r = x;
  let k = e;
  while (k > 1000) {
    r *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000) {
    r *= 2 ** -1000;
    k += 1000;
  }
  return r * 2 ** k;
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < m; p++) {
      const aip = a[i * m + p]!;
      if (aip === 0) continue;
      const bRow = p * m;
      const oRow = i * m;
      for (let j = 0; j < m; j++) out[oRow + j]! += aip * b[bRow + j]!;
    }
  }
  return out;
}

/** P(Dₙ ≤ d) by Durbin's matrix method (Marsaglia–Tsang–Wang scaling). */
export function kolmogorovCdfDurbin(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  let H: Float64Array = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1]!;
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r]!;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c]!;

  let power: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let exponent = 0;
  let hExponent = 0;
  let nn = n;
  while (nn > 0) {
    if (nn % 2 === 1) {
      power = matmul(power, H, m);
      exponent += hExponent;
    }
    H = matmul(H, H, m);
    hExponent *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)]!) > P128) {
      for (let i = 0; i < H.length; i++) H[i]! *= M128;
      hExponent += E128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = power[(k - 1) * m + (k - 1)]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < M128) {
      p *= P128;
      exponent -= E128;
    }
  }
  if (exponent !== 0) p = ldexp(p, exponent);
  return Math.min(1, Math.max(0, p));
}

function pomeranzBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** P(Dₙ ≤ x) by the Pomeranz recursion. */
export function kolmogorovCdfPomeranz(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const nPowers = 2 * (ll + 1);
  const gPow = new Float64Array(nPowers);
  const twoGPow = new Float64Array(nPowers);
  const oneMinusTwoGPow = new Float64Array(nPowers);
  gPow[0] = twoGPow[0] = oneMinusTwoGPow[0] = 1;
  for (let m = 1; m < nPowers; m++) {
    gPow[m] = (gPow[m - 1]! * (g / n)) / m;
    twoGPow[m] = (twoGPow[m - 1]! * ((2 * g) / n)) / m;
    oneMinusTwoGPow[m] = (oneMinusTwoGPow[m - 1]! * ((1 - 2 * g) / n)) / m;
  }
  let v0 = new Float64Array(nPowers);
  let v1 = new Float64Array(nPowers);
  v1[0] = 1;
  let s0 = 0;
  let s1 = 0;
  let exponent = 0;
  let j1 = pomeranzBounds(0, n, ll, ceilf, roundf)[0];
  let j2: number;
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [v0, v1] = [v1, v0];
    [s0, s1] = [s1, s0];
    v1.fill(0);
    [j1, j2] = pomeranzBounds(i, n, ll, ceilf, roundf);
    const powers = i === 1 || i === 2 * n + 1 ? gPow : i % 2 === 1 ? twoGPow : oneMinusTwoGPow;
    const len = j2 - k1 + 1;
    if (len > 0) {
      const aStart = k1 - s0;
      const aLen = Math.min(len, nPowers - aStart);
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      let max = 0;
      // Entries convStart .. convStart+convLen-1 of the full convolution of the two windows.
      for (let c = 0; c < convLen; c++) {
        const kk = convStart + c;
        let acc = 0;
        const lo = Math.max(0, kk - len + 1);
        const hi = Math.min(aLen - 1, kk);
        for (let a = lo; a <= hi; a++) acc += v0[aStart + a]! * powers[kk - a]!;
        v1[c] = acc;
        if (acc > max) max = acc;
      }
      if (max > 0 && max < M128) {
        for (let c = 0; c < nPowers; c++) v1[c]! *= P128;
        exponent -= E128;
      }
      s1 = s0 + j1 - k1;
    }
  }
  let ans = v1[n - s1]!;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > P128) {
      ans *= M128;
      exponent += E128;
    }
    ans *= m;
  }
  if (exponent !== 0) ans = ldexp(ans, exponent);
  return Math.min(1, Math.max(0, ans));
}
