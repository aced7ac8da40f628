import { ValueError } from '../errors.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { checkOptions } from '../option-keys.js';
import type { ShiftReport } from '../checks/index.js';
import { assembleFolds } from '../validate/fold-engine.js';
import { foldPlan, type CrossValidateResult } from '../validate/cross-validate.js';
import { DEVELOP_KEYS, developModel, developOnThisThread, type DevelopOptions, type DevelopResult } from './develop-model.js';
import { adaptationStep, assembleResult, finalStep, foldNote, planDevelopment, updatingOptions, validationOptions, type FinalStep } from './develop-steps.js';
import { runUpdatingExperimentShared } from './updating-run.js';
import { FoldQueue } from './fold-queue.js';
import { toReportInput } from './to-report-input.js';
import { finalChartsInput, foldLearningChart, shiftChartsInput } from './early-charts.js';
import { autoThreads, DevelopWorkers } from './develop-workers.js';
import { shareTable, type FoldTaskSettings } from './fold-task.js';

/** Options of {@link developModelAsync}: those of `developModel` plus where the folds run. */
export interface DevelopAsyncOptions extends DevelopOptions {
  /**
   * Worker threads for the validation folds. Default `autoThreads(folds, rows)`: one per fold up to
   * the cores, none on one core or for small data (under 500 labelled rows). 0 runs every fold on
   * this thread (then it is `developModel`).
   */
  threads?: number;
  /** Run the folds on these threads instead of starting some (they stay open, e.g. to render the report's charts). */
  workers?: DevelopWorkers;
  /**
   * With `workers`: start rendering the report's charts on them (`DevelopWorkers.prerenderReport`)
   * as soon as their data exist — the shift heatmaps after the shift diagnosis, the final model's
   * learning curve and uncertainty histogram after it, a fold's learning curve after each fold this
   * thread runs, the rest once the folds are done, while this
   * thread runs the updating experiment (its part of it); write the report with `renderChart: workers.renderChart`
   * to use them. Default false.
   */
  prerenderCharts?: boolean;
}

const ASYNC_KEYS = { ...DEVELOP_KEYS, threads: true, workers: true, prerenderCharts: true } as const satisfies Record<keyof Required<DevelopAsyncOptions>, true>;

/**
 * `developModel` with the validation folds on worker threads: the shift diagnosis and the folds run
 * there while this thread fits the final model; then this thread and the workers claim the folds
 * left one at a time, each when it is free (a worker draws requested charts before the last fold); the updating
 * experiment's draws are made here and its site × m units run here and on the threads. The model is the recommended MLP or Transformer, built in each thread from its config; every fold
 * gets the seeds it gets in `developModel` (model `seed + fold index`, inner split `seed`), so the
 * result is the same number for number (only the epochs' wall-clock `seconds` differ). Progress
 * bars are not drawn on worker threads, and fold notes come after the final model's. The
 * domain-adaptation validation (`adapt`) runs on this thread. A model-builder closure of your own
 * cannot cross threads: `validate.crossValidate(build, …)` and `leaveOneSiteOut` run their folds on
 * the calling thread.
 * @param table the data. @param schema column roles. @param options see {@link DevelopAsyncOptions}.
 * @returns what `developModel` returns.
 * @throws what `developModel` throws; a fold's error keeps its code (WorkerTaskError).
 * @example const result = await develop.developModelAsync(table, schema, { seed: 0, threads: 2 });
 */
