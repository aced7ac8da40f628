import { UndefinedMetricError, ValueError } from '../errors.js';
import { Generator } from '../stats/random.js';
import { checkBinary } from './check-binary.js';
import { percentileSorted } from '../stats/quantile.js';
import { getMetric, type BinaryMetric } from './registry.js';

/** Options of {@link bootstrapCi}. */
export interface BootstrapOptions {
  /** Number of bootstrap resamples, an integer ≥ 1. Default 1000. */
  nBoot?: number;
  /** Confidence level, in (0, 1). Default 0.95. */
  level?: number;
  /** Seed of the clinreg Generator that draws the resamples. Default 0. */
  seed?: number;
  /**
   * Resample events and non-events separately, keeping both counts fixed (so every resample
   * has both classes). Default true.
   */
  stratified?: boolean;
}

/** A bootstrap percentile interval. */
export interface BootstrapCi {
  /** The metric on the original data. */
  estimate: number;
  /** Lower and upper percentile bounds. */
  lo: number;
  hi: number;
  /** Resamples on which the metric was defined (and used). */
  nValid: number;
  /**
   * Resamples skipped because the metric was undefined there (UndefinedMetricError, e.g. a
   * one-class resample when not stratified). Reported, never hidden.
   */
  nSkipped: number;
}

/**
 * Percentile bootstrap confidence interval of any binary metric (Efron & Tibshirani 1993):
 * rows are drawn with replacement `nBoot` times (within each class when `stratified`) with a
 * seeded clinreg `Generator`, the metric is recomputed, and the (1 − level)/2 and (1 + level)/2
 * percentiles (numpy's linear interpolation) are the bounds.
 * @param metric a function `(yTrue, yScore) => number` or a registered name ('auc', 'brier', …).
 * It receives reused buffers: it must not keep references to them.
 * @param yTrue labels, 0 or 1.
 * @param yScore finite scores or probabilities.
 * @param options.nBoot resamples. Default 1000.
 * @param options.level confidence level. Default 0.95.
 * @param options.seed generator seed. Default 0.
 * @param options.stratified resample within classes. Default true.
 * @throws ValueError for bad inputs or options, or an unknown metric name.
 * @throws UndefinedMetricError when the metric is undefined on the original data or on every resample.
 * @example
 * bootstrapCi('auc', [0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7], { nBoot: 200, seed: 1 });
 */
export function bootstrapCi(
  metric: BinaryMetric | string,
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  options: BootstrapOptions = {},
): BootstrapCi {
  const who = 'bootstrapCi';
  const { nBoot, level, seed, stratified, fn } = bootstrapSettings(who, metric, options);
  const counts = checkBinary(who, yTrue, yScore);
  const estimate = fn(yTrue, yScore);
  const classes = bootstrapClasses(yTrue, counts.n, counts.nPos);
  const rng = new Generator(seed);
  const { stats, nSkipped } = bootstrapReplicates(fn, yTrue, yScore, classes, rng, nBoot, stratified);
  return bootstrapInterval(who, estimate, [stats], nSkipped, nBoot, level, counts);
}

/** Checked options of {@link bootstrapCi} with their defaults, and the metric as a function. */
export function bootstrapSettings(who: string, metric: BinaryMetric | string, options: BootstrapOptions): Required<BootstrapOptions> & { fn: BinaryMetric } {
  const { nBoot = 1000, level = 0.95, seed = 0, stratified = true } = options;
  if (!Number.isInteger(nBoot) || nBoot < 1) throw new ValueError(`${who}: nBoot must be an integer ≥ 1. Received: nBoot=${nBoot}.`);
  if (!(level > 0 && level < 1)) throw new ValueError(`${who}: level must be in (0, 1), e.g. 0.95. Received: level=${level}.`);
  if (!Number.isFinite(seed)) throw new ValueError(`${who}: seed must be a finite number. Received: seed=${seed}.`);
  if (typeof stratified !== 'boolean') throw new ValueError(`${who}: stratified must be true or false. Received: ${String(stratified)}.`);
  const fn = typeof metric === 'string' ? getMetric(metric).fn : metric;
  if (typeof fn !== 'function') throw new ValueError(`${who}: metric must be a function or a metric name. Received: ${typeof metric}.`);
  return { nBoot, level, seed, stratified, fn };
}

