import { ValueError } from '../errors.js';
import { bootstrapClasses, bootstrapInterval, bootstrapReplicates, bootstrapSettings, type BootstrapCi, type BootstrapOptions } from '../metrics/bootstrap.js';
import { checkBinary } from '../metrics/check-binary.js';
import type { BinaryMetric, MetricName } from '../metrics/registry.js';
import { checkOptions } from '../option-keys.js';
import { Generator } from '../stats/random.js';
import { idleWorkers } from './idle-cores.js';
import { RangeQueue } from './range-queue.js';
import type { BootstrapReply } from './stats-task.js';
import { StatsWorkers } from './stats-workers.js';
import { DrawCounter, skipUint32 } from './stream-skip.js';

/**
 * Seconds of metric work (replicates × the metric's time on the original data, timed here) below
 * which `bootstrapCiAsync` stays on the calling thread by default. A worker thread costs about
 * 0.1–0.15 s of CPU to start and load the bootstrap modules from dist/ (measured: 0.10 and 0.14 s
 * on the 2-core EPYC, load 11–12), and the stream pre-count about 5 ns per resampled row: the split
 * pays from about 3× that.
 */
export const MIN_THREADED_BOOTSTRAP_SECONDS = 0.3;

/** Options of {@link bootstrapCiAsync}: those of `bootstrapCi` plus where the replicates run. */
export interface BootstrapAsyncOptions extends BootstrapOptions {
  /**
   * Worker threads (next to this thread, which takes replicates too). Default: one per idle core but
   * this one (`parallel.idleWorkers`) when the work is at least {@link MIN_THREADED_BOOTSTRAP_SECONDS}
   * (nBoot × the metric's time on the data), else none. 0 runs every replicate here.
   */
  threads?: number;
  /** Run on these threads instead of starting some (they stay open). */
  workers?: StatsWorkers;
}

/** Calls so far: a thread goes on in the stream of a call from its previous range. */
let calls = 0;

const KEYS = { nBoot: true, level: true, seed: true, stratified: true, threads: true, workers: true } as const satisfies Record<keyof Required<BootstrapAsyncOptions>, true>;

/**
 * `metrics.bootstrapCi` with the replicates split across worker threads and this one. The result
 * is `bootstrapCi`'s for the same options bit for bit: replicate r draws what it draws in the
 * serial run (each range of replicates starts at the stream position the replicates before it
 * leave, counted ahead on this thread), and the values are pooled in replicate order. A metric
 * function cannot cross threads: only a registered name ('auc', 'brier', …) runs on workers.
 * @param metric a registered metric name (or a function: then it all runs on this thread).
 * @param yTrue labels, 0 or 1. @param yScore finite scores or probabilities.
 * @param options those of `bootstrapCi`, `threads`, `workers`.
 * @throws what `bootstrapCi` throws; ValueError for a bad `threads`, or `threads`/`workers` with a
 *   metric function; a worker's error as WorkerTaskError with its code.
 * @example const ci = await parallel.bootstrapCiAsync('auc', y, p, { nBoot: 2000, seed: 1, threads: 1 });
 */
export async function bootstrapCiAsync(
  metric: BinaryMetric | string,
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  options: BootstrapAsyncOptions = {},
): Promise<BootstrapCi> {
  const who = 'bootstrapCiAsync';
  checkOptions(who, options, KEYS);
  const { threads, workers: given, ...boot } = options;
  if (threads !== undefined && (!Number.isSafeInteger(threads) || threads < 0)) {
    throw new ValueError(`${who}: threads must be an integer ≥ 0. Received: threads=${String(threads)}.`);
  }
  const { nBoot, level, seed, stratified, fn } = bootstrapSettings(who, metric, boot);
  if (typeof metric !== 'string' && ((threads ?? 0) > 0 || given !== undefined)) {
    throw new ValueError(`${who}: a metric function cannot run on worker threads. Received: a function with threads=${String(threads ?? given?.size)}. Pass a registered name ('auc', 'average_precision', 'brier', 'ece') or threads: 0.`);
  }
  const counts = checkBinary(who, yTrue, yScore);
  const t0 = performance.now();
  const estimate = fn(yTrue, yScore);
  const once = (performance.now() - t0) / 1000;
  const classes = bootstrapClasses(yTrue, counts.n, counts.nPos);
  const auto = (): number => (nBoot * once >= MIN_THREADED_BOOTSTRAP_SECONDS ? idleWorkers(nBoot - 1) : 0);
  const n = typeof metric !== 'string' ? 0 : (given?.size ?? threads ?? auto());
  if (n === 0 || nBoot < 2) {
    const { stats, nSkipped } = bootstrapReplicates(fn, yTrue, yScore, classes, new Generator(seed), nBoot, stratified);
    return bootstrapInterval(who, estimate, [stats], nSkipped, nBoot, level, counts);
  }

  // Ranges of replicates (a few per thread, so a slow thread holds back little) and where each starts in the stream.
  const ranges = Math.min(nBoot, 4 * (n + 1));
  const bounds = Array.from({ length: ranges + 1 }, (_, i) => Math.floor((i * nBoot) / ranges));
  const offsets = streamOffsets(seed, bounds, classes, stratified);
  const workers = given ?? new StatsWorkers({ threads: n });
  try {
    const call = ++calls;
    const shared = { yTrue: sharedCopy(yTrue), yScore: sharedCopy(yScore) };
    const queue = new RangeQueue<BootstrapReply>(ranges, workers, (i) =>
      workers.bootstrap({ kind: 'bootstrap', call, metric: metric as MetricName, ...shared, stratified, seed, skip: offsets[i]!, count: bounds[i + 1]! - bounds[i]!, end: offsets[i + 1]! }),
    );
    const rng = new Generator(seed);
    let at = 0; // this thread's stream position (32-bit draws); its ranges come in increasing order
    const parts = await queue.finish((i) => {
      skipUint32(rng, offsets[i]! - at);
      const part = bootstrapReplicates(fn, yTrue, yScore, classes, rng, bounds[i + 1]! - bounds[i]!, stratified);
      at = offsets[i + 1]!;
      return part;
    });
    const nSkipped = parts.reduce((a, p) => a + p.nSkipped, 0);
    return bootstrapInterval(who, estimate, parts.map((p) => p.stats), nSkipped, nBoot, level, counts);
  } finally {
    if (given === undefined) await workers.close();
  }
}

/** The 32-bit draws consumed before replicate `bounds[i]`, for every i (the serial run's stream positions). */
function streamOffsets(seed: number, bounds: readonly number[], classes: { posRows: Int32Array; negRows: Int32Array }, stratified: boolean): number[] {
  const counter = new DrawCounter(new Generator(seed));
  const nPos = classes.posRows.length;
  const nNeg = classes.negRows.length;
  const offsets = [0];
  for (let i = 1; i < bounds.length; i++) {
    for (let r = bounds[i - 1]!; r < bounds[i]!; r++) {
      if (stratified) {
        counter.randint(nPos, nPos);
        counter.randint(nNeg, nNeg);
      } else counter.randint(nPos + nNeg, nPos + nNeg);
    }
    offsets.push(counter.consumed);
  }
  return offsets;
}

/** A copy of `values` in shared memory (worker threads read it without a copy each). */
function sharedCopy(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(values.length * 8));
  out.set(values);
  return out;
}