export async function developModelAsync(table: Table, schema: Schema, options: DevelopAsyncOptions = {}): Promise<DevelopResult> {
  checkOptions('developModelAsync', options, ASYNC_KEYS);
  const { threads, workers: given, prerenderCharts: _prerender, ...develop } = options;
  if (threads !== undefined && (!Number.isSafeInteger(threads) || threads < 0)) {
    throw new ValueError(`developModelAsync: threads must be an integer ≥ 0. Received: threads=${String(threads)}.`);
  }
  if (threads === 0 && given === undefined) return developModel(table, schema, develop);
  const plan = planDevelopment(table, schema, develop);
  const cv = validationOptions(plan);
  const planned = foldPlan(table, plan.cvSchema, cv);
  const n = given?.size ?? threads ?? autoThreads(planned.folds.length, plan.rows.length);
  if (n === 0) return developOnThisThread(table, schema, plan, develop); // small work: the same run on this thread
  const workers = given ?? new DevelopWorkers({ threads: Math.min(n, planned.folds.length) });
  const charts = options.prerenderCharts === true ? given : undefined; // the threads that draw the report's charts as their data appear
  plan.note(`${plan.scheme.scheme} validation (${plan.scheme.reason}) on ${workers.size} worker thread${workers.size === 1 ? '' : 's'}`);
  const { progress: _bars, ...recipe } = plan.common;
  const settings: FoldTaskSettings = { ...recipe, ...(planned.excludeFromDevelopment !== undefined ? { excludeFromDevelopment: planned.excludeFromDevelopment } : {}) };
  const shared = shareTable(table);
  // The shift diagnosis first on the threads, then the folds they claim; this thread fits the final model first.
  const shifting = schema.site !== undefined && plan.nSites! >= 2 ? workers.detectShift(shared, schema) : null;
  shifting?.catch(() => undefined); // awaited below
  if (shifting !== null) plan.note('shift diagnosis (on a worker thread)');
  const queue = new FoldQueue(
    planned.folds.map((spec, index) => ({ kind: 'fold', table: shared, schema: plan.cvSchema, data: planned.data, spec, index, model: plan.model, settings })),
    workers,
    table,
  );
  try {
    // This thread's share while shift and the folds run there: the final model, then the folds it claims.
    let last: FinalStep;
    try {
      last = finalStep(table, schema, plan, develop);
    } catch (err) {
      await Promise.allSettled([queue.abandon(), shifting]);
      throw err;
    }
    if (charts !== undefined) {
      // Charts whose data exist already are drawn on the threads (between their folds, before the last one).
      const sent = charts.prerenderReport(finalChartsInput({ final: last.final, uncertainty: last.uncertainty, table, rows: plan.rows, schema, y: plan.y }));
      shifting?.then((s) => charts.prerenderReport(shiftChartsInput(s))).catch(() => undefined);
      await sent; // the requests go out before this thread's first fold
    }
    plan.note('validation folds: the rest, here and on the worker threads');
    const outcomes = await queue.finish(
      charts === undefined
        ? undefined
        : (index, outcome) => {
            const learning = foldLearningChart(plan.scheme.scheme, outcome, index);
            if (learning !== null) charts.renderChart(learning.chart, { id: learning.id }).catch(() => undefined);
          },
    );
    const shift: ShiftReport | null = shifting === null ? null : await shifting;
    outcomes.forEach((o, index) => plan.note(foldNote(o.fold, index, outcomes.length)));
    const validation: CrossValidateResult = { ...assembleFolds(planned.data, planned.folds, outcomes, plan.crossSite), scheme: planned.scheme };
    let fingerprint: DevelopResult['trainingFingerprint'] | undefined;
    if (charts !== undefined) {
      // The report's charts need nothing of what is left: they render on the threads meanwhile (awaited:
      // this thread's part of the updating experiment below is synchronous: the charts go out before it starts).
      const partial = assembleResult(table, schema, plan, shift, validation, undefined, undefined, last);
      fingerprint = partial.trainingFingerprint;
      await charts.prerenderReport(toReportInput(partial));
    }
    // The updating experiment here and on the threads (they take their part after the charts above).
    const experiment = updatingOptions(plan, develop);
    const updating = experiment === undefined ? undefined : await runUpdatingExperimentShared(validation, experiment, workers);
    const adaptation = adaptationStep(table, plan, develop, validation);
    return assembleResult(table, schema, plan, shift, validation, updating, adaptation, last, fingerprint);
  } finally {
    if (given === undefined) await workers.close();
  }
}
