import { UndefinedMetricError, ValueError } from '../errors.js';
import { logGamma } from '../stats/special.js';

/**
 * How the linear predictor (logit of the predicted risk) is distributed in the validation population:
 * - `{ mean, sd }`: normal (pmvalsampsize's `lpnormal`);
 * - `{ mean, sd, skewness, kurtosis }`: the Ramberg et al. (1979) generalized lambda distribution
 *   with these four moments (kurtosis not excess: 3 is the normal's), the skewed-normal generator
 *   behind the figures of Riley et al. (2021)'s worked example;
 * - `{ values }`: observed logits, each weighted equally.
 */
export type LinearPredictorDistribution =
  | { mean: number; sd: number }
  | { mean: number; sd: number; skewness: number; kurtosis: number }
  | { values: ArrayLike<number> };

/** E[g(LP) · 1(lower ≤ LP < upper)] under one LP distribution. */
export type LpExpectation = (g: (x: number) => number, lower?: number, upper?: number) => number;

/**
 * The expectation operator of an LP distribution, validated once. Normal: composite Simpson on
 * mean ± 12 sd. Generalized lambda: E[g(Q(U))], U uniform, by tanh-sinh quadrature over u, whose
 * end-point clustering handles the quantile function's infinite slope at 0 and 1. Values: the mean.
 * @throws ValueError for a non-finite mean or value, a non-positive sd, empty values, or moments
 * that no generalized lambda distribution reaches.
 */
export function lpExpectation(who: string, lp: LinearPredictorDistribution): LpExpectation {
  if ('values' in lp) {
    const m = lp.values.length;
    if (m === 0) throw new ValueError(`${who}: lp.values must not be empty. Received: 0 values.`);
    const xs = Float64Array.from(lp.values as ArrayLike<number>);
    for (let i = 0; i < m; i++) {
      if (!Number.isFinite(xs[i]!)) throw new ValueError(`${who}: lp.values must be finite. Received: ${xs[i]} at index ${i}.`);
    }
    return (g, lower = -Infinity, upper = Infinity) => {
      let s = 0;
      for (let i = 0; i < m; i++) {
        const x = xs[i]!;
        if (x >= lower && x < upper) s += g(x);
      }
      return s / m;
    };
  }
  const { mean, sd } = lp;
  if (!Number.isFinite(mean) || !(sd > 0 && Number.isFinite(sd))) {
    throw new ValueError(`${who}: lp needs a finite mean and a positive sd. Received: mean=${mean}, sd=${sd}.`);
  }
  if ('skewness' in lp) return gldExpectation(who, fitGeneralizedLambda(who, mean, sd, lp.skewness, lp.kurtosis));
  return normalExpectation(mean, sd);
}

function normalExpectation(mean: number, sd: number): LpExpectation {
  return (g, lower = -Infinity, upper = Infinity) => {
    const lo = Math.max(lower, mean - 12 * sd); // the normal mass outside ± 12 sd is < 1e-32
    const hi = Math.min(upper, mean + 12 * sd);
    if (!(hi > lo)) return 0;
    const steps = 20_000;
    const h = (hi - lo) / steps;
    let acc = 0;
    for (let k = 0; k <= steps; k++) {
      const x = lo + k * h;
      const z = (x - mean) / sd;
      const wk = k === 0 || k === steps ? 1 : k % 2 === 1 ? 4 : 2;
      acc += wk * g(x) * Math.exp(-0.5 * z * z);
    }
    return ((acc * h) / 3) / (sd * Math.sqrt(2 * Math.PI));
  };
}

/** Ramberg–Schmeiser parameters: Q(u) = λ1 + (u^λ3 − (1 − u)^λ4)/λ2. */
export interface GeneralizedLambda {
  l1: number;
  l2: number;
  l3: number;
  l4: number;
}

const beta = (a: number, b: number): number => Math.exp(logGamma(a) + logGamma(b) - logGamma(a + b));

