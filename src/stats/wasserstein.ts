import { ValueError } from '../errors.js';
import { sortFloat64 } from './sort-float64.js';

/**
 * 1-Wasserstein distance between two sorted samples (no validation). O(n1 + n2).
 * Internal: detectShift calls it on per-site sorted values.
 */
export function wassersteinSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let total = 0;
  let prev = NaN;
  let cdfDiff = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    // The ECDF difference is constant on [prev, v); integrate it before stepping past v.
    if (!Number.isNaN(prev)) total += Math.abs(cdfDiff) * (v - prev);
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    cdfDiff = i / n1 - j / n2;
    prev = v;
  }
  return total;
}

/**
 * 1-Wasserstein (earth mover's) distance between two one-dimensional empirical distributions:
 * W₁ = ∫ |F₁(x) − F₂(x)| dx, as scipy.stats.wasserstein_distance(u, v) (unweighted). In the units
 * of the data; detectShift reports it on values divided by the feature's pooled standard deviation.
 * @param sample1 first sample (any order; no NaN).
 * @param sample2 second sample (any order; no NaN).
 * @returns the distance (≥ 0).
 * @throws ValueError when a sample is empty or contains NaN.
 * @example
 * checks.wasserstein1d([0, 1, 3], [5, 6, 8]); // 5
 */
export function wasserstein1d(sample1: ArrayLike<number>, sample2: ArrayLike<number>): number {
  const sorted = [sample1, sample2].map((x, k) => {
    const name = k === 0 ? 'sample1' : 'sample2';
    if (x.length === 0) {
      throw new ValueError(`wasserstein1d: ${name} must not be empty. Received: 0 values. Fix: pass at least one value.`);
    }
    const out = Float64Array.from(x);
    for (let i = 0; i < out.length; i++) {
      if (!Number.isFinite(out[i]!)) {
        throw new ValueError(
          `wasserstein1d: ${name} must hold finite numbers. Received: ${out[i]} at index ${i}. Fix: drop missing values first.`,
        );
      }
    }
    return sortFloat64(out);
  });
  return wassersteinSorted(sorted[0]!, sorted[1]!);
}
