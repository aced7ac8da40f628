import type { Job, Queue } from 'bullmq';
import { ClinregError, ValueError } from '../errors.js';
import { assembleSweep, type AssembleSweepOptions, type SweepResult } from './assemble.js';
import type { SweepJob, SweepPlan } from './plan.js';
import { decodeResult, SWEEP_QUEUE, type StoredJobResult } from './redis-connection.js';
import { connectRedis, loadBullmq } from './redis-client.js';
import type { SweepJobResult } from './run-job.js';

/** Options of {@link runSweepOnRedis}. */
export interface RedisSweepOptions extends AssembleSweepOptions {
  /** Redis URL, `redis://HOST:PORT`. */
  redis: string;
  /** Called once per job when its result is collected, with the count collected. */
  onJob?: (result: SweepJobResult, done: number, total: number) => void;
  /** Give up after this many milliseconds without all results. Default: wait as long as it takes. */
  timeoutMs?: number;
  /** Milliseconds between checks of the jobs' states. Default 250. */
  pollMs?: number;
  /** Tries per job when it throws (a stalled job, its worker killed, is moved back without using one). Default 3. */
  attempts?: number;
}

/** A sweep job that failed on every try, or the wait ran out. */
export class SweepJobError extends ClinregError {
  constructor(message: string) {
    super('E_SWEEP_JOB', message);
  }
}

/**
 * Run a sweep through a BullMQ queue on Redis: enqueue every job (id = the job's id, so a job
 * already in the queue from an identical sweep is not added twice and its result is reused; a
 * failed one is replaced), wait while `clinreg worker --redis URL` processes run them on any number
 * of machines, collect each job's result once (keyed by job id), and assemble them as
 * {@link runSweep} does: the same numbers as the in-process run of the same plan.
 * Data travel as a content-addressed path: every worker reads `plan.data.path` and checks its
 * SHA-256 before use.
 * @param plan `planSweep(...)`. @param options see {@link RedisSweepOptions}.
 * @throws ValueError for a bad URL or an unreachable server; SweepJobError (E_SWEEP_JOB) when a job
 *   failed on every try (its worker's error message is given) or the timeout passed; the sweep's jobs
 *   no worker has taken yet are then removed from the queue.
 * @example const result = await sweep.runSweepOnRedis(plan, { redis: 'redis://127.0.0.1:6379' });
 */
export async function runSweepOnRedis(plan: SweepPlan, options: RedisSweepOptions): Promise<SweepResult> {
  const attempts = options.attempts ?? 3;
  if (!Number.isSafeInteger(attempts) || attempts < 1) throw new ValueError(`runSweepOnRedis: attempts must be a positive integer. Received: ${attempts}.`);
  const connection = await connectRedis(options.redis, '--redis');
  const { Queue } = await loadBullmq('--redis');
  const queue: Queue<SweepJob, StoredJobResult> = new Queue(SWEEP_QUEUE, { connection });
  try {
    await enqueue(queue, plan.jobs, attempts);
    let results: SweepJobResult[];
    try {
      results = await collect(queue, plan, options);
    } catch (err) {
      await withdraw(queue, plan.jobs);
      throw err;
    }
    return assembleSweep(plan, results, options);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

async function enqueue(queue: Queue<SweepJob, StoredJobResult>, jobs: readonly SweepJob[], attempts: number): Promise<void> {
  for (const job of jobs) {
    const old = await queue.getJob(job.id);
    if (old !== undefined && (await old.getState()) === 'failed') await old.remove();
  }
  await queue.addBulk(
    jobs.map((job) => ({
      name: 'sweep-job',
      data: job,
      opts: { jobId: job.id, attempts, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } },
    })),
  );
}

/** Remove the sweep's jobs that no worker has taken yet (a sweep that gave up leaves no work behind). */
async function withdraw(queue: Queue<SweepJob, StoredJobResult>, jobs: readonly SweepJob[]): Promise<void> {
  for (const { id } of jobs) {
    const state = await queue.getJobState(id);
    if (state === 'waiting' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children') {
      await (await queue.getJob(id))?.remove().catch(() => undefined); // taken meanwhile: it finishes and stays
    }
  }
}

async function collect(queue: Queue<SweepJob, StoredJobResult>, plan: SweepPlan, options: RedisSweepOptions): Promise<SweepJobResult[]> {
  const results = new Map<string, SweepJobResult>();
  const started = Date.now();
  const pollMs = options.pollMs ?? 250;
  while (results.size < plan.jobs.length) {
    for (const { id } of plan.jobs) {
      if (results.has(id)) continue;
      const state = await queue.getJobState(id);
      if (state !== 'completed' && state !== 'failed') {
        if (state === 'unknown') throw new SweepJobError(`sweep job ${id} is no longer in the queue (removed by hand, or Redis lost it). Fix: run the sweep again.`);
        continue;
      }
      // Read the job after its state: read before, a job finishing in between has no return value yet.
      const job: Job<SweepJob, StoredJobResult> | undefined = await queue.getJob(id);
      if (job === undefined) continue;
      if (state === 'completed') {
        const r = decodeResult(job.returnvalue);
        results.set(id, r);
        options.onJob?.(r, results.size, plan.jobs.length);
      } else if (state === 'failed') {
        throw new SweepJobError(`sweep job ${id} failed after ${job.attemptsMade} tr${job.attemptsMade === 1 ? 'y' : 'ies'}: ${job.failedReason}`);
      }
    }
    if (results.size === plan.jobs.length) break;
    if (options.timeoutMs !== undefined && Date.now() - started > options.timeoutMs) {
      throw new SweepJobError(`sweep ${plan.id}: ${results.size} of ${plan.jobs.length} jobs done after ${Math.round(options.timeoutMs / 1000)} s. Fix: start workers (clinreg worker --redis URL) or wait longer.`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return plan.jobs.map((j) => results.get(j.id)!);
}
