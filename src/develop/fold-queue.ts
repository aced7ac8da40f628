import type { FoldOutcome } from '../validate/fold-engine.js';
import type { DevelopWorkers } from './develop-workers.js';
import { claimNext, newClaims, stopClaims } from './fold-claims.js';
import { runFoldTask, type FoldTask } from './fold-task.js';
import type { Table } from '../data/table.js';

/**
 * Validation folds shared between worker threads and this thread: each thread claims the next
 * fold from a counter in shared memory when it is free (see fold-claims.ts), so a worker never
 * waits for this thread to hand it one, and no fold waits in a busy thread's queue. {@link finish}
 * claims folds here (this thread is the extra core once its own work is done) and waits for the
 * workers. A fold gives the same outcome wherever it runs (its seeds are in the task), and an error
 * is the one the serial run meets first: the failing fold of lowest index (every fold before it was
 * claimed, so it ran).
 */
export class FoldQueue {
  private readonly claims: Int32Array;
  private readonly outcomes: (FoldOutcome | undefined)[];
  private readonly errors = new Map<number, unknown>();
  private readonly shares: Promise<void>[];

  /**
   * Start the workers on the folds (one claiming task per thread).
   * @param tasks the folds, in order. @param workers the threads. @param table the tasks' table on this thread.
   */
  constructor(
    private readonly tasks: readonly FoldTask[],
    workers: DevelopWorkers,
    private readonly table: Table,
  ) {
    this.outcomes = tasks.map(() => undefined);
    this.claims = newClaims(workers.size);
    this.shares = Array.from({ length: Math.min(workers.size, tasks.length) }, async (_, w) => {
      try {
        for (const { index, outcome } of await workers.runFolds({ kind: 'folds', tasks: [...tasks], claims: this.claims, slot: 1 + w })) this.outcomes[index] = outcome;
      } catch (err) {
        this.stop();
        const failed = Atomics.load(this.claims, 1 + w);
        this.errors.set(failed >= 0 ? failed : -1, err); // -1: the thread failed outside a fold
      }
    });
  }

  /** Take no more folds; wait for the workers' running ones to settle (after an error on this thread). */
  async abandon(): Promise<void> {
    this.stop();
    await Promise.all(this.shares);
  }

  /**
   * Claim and run folds here until none is left, wait for the workers' folds; outcomes in fold order.
   * @param onHere called with each fold this thread ran, as soon as it ran (e.g. to draw its chart elsewhere).
   * @throws the error of the failing fold of lowest index (a worker's as WorkerTaskError with its code).
   */
  async finish(onHere?: (index: number, outcome: FoldOutcome) => void): Promise<FoldOutcome[]> {
    for (let i = claimNext(this.claims); i < this.tasks.length; i = claimNext(this.claims)) {
      try {
        const outcome = runFoldTask(this.tasks[i]!, this.table);
        this.outcomes[i] = outcome;
        onHere?.(i, outcome);
      } catch (err) {
        this.stop();
        this.errors.set(i, err);
        break;
      }
      await new Promise((resolve) => setImmediate(resolve)); // replies and chart requests go out between folds
    }
    await Promise.all(this.shares);
    if (this.errors.size > 0) throw this.errors.get(Math.min(...this.errors.keys()));
    return this.outcomes as FoldOutcome[];
  }

  private stop(): void {
    stopClaims(this.claims, this.tasks.length);
  }
}
