import { ValueError } from '../errors.js';
import { percentileSorted } from '../stats/quantile.js';
import { Generator } from '../stats/random.js';
import { checkBinary, checkProbabilities } from './check-binary.js';
import { normalPpf } from '../stats/normal.js';
import { lowess, lowessWithWeights } from './lowess.js';

/** Options of {@link flexibleCalibration}. */
export interface FlexibleCalibrationOptions {
  /**
   * Pointwise band: 'analytic' (default) — ŷ ± z·√(ŷ(1 − ŷ)·Σℓⱼ²), the variance of the linear
   * smoother ŷ = Σℓⱼyⱼ with a locally constant binomial variance (smoothing bias ignored);
   * 'bootstrap' — percentile band over `nBoot` resamples; 'none'.
   */
  band?: 'analytic' | 'bootstrap' | 'none';
  /** Bootstrap resamples when band is 'bootstrap'. Default 200. */
  nBoot?: number;
  /** Confidence level of the band. Default 0.95. */
  level?: number;
  /** Seed of the clinreg Generator that draws the resamples. Default 0. */
  seed?: number;
  /** Points of the returned curve, equally spaced from min(p) to max(p). Default 40. */
  gridSize?: number;
  /** lowess span. Default 2/3 (R's default, as rms::val.prob). */
  span?: number;
}

/** A smoothed calibration curve with its band and the Austin–Steyerberg summaries. */
export interface FlexibleCalibration {
  /** Grid of predicted risks (min(p) to max(p)). */
  predicted: number[];
  /** Smoothed observed risk at each grid point (lowess, linear interpolation between fitted points). */
  observed: number[];
  /** Pointwise band (see `band`); null with band 'none'. */
  lower: number[] | null;
  upper: number[] | null;
  /** Integrated calibration index: mean |smoothed observed − predicted| over the rows. */
  ici: number;
  /** Median, 90th percentile (R's quantile type 7) and maximum of that absolute difference. */
  e50: number;
  e90: number;
  emax: number;
  /** How the band was made. */
  band: 'analytic' | 'bootstrap' | 'none';
}

/**
 * Flexible calibration curve: R's `lowess(p, y, iter = 0)` as `rms::val.prob` draws it, with a
 * pointwise band — analytic by default (see {@link FlexibleCalibrationOptions.band}), or a
 * percentile bootstrap (rows resampled with replacement; each resample's curve read at the grid
 * by linear interpolation, grid points outside the resample's range skipped) —
 * and ICI, E50, E90 and Emax (Austin & Steyerberg, Stat Med 2019) from the absolute difference
 * between the smoothed observed risk and the predicted risk at every row. Austin & Steyerberg
 * smooth with `loess`; clinreg uses `lowess(iter = 0)` so that the summaries match the curve
 * drawn by val.prob (documented difference; both are local linear smoothers).
 * @param yTrue labels, 0 or 1.
 * @param yProb predicted probabilities in [0, 1].
 * @param options see {@link FlexibleCalibrationOptions}.
 * @throws ValueError for bad inputs or options.
 * @example
 * flexibleCalibration([0, 1, 0, 1, 1], [0.1, 0.7, 0.3, 0.6, 0.9], { band: 'none' }).ici;
 */
