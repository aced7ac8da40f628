import { ValueError } from '../errors.js';
import { sortFloat64 } from './sort-float64.js';
import { kstwoSf } from './kolmogorov.js';
import { ksTwoSampleExact } from './ks-two-sample-exact.js';
import { gcd, roundHalfEven } from './special.js';

/** How the two-sample KS p-value is computed (scipy's `method`). */
export type KsMethod = 'auto' | 'exact' | 'asymp';

/** Options of {@link ksTest}. */
export interface KsTestOptions {
  /**
   * 'exact' counts lattice paths; 'asymp' uses the Kolmogorov distribution with
   * n = round(n1·n2/(n1+n2)); 'auto' (default, as scipy) is exact when both samples have at most
   * 10,000 values and asymp otherwise. Exact falls back to asymp when it cannot be evaluated.
   */
  method?: KsMethod;
}

/** Result of {@link ksTest}. */
export interface KsTestResult {
  /** D = sup |F₁(x) − F₂(x)| (lattice-rounded when the exact method ran, as scipy). */
  statistic: number;
  /** Two-sided p-value. */
  pvalue: number;
  /** The method that produced the p-value. */
  method: 'exact' | 'asymp';
  /** The value x at which the ECDF difference is largest. */
  statisticLocation: number;
  /** +1 when F₁ − F₂ is largest there (sample 1 lies left), −1 when F₂ − F₁ is. */
  statisticSign: 1 | -1;
}

const MAX_AUTO_N = 10000;
const INT32_MAX = 2147483647;

/**
 * Two-sided two-sample Kolmogorov–Smirnov test on sorted samples (no validation). O(n1 + n2).
 * Internal: detectShift sorts each site's values once and calls this for every comparison
 * (`asympBelow`: see {@link ksPValue}).
 */
export function ksTestSorted(a: ArrayLike<number>, b: ArrayLike<number>, method: KsMethod = 'auto', asympBelow = 0): KsTestResult {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxS = -Infinity;
  let minS = Infinity;
  let maxLoc = NaN;
  let minLoc = NaN;
  let maxInA = false;
  let minInA = false;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    const inA = i < n1 && a[i] === v;
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    const diff = i / n1 - j / n2;
    // scipy takes the first arg-max over [sorted a, sorted b]: a value present in `a` wins ties.
    if (diff > maxS || (diff === maxS && inA && !maxInA)) {
      maxS = diff;
      maxLoc = v;
      maxInA = inA;
    }
    if (diff < minS || (diff === minS && inA && !minInA)) {
      minS = diff;
      minLoc = v;
      minInA = inA;
    }
  }
  const minAbs = Math.min(Math.max(-minS, 0), 1);
  let d = maxS;
  let location = maxLoc;
  let sign: 1 | -1 = 1;
  if (minAbs > maxS) {
    d = minAbs;
    location = minLoc;
    sign = -1;
  }
  const { statistic, pvalue, method: used } = ksPValue(d, n1, n2, method, asympBelow);
  return { statistic, pvalue, method: used, statisticLocation: location, statisticSign: sign };
}

/**
 * Two-sided p-value of a two-sample KS statistic d for sample sizes n1, n2, as scipy's ks_2samp
 * (no validation). Returns the statistic as scipy reports it (lattice-rounded by the exact method).
 * Internal: detectShift computes every site's statistic against the rest in one pass, and passes
 * `asympBelow`: when 'auto' would count lattice paths (O(n1·n2·D) work, up to ~0.5 s at 10,000
 * values) but the asymptotic p-value is already below it, the asymptotic one is returned.
 */
export function ksPValue(d: number, n1: number, n2: number, method: KsMethod = 'auto', asympBelow = 0): { statistic: number; pvalue: number; method: 'exact' | 'asymp' } {
  // detectShift asks for the same (n1, n2, d) again and again on wide data (every feature without
  // missing values has the same site sizes, and d takes few values): the answer, a pure function
  // of the arguments, is kept.
  const key = `${method},${asympBelow},${n1},${n2},${d}`;
  const known = answered.get(key);
  if (known !== undefined) return { ...known };
  const out = computePValue(d, n1, n2, method, asympBelow);
  if (answered.size >= MAX_ANSWERED) answered.clear();
  answered.set(key, out);
  return { ...out };
}

