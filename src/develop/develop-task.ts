import { detectShift, type ShiftReport } from '../checks/index.js';
import type { Schema } from '../data/schema.js';
import { renderChart, type Chart } from '../report/render-chart.js';
import type { FoldOutcome } from '../validate/fold-engine.js';
import { runFoldClaims, type ClaimedFold, type FoldClaimsTask } from './fold-claims.js';
import { runFoldTask, tableOf, type FoldTask, type SharedTable } from './fold-task.js';
import type { SiteLogits, UpdatingUnit } from '../update/updating-experiment.js';
import { runUpdatingClaims, type ClaimedUnit } from './updating-run.js';

/** A chart to render to SVG on a worker thread (`report.renderChart`). */
export interface ChartTask {
  kind: 'chart';
  chart: Chart;
  id: string;
}

/** Load the chart renderer (Vega and the chart runtimes parsed ahead; the templates and Vega-Lite only when a chart needs them) ahead of the charts, while the thread would idle. */
export interface WarmChartsTask {
  kind: 'warm-charts';
}

/** The shift diagnosis of a table across its sites (`checks.detectShift`; seeded, so the same anywhere). */
export interface ShiftTask {
  kind: 'shift';
  table: SharedTable;
  schema: Schema;
}

/**
 * Units of a planned updating experiment (draws made on the calling thread), claimed from `claims`
 * (Int32Array on a SharedArrayBuffer: [0] the next unit) by this thread and the caller; see runUpdatingExperimentShared.
 */
export interface UpdatingTask {
  kind: 'updating';
  /** The experiment's input; `units` index into it. */
  sites: SiteLogits[];
  units: UpdatingUnit[];
  alpha: number;
  conformalAlpha: number;
  claims: Int32Array;
}

/** What a DevelopWorkers thread runs. */
export type DevelopTask = FoldTask | FoldClaimsTask | ChartTask | WarmChartsTask | ShiftTask | UpdatingTask;

/** The answer to each task kind: a fold's outcome, claimed folds, an SVG string, a shift report, updating units it claimed, nothing. */
export type DevelopReply = FoldOutcome | ClaimedFold[] | string | ShiftReport | ClaimedUnit[] | null;

// Chart tasks running on this thread: the claimed folds wait for them (see runFoldClaims).
let charting = 0;
const chartsDone: (() => void)[] = [];

function chartsSettled(): Promise<void> {
  return charting === 0 ? Promise.resolve() : new Promise((resolve) => chartsDone.push(resolve));
}

async function asChartWork<R>(work: () => Promise<R>): Promise<R> {
  charting++;
  try {
    return await work();
  } finally {
    if (--charting === 0) for (const resolve of chartsDone.splice(0)) resolve();
  }
}

/** Run one task of a DevelopWorkers thread (or, the same code, on the calling thread). */
export async function runDevelopTask(task: DevelopTask): Promise<DevelopReply> {
  switch (task.kind) {
    case 'fold':
      return runFoldTask(task);
    case 'folds':
      return runFoldClaims(task, () => charting > 0, chartsSettled);
    case 'chart':
      return asChartWork(() => renderChart(task.chart, { id: task.id }));
    case 'shift':
      return detectShift(tableOf(task.table), task.schema);
    case 'updating':
      return runUpdatingClaims(task, () => charting > 0, chartsSettled);
    case 'warm-charts':
      return asChartWork(async () => {
        await Promise.all([import('vega'), import('../report/vega-runtimes.js')]);
        return null;
      });
  }
}
