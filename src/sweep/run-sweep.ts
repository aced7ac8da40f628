import { availableParallelism } from 'node:os';
import { ValueError } from '../errors.js';
import { workerModule } from '../package-root.js';
import { WorkerPool } from '../parallel/worker-pool.js';
import { assembleSweep, type AssembleSweepOptions, type SweepResult } from './assemble.js';
import type { SweepJob, SweepPlan } from './plan.js';
import { runSweepJob, type SweepJobResult } from './run-job.js';

/** Options of {@link runSweep}. */
export interface RunSweepOptions extends AssembleSweepOptions {
  /**
   * Worker threads. Default `os.availableParallelism()`, at most one per job. 0 runs every job on
   * the calling thread, one after another. The results are the same either way.
   */
  threads?: number;
  /** Called after each job with its result and the count done. */
  onJob?: (result: SweepJobResult, done: number, total: number) => void;
}

/**
 * Run a sweep in this process: every job of the plan on a pool of worker threads (each thread
 * reads the data once per content hash), then {@link assembleSweep}. Every job's seeds come from
 * the job itself, so the result equals a serial run (`threads: 0`) and a Redis run with the same
 * plan, number for number.
 * @param plan `planSweep(...)`.
 * @param options see {@link RunSweepOptions}.
 * @throws ValueError for a bad `threads`; a job's error (WorkerTaskError with the job's code, e.g.
 *   E_DATA when the file's hash no longer matches).
 * @example const result = await sweep.runSweep(plan, { threads: 2 });
 */
export async function runSweep(plan: SweepPlan, options: RunSweepOptions = {}): Promise<SweepResult> {
  const threads = options.threads ?? Math.min(availableParallelism(), plan.jobs.length);
  if (!Number.isSafeInteger(threads) || threads < 0) throw new ValueError(`runSweep: threads must be an integer ≥ 0. Received: threads=${String(threads)}.`);
  let done = 0;
  const note = (r: SweepJobResult): SweepJobResult => {
    options.onJob?.(r, ++done, plan.jobs.length);
    return r;
  };
  let results: SweepJobResult[];
  if (threads === 0) {
    results = plan.jobs.map((job) => note(runSweepJob(job)));
  } else {
    const pool = new WorkerPool<SweepJob, SweepJobResult>(jobThreadModule(), { workers: threads });
    try {
      results = await Promise.all(plan.jobs.map(async (job) => note(await pool.run(job))));
    } finally {
      await pool.close();
    }
  }
  return assembleSweep(plan, results, options);
}

/** The worker-thread module: the bundled entry in the CLI bundle, else the one beside this module. */
function jobThreadModule(): URL {
  return workerModule('job-thread', import.meta.url);
}
