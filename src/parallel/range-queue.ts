import type { StatsWorkers } from './stats-workers.js';

/**
 * Ranges of work shared between worker threads and this thread, as `develop`'s FoldQueue shares
 * folds: each worker takes the next range when it finishes one (holding up to its pipeline depth);
 * {@link finish} runs the ranges no worker has taken here, in increasing order, then waits for the
 * rest. Results come back in range order.
 */
export class RangeQueue<R> {
  private next = 0;
  private readonly results: (R | undefined)[];
  private readonly loops: Promise<void>[];

  /**
   * @param count ranges. @param workers the threads.
   * @param onWorker runs range i on a worker thread.
   */
  constructor(
    private readonly count: number,
    workers: StatsWorkers,
    onWorker: (i: number) => Promise<R>,
  ) {
    this.results = Array.from({ length: count }, () => undefined);
    this.loops = Array.from({ length: Math.min(workers.size * workers.pipeline, count) }, async () => {
      while (this.next < count) {
        const i = this.next++;
        this.results[i] = await onWorker(i);
      }
    });
    // Awaited in finish (never unhandled meanwhile); after a worker's error no range is taken any more.
    for (const l of this.loops) l.catch(() => (this.next = this.count));
  }

  /**
   * Run the untaken ranges here with `onHere` (increasing order), wait for the workers' ranges.
   * @throws the first error of a range (this thread's, or a worker's WorkerTaskError).
   */
  async finish(onHere: (i: number) => R): Promise<R[]> {
    try {
      while (this.next < this.count) {
        const i = this.next++;
        this.results[i] = onHere(i);
        await new Promise((resolve) => setImmediate(resolve)); // let a worker that finished take the next range
      }
      await Promise.all(this.loops);
    } finally {
      this.next = this.count;
      await Promise.allSettled(this.loops);
    }
    return this.results as R[];
  }
}