/** A = E[(U^λ3 − (1−U)^λ4)], the variance, skewness and kurtosis of the standard GLD (Ramberg et al. 1979). */
function gldMoments(l3: number, l4: number): { a: number; v: number; skew: number; kurt: number } {
  const a = 1 / (1 + l3) - 1 / (1 + l4);
  const b = 1 / (1 + 2 * l3) + 1 / (1 + 2 * l4) - 2 * beta(1 + l3, 1 + l4);
  const c = 1 / (1 + 3 * l3) - 1 / (1 + 3 * l4) - 3 * beta(1 + 2 * l3, 1 + l4) + 3 * beta(1 + l3, 1 + 2 * l4);
  const d = 1 / (1 + 4 * l3) + 1 / (1 + 4 * l4) - 4 * beta(1 + 3 * l3, 1 + l4) + 6 * beta(1 + 2 * l3, 1 + 2 * l4) - 4 * beta(1 + l3, 1 + 3 * l4);
  const v = b - a * a;
  return { a, v, skew: (c - 3 * a * b + 2 * a ** 3) / v ** 1.5, kurt: (d - 4 * a * c + 6 * a * a * b - 3 * a ** 4) / v ** 2 };
}

/**
 * The generalized lambda distribution with the given mean, sd, skewness and kurtosis: λ3, λ4 by
 * damped Newton on (skewness, kurtosis) from the normal's near-match λ3 = λ4 = 0.1349 first (then
 * three more starts), then λ2, λ1 from the variance and mean. Near the normal the first start finds
 * the λ3, λ4 > 0 solution (skewness −0.5, kurtosis 4: λ3 = 0.04470, λ4 = 0.02587, as R's optim in
 * scripts/gen-sample-size-fixtures.R); heavier tails (e.g. symmetric with kurtosis 6) take λ3, λ4 < 0;
 * pairs near the boundary between the two (symmetric kurtosis ≈ 4.2) or far from the normal
 * (skewness 1.5, kurtosis 7) are not reached.
 * @throws ValueError when Newton does not reach the moments to 1e-10.
 */
export function fitGeneralizedLambda(who: string, mean: number, sd: number, skewness: number, kurtosis: number): GeneralizedLambda {
  if (!Number.isFinite(skewness) || !Number.isFinite(kurtosis) || !(kurtosis > 1 + skewness * skewness)) {
    throw new ValueError(`${who}: lp.kurtosis must exceed 1 + skewness² (kurtosis is not excess kurtosis; 3 for a normal). Received: skewness=${skewness}, kurtosis=${kurtosis}.`);
  }
  // λ2 takes the sign of λ3 and λ4 so that Q increases; a negative λ2 mirrors the skewness
  const sign = (l3: number, l4: number): number => (l3 < 0 && l4 < 0 ? -1 : 1);
  const resid = (l3: number, l4: number): [number, number] => {
    if (!(l3 > -0.25 && l4 > -0.25) || l3 * l4 < 0) return [NaN, NaN]; // 4th moment needs λ > −1/4; mixed signs are not monotone
    const m = gldMoments(l3, l4);
    return [sign(l3, l4) * m.skew - skewness, m.kurt - kurtosis];
  };
  const norm = (v: readonly number[]): number => Math.hypot(v[0]!, v[1]!);
  const tilt = Math.sign(skewness) * 0.05; // positive skewness has λ3 < λ4 on the λ > 0 branch
  for (const start of [[0.1349, 0.1349], [0.1349 - tilt, 0.1349 + tilt], [0.02 - tilt / 5, 0.02 + tilt / 5], [-0.05 + tilt / 5, -0.05 - tilt / 5]] as const) {
    const p = newton(resid, [start[0], start[1]], norm);
    if (p === null) continue;
    const m = gldMoments(p[0], p[1]);
    const l2 = (sign(p[0], p[1]) * Math.sqrt(m.v)) / sd;
    return { l1: mean - m.a / l2, l2, l3: p[0], l4: p[1] };
  }
  throw new ValueError(`${who}: no generalized lambda distribution with skewness=${skewness} and kurtosis=${kurtosis} was found. Pass the model's logits as lp.values instead.`);
}

