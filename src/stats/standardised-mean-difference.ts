import { ValueError } from '../errors.js';

/** Count, mean and unbiased variance (ddof = 1) of the non-missing values. Internal. */
export function meanVariance(x: ArrayLike<number>): { n: number; mean: number; variance: number } {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (Number.isNaN(v)) continue;
    n++;
    const delta = v - mean;
    mean += delta / n;
    m2 += delta * (v - mean);
  }
  return { n, mean: n > 0 ? mean : NaN, variance: n > 1 ? m2 / (n - 1) : NaN };
}

/** SMD from summary statistics. Internal. */
export function smdFromMoments(mean1: number, var1: number, mean2: number, var2: number): number {
  const pooled = Math.sqrt((var1 + var2) / 2);
  if (pooled === 0) return mean1 === mean2 ? 0 : NaN;
  return (mean1 - mean2) / pooled;
}

/**
 * Standardised mean difference (Cohen's d with the average-variance denominator used for
 * covariate balance; Austin P. C. (2009) Stat. Med. 28:3083–3107):
 * d = (x̄₁ − x̄₂) / √((s₁² + s₂²) / 2), with unbiased sample variances. |d| ≥ 0.1 is the usual
 * imbalance mark, 0.2 small, 0.5 medium, 0.8 large. NaN values are ignored. When both samples are
 * constant, d is 0 for equal means and NaN (undefined) otherwise.
 * @param sample1 first sample (NaN = missing, skipped).
 * @param sample2 second sample.
 * @throws ValueError when a sample has fewer than 2 non-missing values.
 * @example
 * checks.standardisedMeanDifference([1, 2, 3], [2, 3, 4]); // -1
 */
export function standardisedMeanDifference(sample1: ArrayLike<number>, sample2: ArrayLike<number>): number {
  const a = meanVariance(sample1);
  const b = meanVariance(sample2);
  for (const [name, s] of [['sample1', a], ['sample2', b]] as const) {
    if (s.n < 2) {
      throw new ValueError(
        `standardisedMeanDifference: ${name} needs at least 2 non-missing values. Received: ${s.n}.`,
      );
    }
  }
  return smdFromMoments(a.mean, a.variance, b.mean, b.variance);
}
