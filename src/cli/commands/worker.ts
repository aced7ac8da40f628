import type { Command } from 'commander';
import { createContext } from '../context.js';
import { intInRange } from '../flags.js';

interface WorkerFlags {
  redis: string;
  concurrency?: number;
  lockDuration: number;
}

/**
 * `clinreg worker --redis URL [--concurrency N]`: process `clinreg sweep --redis` jobs until
 * stopped (Ctrl-C / SIGTERM: running jobs finish first). Each job runs on a worker thread; the data
 * file must be at the submitted path with the submitted SHA-256, else the job fails with that
 * message. A worker killed mid-job has its job retried by another worker once the lock expires
 * (`--lock-duration`).
 * @param program the root command.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('process clinreg sweep jobs from Redis (run one per machine; Ctrl-C to stop)')
    .requiredOption('--redis <url>', 'Redis URL (redis://HOST:PORT) the sweep was submitted to')
    .option('--concurrency <n>', 'jobs at once, each on its own thread (default: the cores)', intInRange(1, 1024))
    .option('--lock-duration <ms>', "job lock in ms: a killed worker's job is retried elsewhere this long after its last renewal", intInRange(100, 24 * 3600 * 1000), 30_000)
    .action(async (flags: WorkerFlags) => {
      const ctx = createContext({ json: false });
      const { sweep } = await import('../../index.js');
      const worker = await sweep.startSweepWorker({
        redis: flags.redis,
        lockDuration: flags.lockDuration,
        ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
        onEvent: (e) => ctx.print(`${e.kind} ${e.jobId}${e.message !== undefined ? `: ${e.message}` : ''}`),
      });
      ctx.note(`clinreg worker: waiting for sweep jobs on ${flags.redis} (pid ${process.pid}); Ctrl-C to stop`);
      // Replace the CLI's exit-at-once on a signal: the first stops gracefully, a second exits now
      // (the running jobs then go back to the queue when their locks expire).
      process.removeAllListeners('SIGINT');
      process.removeAllListeners('SIGTERM');
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          process.once('SIGINT', () => process.exit(130));
          process.once('SIGTERM', () => process.exit(143));
          ctx.note(`clinreg worker: ${signal}: stopping after the running jobs (again to stop now)`);
          void worker.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