export function flexibleCalibration(
  yTrue: ArrayLike<number>,
  yProb: ArrayLike<number>,
  options: FlexibleCalibrationOptions = {},
): FlexibleCalibration {
  const who = 'flexibleCalibration';
  const counts = checkBinary(who, yTrue, yProb, 'yProb');
  checkProbabilities(who, 'yProb', yProb);
  const band = options.band ?? 'analytic';
  const nBoot = options.nBoot ?? 200;
  if (band !== 'analytic' && band !== 'bootstrap' && band !== 'none') {
    throw new ValueError(`${who}: band must be 'analytic', 'bootstrap' or 'none'. Received: band=${String(band)}.`);
  }
  const level = options.level ?? 0.95;
  const gridSize = options.gridSize ?? 40;
  const span = options.span ?? 2 / 3;
  if (!Number.isInteger(nBoot) || nBoot < 0) throw new ValueError(`${who}: nBoot must be an integer ≥ 0. Received: nBoot=${nBoot}.`);
  if (!(level > 0 && level < 1)) throw new ValueError(`${who}: level must be in (0, 1). Received: level=${level}.`);
  if (!Number.isInteger(gridSize) || gridSize < 2) throw new ValueError(`${who}: gridSize must be an integer ≥ 2. Received: gridSize=${gridSize}.`);
  if (!(span > 0 && span <= 1)) throw new ValueError(`${who}: span must be in (0, 1]. Received: span=${span}.`);
  const n = counts.n;
  const fit = lowessWithWeights(yProb, yTrue, { f: span, iter: 0 });
  const diffs = new Float64Array(n);
  for (let i = 0; i < n; i++) diffs[i] = Math.abs((fit.y[i] as number) - (fit.x[i] as number));
  let sum = 0;
  for (const d of diffs) sum += d;
  diffs.sort();
  const lo = fit.x[0] as number;
  const hi = fit.x[n - 1] as number;
  const predicted = Array.from({ length: gridSize }, (_, g) => (g === gridSize - 1 ? hi : lo + ((hi - lo) * g) / (gridSize - 1)));
  const observed = predicted.map((p) => interpolate(fit.x, fit.y, p) as number);
  let lower: number[] | null = null;
  let upper: number[] | null = null;
  if (band === 'analytic') {
    const z = normalPpf(0.5 + level / 2);
    const sw2 = predicted.map((p) => interpolate(fit.x, fit.sumW2, p) as number);
    lower = [];
    upper = [];
    observed.forEach((o, g) => {
      const v = Math.min(1, Math.max(0, o));
      const half = z * Math.sqrt(v * (1 - v) * sw2[g]!);
      lower!.push(o - half);
      upper!.push(o + half);
    });
  } else if (band === 'bootstrap' && nBoot > 0) {
    const gen = new Generator(options.seed ?? 0);
    const draws: number[][] = predicted.map(() => []);
    const by = new Float64Array(n);
    const bp = new Float64Array(n);
    for (let b = 0; b < nBoot; b++) {
      for (let i = 0; i < n; i++) {
        const k = Math.min(n - 1, Math.floor(gen.random() * n));
        by[i] = yTrue[k] as number;
        bp[i] = yProb[k] as number;
      }
      const bf = lowess(bp, by, { f: span, iter: 0 });
      predicted.forEach((p, g) => {
        const v = interpolate(bf.x, bf.y, p);
        if (v !== null) draws[g]!.push(v);
      });
    }
    const alpha = (1 - level) / 2;
    lower = [];
    upper = [];
    for (const d of draws) {
      const s = Float64Array.from(d).sort();
      lower.push(s.length > 0 ? percentileSorted(s, 100 * alpha) : NaN);
      upper.push(s.length > 0 ? percentileSorted(s, 100 * (1 - alpha)) : NaN);
    }
  }
  return {
    predicted,
    observed,
    lower,
    upper,
    ici: sum / n,
    e50: percentileSorted(diffs, 50),
    e90: percentileSorted(diffs, 90),
    emax: diffs[n - 1] as number,
    band: band === 'bootstrap' && nBoot === 0 ? 'none' : band,
  };
}

/** R's approx(x, y, xout) on sorted x (ties: the first of a run); null outside [x₀, x_last]. */
function interpolate(x: Float64Array, y: Float64Array, at: number): number | null {
  const n = x.length;
  if (!(at >= (x[0] as number) && at <= (x[n - 1] as number))) return null;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((x[mid] as number) <= at) lo = mid;
    else hi = mid;
  }
  const x0 = x[lo] as number;
  const x1 = x[hi] as number;
  if (x1 === x0) return y[lo] as number;
  if (at === x1) return y[hi] as number;
  const t = (at - x0) / (x1 - x0);
  return (y[lo] as number) + t * ((y[hi] as number) - (y[lo] as number));
}
