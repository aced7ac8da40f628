import { availableParallelism, cpus, loadavg } from 'node:os';

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

/** Idle milliseconds of every core so far (os.cpus()). */
function idleMs(): number {
  return cpus().reduce((sum, c) => sum + c.times.idle, 0);
}

/**
 * Idle cores measured over a window that has just passed: started before work this thread must do
 * anyway (e.g. loading modules), read after it. Unlike the 1-minute load average it sees the
 * machine as it is now — a run started just after another finished is not taken for a busy
 * machine, and one started beside a fresh job is not taken for an idle one.
 * @example
 * const probe = new parallel.IdleCoresProbe();
 * await import('./heavy-module.js');
 * const workers = parallel.idleWorkers(4, availableParallelism() - (probe.idleCores() ?? 0));
 */
export class IdleCoresProbe {
  private readonly idle0 = idleMs();
  private readonly t0 = performance.now();

  /**
   * Cores idle on average since the probe was made (0 to the core count), or null when under
   * `minMs` milliseconds have passed (the kernel counts idle time in ticks of 10 ms or so).
   * @param minMs shortest window to judge by. Default 30.
   */
  idleCores(minMs = 30): number | null {
    const elapsed = performance.now() - this.t0;
    if (elapsed < minMs) return null;
    return Math.max(0, (idleMs() - this.idle0) / elapsed);
  }
}
