import { ValueError } from '../errors.js';
import { connectRedis } from './redis-client.js';
import type { SweepJobResult } from './run-job.js';

/** The BullMQ queue every sweep job goes through (jobs of several sweeps share it; ids keep them apart). */
export const SWEEP_QUEUE = 'clinreg-sweep';

/**
 * Timing of BullMQ's stalled-job handling. A worker renews its job's lock every `lockDuration / 2`
 * (jobs run in worker threads, so the event loop is free to); a killed worker stops renewing, and
 * after `lockDuration` a stalled check (every `stalledInterval` in each live worker) moves the job
 * back to the queue for another worker.
 */
export interface LockTiming {
  /** Milliseconds a job's lock lasts without renewal. Default 30000 (BullMQ's). */
  lockDuration?: number;
  /** Milliseconds between stalled checks. Default lockDuration / 2. */
  stalledInterval?: number;
}


/**
 * Check that Redis answers at `url` (connect, PING, disconnect), e.g. before planning a sweep.
 * @param url `redis://HOST:PORT`. @param who the caller's name for messages. Default '--redis'.
 * @throws ValueError naming `who` and the URL for a malformed URL or a server that does not answer.
 * @example await sweep.checkRedis('redis://127.0.0.1:6379');
 */
export async function checkRedis(url: string, who = '--redis'): Promise<void> {
  (await connectRedis(url, who)).disconnect();
}

/** A job result as stored in Redis (JSON): a non-finite probability is kept as its text. */
export type StoredJobResult = Omit<SweepJobResult, 'prob'> & { prob: (number | string)[] };

/** JSON has no NaN or Infinity: such probabilities travel as text and come back as numbers. */
export function encodeResult(r: SweepJobResult): StoredJobResult {
  return { ...r, prob: r.prob.map((v) => (Number.isFinite(v) ? v : String(v))) };
}

/** The inverse of {@link encodeResult}. */
export function decodeResult(r: StoredJobResult): SweepJobResult {
  return { ...r, prob: r.prob.map((v) => (typeof v === 'string' ? Number(v) : v)) };
}

/** Lock timing with defaults filled in and checked. */
export function lockTiming(timing: LockTiming, who: string): Required<LockTiming> {
  const lockDuration = timing.lockDuration ?? 30_000;
  if (!Number.isSafeInteger(lockDuration) || lockDuration < 100) throw new ValueError(`${who}: lockDuration must be an integer ≥ 100 ms. Received: ${lockDuration}.`);
  const stalledInterval = timing.stalledInterval ?? Math.max(50, Math.round(lockDuration / 2));
  if (!Number.isSafeInteger(stalledInterval) || stalledInterval < 50) throw new ValueError(`${who}: stalledInterval must be an integer ≥ 50 ms. Received: ${stalledInterval}.`);
  return { lockDuration, stalledInterval };
}