/** p-values already computed by {@link ksPValue}, by its arguments. */
const answered = new Map<string, { statistic: number; pvalue: number; method: 'exact' | 'asymp' }>();
const MAX_ANSWERED = 1 << 16;

function computePValue(d: number, n1: number, n2: number, method: KsMethod, asympBelow: number): { statistic: number; pvalue: number; method: 'exact' | 'asymp' } {
  const g = gcd(n1, n2);
  let mode: 'exact' | 'asymp';
  if (method === 'auto') mode = Math.max(n1, n2) <= MAX_AUTO_N ? 'exact' : 'asymp';
  else if (method === 'exact') mode = n1 / g >= INT32_MAX / (n2 / g) ? 'asymp' : 'exact';
  else mode = 'asymp';
  let p = NaN;
  if (mode === 'exact' && asympBelow > 0 && n1 !== n2 && kstwoSf(roundHalfEven((n1 * n2) / (n1 + n2)), d) < asympBelow) mode = 'asymp';
  if (mode === 'exact') {
    const exact = ksTwoSampleExact(n1, n2, g, d);
    d = exact.d;
    if (exact.ok) p = exact.p;
    else mode = 'asymp';
  }
  if (mode === 'asymp') {
    const en = (n1 * n2) / (n1 + n2);
    p = kstwoSf(roundHalfEven(en), d);
  }
  return { statistic: d, pvalue: Math.min(1, Math.max(0, p)), method: mode };
}

function toSorted(who: string, name: string, x: ArrayLike<number>): Float64Array {
  if (x.length === 0) {
    throw new ValueError(`${who}: ${name} must not be empty. Received: 0 values. Fix: pass at least one value per sample.`);
  }
  const out = Float64Array.from(x);
  for (let i = 0; i < out.length; i++) {
    if (Number.isNaN(out[i]!)) {
      throw new ValueError(
        `${who}: ${name} must not contain missing values (NaN). Received: NaN at index ${i}. Fix: drop missing values first.`,
      );
    }
  }
  return sortFloat64(out);
}

/**
 * Two-sample Kolmogorov–Smirnov test, two-sided: D = supₓ |F₁(x) − F₂(x)| of the two empirical CDFs,
 * with scipy.stats.ks_2samp's p-value (scipy 1.10, `method='auto'` by default). Exact p-values
 * count lattice paths (Hodges 1958; Viehmann 2021); asymptotic ones use the Kolmogorov
 * distribution of Dₙ with n = round(n1·n2/(n1+n2)) (Simard & L'Ecuyer 2011).
 * Verified against scipy to 1e-9 relative on the fixtures of scripts/gen-shift-fixtures.py.
 * @param sample1 first sample (any order; no NaN).
 * @param sample2 second sample (any order; no NaN).
 * @param options.method 'auto' (default) | 'exact' | 'asymp'.
 * @returns statistic, p-value, the method used, and where/which way the ECDFs differ most.
 * @throws ValueError when a sample is empty or contains NaN.
 * @example
 * const { statistic, pvalue } = checks.ksTest([0.1, 0.4, 0.7], [0.5, 0.9, 1.2, 1.3]);
 */
export function ksTest(sample1: ArrayLike<number>, sample2: ArrayLike<number>, options: KsTestOptions = {}): KsTestResult {
  const method = options.method ?? 'auto';
  if (method !== 'auto' && method !== 'exact' && method !== 'asymp') {
    throw new ValueError(`ksTest: method must be 'auto', 'exact' or 'asymp'. Received: method=${String(method)}.`);
  }
  return ksTestSorted(toSorted('ksTest', 'sample1', sample1), toSorted('ksTest', 'sample2', sample2), method);
}
