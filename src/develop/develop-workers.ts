import { availableParallelism } from 'node:os';
import { ValueError } from '../errors.js';
import { WorkerPool } from '../parallel/worker-pool.js';
import type { Chart } from '../report/render-chart.js';
import type { FoldOutcome } from '../validate/fold-engine.js';
import type { DevelopReply, DevelopTask } from './develop-task.js';
import type { FoldTask } from './fold-task.js';

/** Options of {@link DevelopWorkers}. */
export interface DevelopWorkersOptions {
  /** Worker threads (≥ 1). Default `os.availableParallelism()`. */
  threads?: number;
}

/** Labelled rows below which `autoThreads` keeps the folds on the calling thread (start-up would not pay). */
export const MIN_THREADED_ROWS = 500;

/**
 * Worker threads for a development run: validation folds of a serialisable model (the recommended
 * MLP or Transformer, see `developModelAsync`) and the report's charts (`renderChart`, to pass to
 * `writeRunOutputs`). Each thread loads clinreg once and serves many tasks; results are structured
 * clones (numbers bit for bit). Close it when done.
 * @example
 * const workers = new develop.DevelopWorkers({ threads: 2 });
 * try {
 *   const result = await develop.developModelAsync(table, schema, { workers });
 *   await develop.writeRunOutputs('out', result, { renderChart: workers.renderChart });
 * } finally { await workers.close(); }
 */
export class DevelopWorkers {
  /** Number of worker threads. */
  readonly size: number;
  private readonly pool: WorkerPool<DevelopTask, DevelopReply>;

  /**
   * Start the threads (they load clinreg in the background; tasks queue meanwhile).
   * @param options see {@link DevelopWorkersOptions}.
   * @throws ValueError when `threads` is not a positive integer.
   */
  constructor(options: DevelopWorkersOptions = {}) {
    const threads = options.threads ?? availableParallelism();
    if (!Number.isSafeInteger(threads) || threads < 1) throw new ValueError(`DevelopWorkers: threads must be a positive integer. Received: threads=${String(threads)}.`);
    this.size = threads;
    this.pool = new WorkerPool(new URL(import.meta.url.endsWith('.ts') ? './develop-thread.ts' : './develop-thread.js', import.meta.url), { workers: threads });
  }

  /** Run one validation fold on the next free thread. @throws the fold's error (WorkerTaskError with its code). */
  runFold(task: FoldTask): Promise<FoldOutcome> {
    return this.pool.run(task) as Promise<FoldOutcome>;
  }

  /**
   * Render a chart on the next free thread: the SVG `report.renderChart` gives on this thread. Bound,
   * so it can be passed as `writeRunOutputs`' or `renderHtmlReport`'s `renderChart`.
   * @throws what renderChart throws (WorkerTaskError with its code).
   */
  readonly renderChart = (chart: Chart, options: { id: string }): Promise<string> => this.pool.run({ kind: 'chart', chart, id: options.id }) as Promise<string>;

  /** Load the chart renderer on every idle thread ahead of the charts (no output). */
  warmCharts(): Promise<void> {
    return Promise.all(Array.from({ length: this.size }, () => this.pool.run({ kind: 'warm-charts' }))).then(() => undefined);
  }

  /** Stop the threads; queued and running tasks are rejected. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * Worker threads worth starting for `folds` validation folds on `rows` labelled rows: none (0) on
 * one core, for a single fold or under {@link MIN_THREADED_ROWS} rows (starting a thread, about a
 * third of a second of CPU, would cost more than it saves); else one per fold up to the cores.
 * @param folds validation folds to run. @param rows labelled rows.
 */
export function autoThreads(folds: number, rows: number): number {
  const cores = availableParallelism();
  if (cores < 2 || folds < 2 || rows < MIN_THREADED_ROWS) return 0;
  return Math.min(cores, folds);
}
