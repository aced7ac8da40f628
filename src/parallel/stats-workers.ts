import { availableParallelism } from 'node:os';
import { ValueError } from '../errors.js';
import { workerModule } from '../package-root.js';
import type { BootstrapReply, BootstrapTask, McReply, McTask, StatsTask } from './stats-task.js';
import { WorkerPool } from './worker-pool.js';

/** Options of {@link StatsWorkers}. */
export interface StatsWorkersOptions {
  /** Worker threads (≥ 1). Default `os.availableParallelism()`. */
  threads?: number;
}

/**
 * Worker threads for bootstrap replicates (`parallel.bootstrapCiAsync`) and MC-dropout passes
 * (`parallel.mcDropoutPredictAsync`). Start them once and pass them to several calls (a thread
 * costs CPU to start and to load its modules); close them when done. A thread loads only what its
 * tasks need: bootstrap tasks never load the tensor engine.
 * @example
 * const workers = new parallel.StatsWorkers({ threads: 1 });
 * try {
 *   const ci = await parallel.bootstrapCiAsync('auc', y, p, { nBoot: 2000, workers });
 * } finally { await workers.close(); }
 */
export class StatsWorkers {
  /** Number of worker threads. */
  readonly size: number;
  /** Tasks held by each thread at once: the next one is there while the calling thread is busy with its own. */
  readonly pipeline = 2;
  private readonly pool: WorkerPool<StatsTask, BootstrapReply | McReply>;

  /**
   * Start the threads (they load in the background; tasks queue meanwhile).
   * @param options see {@link StatsWorkersOptions}.
   * @throws ValueError when `threads` is not a positive integer.
   */
  constructor(options: StatsWorkersOptions = {}) {
    const threads = options.threads ?? availableParallelism();
    if (!Number.isSafeInteger(threads) || threads < 1) throw new ValueError(`StatsWorkers: threads must be a positive integer. Received: threads=${String(threads)}.`);
    this.size = threads;
    this.pool = new WorkerPool(workerModule('stats-thread', import.meta.url), { workers: threads, pipeline: this.pipeline });
  }

  /** Run bootstrap replicates on the next free thread. @throws the metric's error (WorkerTaskError with its code). */
  bootstrap(task: BootstrapTask): Promise<BootstrapReply> {
    return this.pool.run(task) as Promise<BootstrapReply>;
  }

  /** Run MC-dropout passes on the next free thread. @throws the model's error (WorkerTaskError with its code). */
  mcPasses(task: McTask): Promise<McReply> {
    return this.pool.run(task) as Promise<McReply>;
  }

  /** Stop the threads; queued and running tasks are rejected. */
  close(): Promise<void> {
    return this.pool.close();
  }
}
