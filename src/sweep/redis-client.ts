// The Redis and BullMQ clients of distributed sweeps. `bullmq` and `ioredis` are optional peer
// dependencies: most users never run a sweep on Redis, so a plain `npm install clinreg` leaves them
// out (about 12 MB: bullmq, ioredis, luxon, msgpackr, cron-parser). They are imported here, only when
// a sweep on Redis starts, and a missing one is one clear error naming the install command.
// This file is not re-exported, so clinreg's public type declarations never mention either package.
import type { Redis } from 'ioredis';
import { MissingDependencyError, ValueError } from '../errors.js';

const INSTALL = 'npm install bullmq ioredis';

/** Whether `err` says that `name` itself (not something it imports) could not be found. */
function isMissing(err: unknown, name: string): boolean {
  const e = err as { code?: string; message?: string };
  return (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND') && typeof e.message === 'string' && e.message.includes(`'${name}'`);
}

/**
 * Import an optional package of sweeps on Redis.
 * @throws MissingDependencyError naming the package and `npm install bullmq ioredis` when it is not installed.
 */
async function importOptional<T>(name: 'bullmq' | 'ioredis', load: () => Promise<T>, who: string): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (!isMissing(err, name)) throw err;
    throw new MissingDependencyError(
      `${who}: sweeps on Redis need the optional packages bullmq and ioredis, and '${name}' is not installed. Fix: ${INSTALL} (in the folder where clinreg is installed), or run the sweep on this machine without ${who}.`,
    );
  }
}

/**
 * BullMQ's module, imported on first use.
 * @param who the caller's name for messages (the CLI passes `--redis`).
 * @throws MissingDependencyError when bullmq is not installed.
 */
export function loadBullmq(who: string): Promise<typeof import('bullmq')> {
  return importOptional('bullmq', () => import('bullmq'), who);
}

/**
 * Check a Redis URL (`redis://HOST:PORT[/DB]`, `rediss://` for TLS) and connect to it once, so an
 * unreachable server is one clear error instead of endless reconnecting. Returns a connection
 * BullMQ can use (maxRetriesPerRequest null, as its workers require).
 * @param url the URL. @param who the caller's name for messages (the CLI passes `--redis`).
 * @throws ValueError naming `who` and the URL for a malformed URL or a server that does not answer.
 * @throws MissingDependencyError when ioredis is not installed.
 */
export async function connectRedis(url: string, who: string): Promise<Redis> {
  let parsed: URL | null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (parsed === null || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '') {
    throw new ValueError(`${who}: expected a URL redis://HOST:PORT (or rediss:// for TLS). Received: '${url}'.`);
  }
  const { Redis: RedisClient } = await importOptional('ioredis', () => import('ioredis'), who);
  let lastError = '';
  const probe = new RedisClient(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: 5000 });
  probe.on('error', (e: Error & { code?: string }) => (lastError = e.code ?? e.message));
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    throw new ValueError(`${who}: cannot reach Redis at ${url} (${lastError || (e as Error).message}). Fix: start redis-server there, or check the host and port.`);
  } finally {
    probe.disconnect();
  }
  const connection = new RedisClient(url, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined); // reconnects on its own; a lasting outage surfaces as a failing command
  return connection;
}
