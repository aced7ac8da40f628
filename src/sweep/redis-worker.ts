import { availableParallelism } from 'node:os';
import type { Job, Worker } from 'bullmq';
import { ValueError } from '../errors.js';
import { workerModule } from '../package-root.js';
import { WorkerPool } from '../parallel/worker-pool.js';
import { WorkerTaskError } from '../parallel/task-error.js';
import type { SweepJob } from './plan.js';
import { encodeResult, lockTiming, SWEEP_QUEUE, type LockTiming, type StoredJobResult } from './redis-connection.js';
import { connectRedis, loadBullmq } from './redis-client.js';
import type { SweepJobResult } from './run-job.js';

/** Options of {@link startSweepWorker}. */
export interface SweepWorkerOptions extends LockTiming {
  /** Redis URL, `redis://HOST:PORT`. */
  redis: string;
  /** Jobs run at once, each on its own worker thread. Default `os.availableParallelism()`. */
  concurrency?: number;
  /** Called when a job starts, finishes or fails on this worker. */
  onEvent?: (event: { kind: 'started' | 'completed' | 'failed'; jobId: string; message?: string }) => void;
  /** How many times a job may be recovered from a stalled state (its worker died) before it fails. Default 3. */
  maxStalledCount?: number;
}

/** A running sweep worker. */
export interface SweepWorker {
  /** Stop taking jobs, let running ones finish, and disconnect. */
  close(): Promise<void>;
}

/**
 * Process sweep jobs from Redis (`clinreg worker --redis URL`): a BullMQ worker whose jobs run on
 * a pool of worker threads (so the event loop stays free to renew job locks however long a fit
 * takes). Each thread reads a data file once per content hash and refuses a file whose SHA-256
 * differs from the job's (the job then fails at once, without retries, with that message).
 * A worker killed mid-job (SIGKILL, a lost machine) stops renewing its lock; after `lockDuration`
 * another worker's stalled check puts the job back in the queue and it runs again elsewhere.
 * @param options see {@link SweepWorkerOptions}.
 * @throws ValueError for a bad URL, an unreachable server or a bad concurrency.
 * @example const worker = await sweep.startSweepWorker({ redis: 'redis://10.0.0.5:6379', concurrency: 4 });
 */
export async function startSweepWorker(options: SweepWorkerOptions): Promise<SweepWorker> {
  const concurrency = options.concurrency ?? availableParallelism();
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new ValueError(`--concurrency: must be a positive integer. Received: ${String(concurrency)}.`);
  const timing = lockTiming(options, 'startSweepWorker');
  const maxStalledCount = options.maxStalledCount ?? 3;
  const connection = await connectRedis(options.redis, '--redis');
  const { Worker: BullWorker, UnrecoverableError } = await loadBullmq('--redis');
  const pool = new WorkerPool<SweepJob, SweepJobResult>(workerModule('job-thread', import.meta.url), { workers: concurrency });
  const note = options.onEvent ?? ((): void => undefined);
  const processor = async (job: Job<SweepJob, StoredJobResult>): Promise<StoredJobResult> => {
    note({ kind: 'started', jobId: job.data.id });
    try {
      const result = encodeResult(await pool.run(job.data));
      note({ kind: 'completed', jobId: job.data.id });
      return result;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      note({ kind: 'failed', jobId: job.data.id, message });
      // Wrong data or bad settings fail the same way on every try: no retry.
      if (err instanceof WorkerTaskError && (err.code === 'E_DATA' || err.code === 'E_VALUE')) throw new UnrecoverableError(message);
      throw err;
    }
  };
  const worker: Worker<SweepJob, StoredJobResult> = new BullWorker(SWEEP_QUEUE, processor, {
    connection,
    concurrency,
    lockDuration: timing.lockDuration,
    stalledInterval: timing.stalledInterval,
    maxStalledCount,
  });
  worker.on('error', () => undefined); // connection hiccups: BullMQ reconnects; job errors are reported by the processor
  await worker.waitUntilReady();
  return {
    close: async () => {
      await worker.close();
      await pool.close();
      connection.disconnect();
    },
  };
}
