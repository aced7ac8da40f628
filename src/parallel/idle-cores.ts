import { availableParallelism, loadavg } from 'node:os';

/**
 * Worker threads worth starting next to the calling thread (which works too): the idle cores but
 * the caller's one, at most `tasks`. The idle cores are the cores less the 1-minute load average,
 * so on a machine already busy the work stays on the calling thread (a thread costs CPU to start
 * and to load its modules: it only pays on a core that would otherwise idle).
 * @param tasks most threads that could be kept busy (e.g. chunks of work).
 * @param load the load average to assume. Default `os.loadavg()[0]`.
 * @param cores the cores Node may use. Default `os.availableParallelism()`.
 * @example const threads = parallel.idleWorkers(4); // 1 on an idle 2-core machine, 0 on a busy one
 */
export function idleWorkers(tasks: number, load: number = loadavg()[0] ?? 0, cores: number = availableParallelism()): number {
  const idle = Math.max(0, Math.round(cores - load));
  return Math.max(0, Math.min(tasks, idle - 1));
}
