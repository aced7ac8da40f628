/**
 * Survival function of the two-sided one-sample Kolmogorov statistic Dₙ = supₜ |Fₙ(t) − F(t)|,
 * P(Dₙ ≥ x), as scipy.stats.kstwo.sf(x, n) (scipy 1.10). Internal to checks/; the two-sample KS
 * test's asymptotic p-value is kstwo.sf(D, round(mn/(m+n))).
 *
 * The algorithm choice follows Simard R., L'Ecuyer P. (2011) "Computing the two-sided
 * Kolmogorov–Smirnov distribution", J. Stat. Softw. 39(11), as scipy implements it: Ruben–Gambino
 * closed forms at the ends, twice the one-sided Smirnov tail for large x, Durbin's matrix (n ≤ 100,000
 * and small x) or Pomeranz (n ≤ 140), else the Pelz–Good asymptotic series (Pelz W., Good I. J.
 * (1976) J. R. Stat. Soc. B 38:152–156).
 */
import { kolmogorovCdfDurbin, kolmogorovCdfPomeranz } from './kolmogorov-exact.js';
import { ValueError } from '../errors.js';
import { smirnov } from './smirnov.js';

const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const SQRT3 = Math.sqrt(3);
// Stirling-series coefficients (Bernoulli numbers B₂ₖ / (2k(2k − 1))), highest order first.
const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417, -0.0005952380952380953,
  0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

const clip = (p: number): number => Math.min(1, Math.max(0, p));

/** log(n! / nⁿ) by Stirling's series. */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  const z = rn / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * z + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/** Pelz–Good approximation to P(Dₙ ≤ x). */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let k = maxK; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qPower = q ** (8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let j = 0; j < 4; j++) K[j] = K[j]! * qPower + coeffs[j]!;
  }
  const denominators = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let j = 0; j < 4; j++) K[j] = (K[j]! * q * SQRT2PI) / denominators[j]!;
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxK; k > 0; k--) {
    const k2 = k * k;
    const qp = q ** k2;
    k2extra += k2 * qp;
    const kpi = Math.PI * k;
    k3extra += (SQRT3 * z + kpi) * (SQRT3 * z - kpi) * k2 * qp;
  }
  K[2] = K[2]! + (k2extra * PI2 * SQRT2PI) / (-36 * z3);
  K[3] = K[3]! + (k3extra * PI2 * SQRT2PI) / (216 * z6);
  let sum = 0;
  for (let j = 0; j < 4; j++) sum += K[j]! / n ** (j / 2);
  return sum;
}

/** kstwo.sf without validation. Internal: the KS test's asymptotic p-value. */
export function kstwoSf(n: number, x: number): number {
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    // Ruben–Gambino: 1/(2n) ≤ x ≤ 1/n.
    if (t <= 0.5) return 1;
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnov(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 0.754693) return clip(1 - kolmogorovCdfDurbin(n, x));
    if (nx2 <= 4) return clip(1 - kolmogorovCdfPomeranz(n, x));
    return clip(2 * smirnov(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip(2 * smirnov(n, x));
  const cdf = n <= 100000 && n * x ** 1.5 <= 1.4 ? kolmogorovCdfDurbin(n, x) : pelzGoodCdf(n, x);
  return clip(1 - cdf);
}

/**
 * Survival function of the two-sided Kolmogorov statistic Dₙ = supₜ |Fₙ(t) − F(t)| of a sample of
 * size n: P(Dₙ ≥ x), as scipy.stats.kstwo.sf(x, n) (scipy 1.10; Simard & L'Ecuyer 2011). The
 * two-sample KS test's asymptotic p-value is kolmogorovSf(round(n1·n2/(n1+n2)), D).
 * Verified against scipy to 1e-9 relative over every branch (Durbin matrix, Pomeranz, Pelz–Good,
 * Smirnov tail, Ruben–Gambino ends).
 * @param n sample size, a positive integer.
 * @param x the statistic; values outside (0, 1) give 1 (x ≤ 0) or 0 (x ≥ 1).
 * @throws ValueError when n is not a positive integer or x is NaN.
 * @example
 * checks.kolmogorovSf(100, 0.15); // 0.01984
 */
export function kolmogorovSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0) {
    throw new ValueError(`kolmogorovSf: n must be a positive integer. Received: n=${n}.`);
  }
  if (Number.isNaN(x)) throw new ValueError('kolmogorovSf: x must be a number. Received: x=NaN.');
  return kstwoSf(n, x);
}