/** Damped Newton with a central-difference Jacobian; the root to 1e-10, or null. */
function newton(resid: (a: number, b: number) => [number, number], p0: [number, number], norm: (v: readonly number[]) => number): [number, number] | null {
  let p = p0;
  let r = resid(...p);
  if (!Number.isFinite(r[0])) return null;
  for (let it = 0; it < 200 && norm(r) > 1e-12; it++) {
    const h = 1e-7;
    const col = (k: 0 | 1): [number, number] => {
      const up: [number, number] = [p[0] + (k === 0 ? h : 0), p[1] + (k === 1 ? h : 0)];
      const dn: [number, number] = [p[0] - (k === 0 ? h : 0), p[1] - (k === 1 ? h : 0)];
      const ru = resid(...up);
      const rd = resid(...dn);
      return [(ru[0] - rd[0]) / (2 * h), (ru[1] - rd[1]) / (2 * h)];
    };
    const j0 = col(0);
    const j1 = col(1);
    const det = j0[0] * j1[1] - j1[0] * j0[1];
    if (!Number.isFinite(det) || det === 0) return null;
    const d3 = (r[0] * j1[1] - r[1] * j1[0]) / det;
    const d4 = (j0[0] * r[1] - j0[1] * r[0]) / det;
    let step = 1;
    for (;;) {
      const cand: [number, number] = [p[0] - step * d3, p[1] - step * d4];
      const rc = resid(...cand);
      if (Number.isFinite(rc[0]) && Number.isFinite(rc[1]) && norm(rc) < norm(r)) {
        p = cand;
        r = rc;
        break;
      }
      step /= 2;
      if (step < 1e-10) return norm(r) <= 1e-10 ? p : null;
    }
  }
  return norm(r) <= 1e-10 ? p : null;
}

// tanh-sinh nodes on (0, 1): u = 1/(1 + e^(−π sinh t)), du = π cosh t · u(1 − u) dt
const TS_H = 1 / 64;
const TS_T = 3.6;

function gldExpectation(who: string, g: GeneralizedLambda): LpExpectation {
  const q = (u: number, v: number): number => g.l1 + (u ** g.l3 - v ** g.l4) / g.l2; // v = 1 − u, kept exact
  const uAt = (x: number): number => {
    // Q increases in u (λ2, λ3, λ4 of one sign); bisection to double precision
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 200 && hi - lo > 1e-17; i++) {
      const mid = (lo + hi) / 2;
      if (q(mid, 1 - mid) < x) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  if (!((g.l2 > 0 && g.l3 > 0 && g.l4 > 0) || (g.l2 < 0 && g.l3 < 0 && g.l4 < 0))) throw new UndefinedMetricError(`${who}: the fitted generalized lambda distribution is not on the increasing branch. Received: λ=${[g.l1, g.l2, g.l3, g.l4].join(', ')}.`);
  return (fn, lower = -Infinity, upper = Infinity) => {
    const a = lower === -Infinity ? 0 : uAt(lower);
    const b = upper === Infinity ? 1 : uAt(upper);
    if (!(b > a)) return 0;
    let acc = 0;
    for (let t = -TS_T; t <= TS_T + 1e-12; t += TS_H) {
      const e = Math.exp(-Math.PI * Math.sinh(t));
      const s = 1 / (1 + e); // position in (0, 1)
      const sc = e / (1 + e); // 1 − s
      const w = Math.PI * Math.cosh(t) * s * sc;
      if (w === 0) continue;
      const u = a + (b - a) * s;
      const v = 1 - b + (b - a) * sc;
      if (!(u > 0 && v > 0)) continue;
      acc += w * fn(q(u, v));
    }
    return acc * TS_H * (b - a);
  };
}
