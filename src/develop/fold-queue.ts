import { runFold, type FoldOutcome } from '../validate/fold-engine.js';
import type { DevelopWorkers } from './develop-workers.js';
import { buildFromSpec, type FoldTask } from './fold-task.js';
import type { Table } from '../data/table.js';

/**
 * Validation folds shared between worker threads and this thread: each worker takes the next fold
 * as it finishes one; {@link finish} runs the folds no worker has taken here (this thread is the
 * extra core once its own work is done) and waits for the rest. A fold gives the same outcome
 * wherever it runs (its seeds are in the task).
 */
export class FoldQueue {
  private next = 0;
  private readonly outcomes: (FoldOutcome | undefined)[];
  private readonly loops: Promise<void>[];

  /**
   * Start the workers on the folds.
   * @param tasks the folds, in order. @param workers the threads. @param table the tasks' table on this thread.
   */
  constructor(
    private readonly tasks: readonly FoldTask[],
    workers: DevelopWorkers,
    private readonly table: Table,
  ) {
    this.outcomes = tasks.map(() => undefined);
    // One loop per task a thread holds at once: a worker that finishes while this thread runs a
    // fold of its own (no messages handled meanwhile) goes on with the fold it already holds.
    this.loops = Array.from({ length: Math.min(workers.size * workers.pipeline, tasks.length) }, async () => {
      while (this.next < tasks.length) {
        const i = this.next++;
        this.outcomes[i] = await workers.runFold(tasks[i]!);
      }
    });
    // Awaited in finish (never unhandled meanwhile); after a worker's error no fold is taken any more.
    for (const l of this.loops) l.catch(() => (this.next = this.tasks.length));
  }

  /** Take no more folds; wait for the workers' running ones to settle (after an error on this thread). */
  async abandon(): Promise<void> {
    this.next = this.tasks.length;
    await Promise.allSettled(this.loops);
  }

  /** Run the untaken folds on this thread, wait for the workers' folds; outcomes in fold order. */
  async finish(): Promise<FoldOutcome[]> {
    try {
      while (this.next < this.tasks.length) {
        const i = this.next++;
        const t = this.tasks[i]!;
        this.outcomes[i] = runFold((n) => buildFromSpec(t.model, n), this.table, t.schema, t.data, t.spec, t.index, t.settings);
        await new Promise((resolve) => setImmediate(resolve)); // let a worker that finished take the next fold
      }
      await Promise.all(this.loops);
    } finally {
      await Promise.allSettled(this.loops);
    }
    return this.outcomes as FoldOutcome[];
  }
}