/** The rows of each class, events first (what a stratified resample draws from). */
export interface BootstrapClasses {
  posRows: Int32Array;
  negRows: Int32Array;
}

/** The event and non-event rows of checked labels. */
export function bootstrapClasses(yTrue: ArrayLike<number>, n: number, nPos: number): BootstrapClasses {
  const posRows = new Int32Array(nPos);
  const negRows = new Int32Array(n - nPos);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (yTrue[i] === 1) posRows[a++] = i;
    else negRows[b++] = i;
  }
  return { posRows, negRows };
}

/**
 * `count` consecutive bootstrap resamples drawn from `rng` (which it advances), the metric on each:
 * the values where it is defined, in resample order, and how many resamples it was undefined on.
 * Replicate r of `bootstrapCi` is the r-th call's draws from `new Generator(seed)`, so a run split
 * into ranges gives the same values when each range starts from the stream position the previous
 * ranges leave (see `parallel.bootstrapCiAsync`).
 */
export function bootstrapReplicates(
  fn: BinaryMetric,
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  classes: BootstrapClasses,
  rng: Generator,
  count: number,
  stratified: boolean,
): { stats: Float64Array; nSkipped: number } {
  const { posRows, negRows } = classes;
  const n = posRows.length + negRows.length;
  const yb = new Float64Array(n);
  const sb = new Float64Array(n);
  const stats = new Float64Array(count);
  let nValid = 0;
  let nSkipped = 0;
  for (let r = 0; r < count; r++) {
    if (stratified) {
      for (let k = 0; k < posRows.length; k++) {
        yb[k] = 1;
        sb[k] = yScore[posRows[rng.randint(posRows.length)] as number] as number;
      }
      for (let k = 0; k < negRows.length; k++) {
        yb[posRows.length + k] = 0;
        sb[posRows.length + k] = yScore[negRows[rng.randint(negRows.length)] as number] as number;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const i = rng.randint(n);
        yb[k] = yTrue[i] as number;
        sb[k] = yScore[i] as number;
      }
    }
    try {
      stats[nValid] = fn(yb, sb);
      nValid++;
    } catch (e) {
      if (!(e instanceof UndefinedMetricError)) throw e;
      nSkipped++;
    }
  }
  return { stats: stats.subarray(0, nValid), nSkipped };
}

/**
 * The percentile interval from the resamples' values (ranges of them, in order), as `bootstrapCi` returns it.
 * @throws UndefinedMetricError when no resample gave a value.
 */
export function bootstrapInterval(
  who: string,
  estimate: number,
  parts: readonly Float64Array[],
  nSkipped: number,
  nBoot: number,
  level: number,
  counts: { nPos: number; nNeg: number },
): BootstrapCi {
  const nValid = parts.reduce((a, p) => a + p.length, 0);
  if (nValid === 0) {
    throw new UndefinedMetricError(
      `${who}: the metric was undefined on all ${nBoot} resamples. Received: ${counts.nPos} events and ${counts.nNeg} non-events. ` +
        'Use stratified: true or more data.',
    );
  }
  const stats = new Float64Array(nValid);
  let at = 0;
  for (const p of parts) {
    stats.set(p, at);
    at += p.length;
  }
  const sorted = stats.sort();
  return {
    estimate,
    lo: percentileSorted(sorted, (100 * (1 - level)) / 2),
    hi: percentileSorted(sorted, (100 * (1 + level)) / 2),
    nValid,
    nSkipped,
  };
}
