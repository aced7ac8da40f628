import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ValueError } from '../errors.js';
import type { ReplyMessage } from './serve-tasks.js';
import { WorkerTaskError } from './task-error.js';

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** Worker threads. Default `os.availableParallelism()` (the cores Node may use). */
  workers?: number;
  /**
   * Tasks sent to a worker before it has answered the ones it holds (they queue in the thread).
   * 2 keeps a worker busy while the calling thread is itself busy with synchronous work and
   * cannot hand out the next task; 1 leaves every queued task free for whichever worker is first
   * free. Default 1.
   */
  pipeline?: number;
}

interface Pending<R> {
  id: number;
  task: unknown;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

interface Slot<R> {
  worker: Worker;
  /** Tasks sent to this worker and not answered yet, oldest first. */
  busy: Pending<R>[];
  /** The thread's module loaded and serves tasks; a thread that fails before is not replaced. */
  online: boolean;
}

/**
 * A small pool of `node:worker_threads` workers running one module that calls
 * {@link serveTasks}. Tasks queue first in, first out; each worker runs one at a time. A task's
 * error comes back as a {@link WorkerTaskError} with the original code; a worker that dies fails its
 * task (code E_WORKER) and is replaced. Results are structured clones: numbers arrive bit for bit,
 * so a pure task gives the result it gives on the main thread.
 * @example
 * const pool = new parallel.WorkerPool(new URL('./my-worker.js', import.meta.url), { workers: 2 });
 * const results = await pool.map(tasks);
 * await pool.close();
 */
export class WorkerPool<T, R> {
  /** Number of worker threads. */
  readonly size: number;
  private readonly module: URL;
  private readonly pipeline: number;
  private readonly slots: Slot<R>[] = [];
  private readonly queue: Pending<R>[] = [];
  private nextId = 0;
  private closed = false;

  /**
   * @param module the worker module (a `.js` file, or a `.ts` file when tsx is installed, as in development).
   * @param options see {@link WorkerPoolOptions}.
   * @throws ValueError when `workers` or `pipeline` is not a positive integer.
   */
  constructor(module: URL, options: WorkerPoolOptions = {}) {
    const size = options.workers ?? availableParallelism();
    if (!Number.isSafeInteger(size) || size < 1) throw new ValueError(`WorkerPool: workers must be a positive integer. Received: workers=${String(size)}.`);
    const pipeline = options.pipeline ?? 1;
    if (!Number.isSafeInteger(pipeline) || pipeline < 1) throw new ValueError(`WorkerPool: pipeline must be a positive integer. Received: pipeline=${String(pipeline)}.`);
    this.size = size;
    this.pipeline = pipeline;
    this.module = module;
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /**
   * Run one task on the next free worker.
   * @throws ValueError after {@link close}; the task's error (WorkerTaskError) otherwise.
   */
  run(task: T): Promise<R> {
    if (this.closed) return Promise.reject(new ValueError('WorkerPool.run: the pool is closed.'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.dispatch();
    });
  }

  /** Run every task; results in task order. Rejects with the first task error (the others still run). */
  map(tasks: readonly T[]): Promise<R[]> {
    return Promise.all(tasks.map((t) => this.run(t)));
  }

  /** Stop every worker; queued and running tasks are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new ValueError('WorkerPool: closed before the task ran.'));
    for (const slot of this.slots) for (const p of slot.busy.splice(0)) p.reject(new ValueError('WorkerPool: closed while the task ran.'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot<R> {
    const worker = this.module.pathname.endsWith('.ts') ? tsxWorker(this.module) : new Worker(this.module);
    const slot: Slot<R> = { worker, busy: [], online: false };
    worker.on('message', (reply: ReplyMessage<R> | { ready: true }) => {
      if ('ready' in reply) {
        slot.online = true;
        return;
      }
      const k = slot.busy.findIndex((q) => q.id === reply.id);
      if (k < 0) return;
      const p = slot.busy.splice(k, 1)[0]!;
      if ('error' in reply) p.reject(new WorkerTaskError(reply.error));
      else p.resolve(reply.result);
      this.dispatch();
    });
    const fail = (message: string): void => {
      for (const p of slot.busy.splice(0)) p.reject(new WorkerTaskError({ name: 'Error', code: 'E_WORKER', message }));
      if (this.closed) return;
      if (!slot.online) {
        // The module itself fails to load: replacing the thread would fail the same way, forever.
        this.closed = true;
        const error = new WorkerTaskError({ name: 'Error', code: 'E_WORKER', message });
        for (const q of [...this.queue.splice(0), ...this.slots.flatMap((s) => s.busy.splice(0))]) q.reject(error);
        void Promise.all(this.slots.map((s) => s.worker.terminate()));
        return;
      }
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.spawn();
      this.dispatch();
    };
    worker.on('error', (err) => fail(`WorkerPool: a worker failed: ${err.message}`));
    worker.on('exit', (code) => {
      if (!this.closed && code !== 0) fail(`WorkerPool: a worker exited with code ${code}`);
    });
    return slot;
  }

  private dispatch(): void {
    // Idle workers first, then (with pipeline > 1) each worker's queue up to the depth.
    for (let depth = 1; depth <= this.pipeline; depth++) {
      for (const slot of this.slots) {
        if (this.queue.length === 0) return;
        if (slot.busy.length >= depth) continue;
        const p = this.queue.shift()!;
        slot.busy.push(p);
        slot.worker.postMessage({ id: p.id, task: p.task });
      }
    }
  }
}

/**
 * A worker thread running a TypeScript module from source (tests and examples under tsx): Worker
 * execArgv cannot take `--import`, so the thread registers tsx's loader itself, then imports it.
 */
function tsxWorker(module: URL): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(module.href)}); });`, { eval: true });
}
