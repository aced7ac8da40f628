import { availableParallelism, loadavg } from 'node:os';
import { ValueError } from '../errors.js';
import { workerModule } from '../package-root.js';
import { idleWorkers } from '../parallel/idle-cores.js';
import { WorkerPool } from '../parallel/worker-pool.js';
import { renderHtmlReport } from '../report/html/document.js';
import type { Chart } from '../report/render-chart.js';
import type { ReportInput } from '../report/report-input.js';
import type { FoldOutcome } from '../validate/fold-engine.js';
import type { DevelopReply, DevelopTask, UpdatingTask } from './develop-task.js';
import type { ClaimedUnit } from './updating-run.js';
import type { FoldTask, SharedTable } from './fold-task.js';
import type { ClaimedFold, FoldClaimsTask } from './fold-claims.js';
import type { ShiftReport } from '../checks/index.js';
import type { Schema } from '../data/schema.js';

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
  /**
   * Tasks sent to a thread before it answers: every chart request reaches the thread at once, even
   * while this thread runs a fold and cannot hand out more (the thread draws its charts between its
   * folds, before the last one; folds are claimed from shared memory, not queued).
   */
  readonly pipeline = 32;
  private readonly pool: WorkerPool<DevelopTask, DevelopReply>;
  /** Charts requested so far (chart id and spec → SVG): the same chart is rendered once. */
  private readonly charts = new Map<string, Promise<string>>();

  /**
   * Start the threads (they load clinreg in the background; tasks queue meanwhile).
   * @param options see {@link DevelopWorkersOptions}.
   * @throws ValueError when `threads` is not a positive integer.
   */
  constructor(options: DevelopWorkersOptions = {}) {
    const threads = options.threads ?? availableParallelism();
    if (!Number.isSafeInteger(threads) || threads < 1) throw new ValueError(`DevelopWorkers: threads must be a positive integer. Received: threads=${String(threads)}.`);
    this.size = threads;
    this.pool = new WorkerPool(workerModule('develop-thread', import.meta.url), { workers: threads, pipeline: this.pipeline });
  }

  /** Run one validation fold on the next free thread. @throws the fold's error (WorkerTaskError with its code). */
  runFold(task: FoldTask): Promise<FoldOutcome> {
    return this.pool.run(task) as Promise<FoldOutcome>;
  }

  /**
   * This thread's share of a run's folds: it claims folds from `task.claims` until none is left
   * (see fold-claims.ts), drawing any chart requested meanwhile first.
   * @throws the error of a fold it ran (WorkerTaskError with its code); its index is in `task.claims`.
   */
  runFolds(task: FoldClaimsTask): Promise<ClaimedFold[]> {
    return this.pool.run(task) as Promise<ClaimedFold[]>;
  }

  /** The shift diagnosis (`checks.detectShift`) of a shared table on the next free thread. @throws its error (WorkerTaskError). */
  detectShift(table: SharedTable, schema: Schema): Promise<ShiftReport> {
    return this.pool.run({ kind: 'shift', table, schema }) as Promise<ShiftReport>;
  }

  /**
   * This thread's share of an updating experiment's units: it claims units from `task.claims` until
   * none is left, after the charts it draws (see runUpdatingExperimentShared). @throws a unit's error (WorkerTaskError).
   */
  runUpdatingUnits(task: UpdatingTask): Promise<ClaimedUnit[]> {
    return this.pool.run(task) as Promise<ClaimedUnit[]>;
  }

  /**
   * Render a chart on the next free thread: the SVG `report.renderChart` gives on this thread. Bound,
   * so it can be passed as `writeRunOutputs`' or `renderHtmlReport`'s `renderChart`.
   * @throws what renderChart throws (WorkerTaskError with its code).
   */
  readonly renderChart = (chart: Chart, options: { id: string }): Promise<string> => {
    const key = `${options.id}\u0000${JSON.stringify(chart)}`;
    let svg = this.charts.get(key);
    if (svg === undefined) {
      svg = this.pool.run({ kind: 'chart', chart, id: options.id }) as Promise<string>;
      svg.catch(() => undefined); // a prerendered chart's error is thrown where the report awaits it
      this.charts.set(key, svg);
    }
    return svg;
  };

  /** Distinct charts requested so far (a repeated request, e.g. the report asking for a prerendered chart, is served from the first). */
  get chartsRequested(): number {
    return this.charts.size;
  }

  /**
   * Start rendering a report's charts now (e.g. while this thread computes the rest of the run); a
   * later report with the same charts, rendered with {@link renderChart}, takes them as they are.
   * @param input the report's input (its charts only matter: title, provenance and the like may change).
   * @returns a promise that resolves once every chart has been requested (the report's sections are
   *   built over several microtasks: a caller that goes on with synchronous work without awaiting it
   *   sends the charts only when that work is done). It never rejects: errors surface in the real render.
   */
  prerenderReport(input: ReportInput): Promise<void> {
    renderHtmlReport(input, { renderChart: this.renderChart }).catch(() => undefined);
    return new Promise((resolve) => setImmediate(resolve)); // after the microtasks that build the sections and request the charts
  }

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
 * Worker threads worth starting for `folds` validation folds on `rows` labelled rows, next to this
 * thread (which diagnoses shift, fits the final model and then takes folds too): one per idle core
 * but this thread's, up to one per fold. The idle cores are the cores less the 1-minute load
 * average, so on a machine already busy the run stays on this thread (a thread costs about 0.3 s of
 * CPU to start, and more to warm up: it only pays on a core that would idle). None for a single
 * fold or under {@link MIN_THREADED_ROWS} rows.
 * @param folds validation folds to run. @param rows labelled rows.
 * @param load the load average to assume. Default `os.loadavg()[0]`.
 */
export function autoThreads(folds: number, rows: number, load: number = loadavg()[0] ?? 0): number {
  if (folds < 2 || rows < MIN_THREADED_ROWS) return 0;
  return idleWorkers(folds, load);
}
