import { ValueError } from '../errors.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { checkOptions } from '../option-keys.js';
import { assembleFolds, type FoldOutcome } from '../validate/fold-engine.js';
import { foldPlan, type CrossValidateResult } from '../validate/cross-validate.js';
import { DEVELOP_KEYS, developModel, type DevelopOptions, type DevelopResult } from './develop-model.js';
import { adaptationStep, assembleResult, diagnoseShiftStep, finalStep, foldNote, planDevelopment, updatingStep, validationOptions } from './develop-steps.js';
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
}

const ASYNC_KEYS = { ...DEVELOP_KEYS, threads: true, workers: true } as const satisfies Record<keyof Required<DevelopAsyncOptions>, true>;

/**
 * `developModel` with the validation folds on worker threads: the folds train there while this
 * thread diagnoses shift and fits the final model, then the updating experiment runs here. The
 * model is the recommended MLP or Transformer, built in each thread from its config; every fold
 * gets the seeds it gets in `developModel` (model `seed + fold index`, inner split `seed`), so the
 * result is the same number for number (only the epochs' wall-clock `seconds` differ). Progress
 * bars are not drawn on worker threads, and fold notes come after the final model's. The
 * domain-adaptation validation (`adapt`) runs on this thread.
 * @param table the data. @param schema column roles. @param options see {@link DevelopAsyncOptions}.
 * @returns what `developModel` returns.
 * @throws what `developModel` throws; a fold's error keeps its code (WorkerTaskError).
 * @example const result = await develop.developModelAsync(table, schema, { seed: 0, threads: 2 });
 */
export async function developModelAsync(table: Table, schema: Schema, options: DevelopAsyncOptions = {}): Promise<DevelopResult> {
  checkOptions('developModelAsync', options, ASYNC_KEYS);
  const { threads, workers: given, ...develop } = options;
  if (threads !== undefined && (!Number.isSafeInteger(threads) || threads < 0)) {
    throw new ValueError(`developModelAsync: threads must be an integer ≥ 0. Received: threads=${String(threads)}.`);
  }
  if (threads === 0 && given === undefined) return developModel(table, schema, develop);
  const plan = planDevelopment(table, schema, develop);
  const cv = validationOptions(plan);
  const planned = foldPlan(table, plan.cvSchema, cv);
  const n = given?.size ?? threads ?? autoThreads(planned.folds.length, plan.rows.length);
  if (n === 0) return developModel(table, schema, develop); // small work: the same run on this thread
  const workers = given ?? new DevelopWorkers({ threads: Math.min(n, planned.folds.length) });
  plan.note(`${plan.scheme.scheme} validation (${plan.scheme.reason}) on ${workers.size} worker thread${workers.size === 1 ? '' : 's'}`);
  const { progress: _bars, ...recipe } = plan.common;
  const settings: FoldTaskSettings = { ...recipe, ...(planned.excludeFromDevelopment !== undefined ? { excludeFromDevelopment: planned.excludeFromDevelopment } : {}) };
  const shared = shareTable(table);
  const pending = planned.folds.map((spec, index) => workers.runFold({ kind: 'fold', table: shared, schema: plan.cvSchema, data: planned.data, spec, index, model: plan.model, settings }));
  for (const p of pending) p.catch(() => undefined); // each is awaited below; none is left unhandled meanwhile
  try {
    // This thread's share while the folds train: shift diagnosis and the final model.
    const shift = diagnoseShiftStep(table, schema, plan);
    const last = finalStep(table, schema, plan, develop);
    plan.note('validation folds: waiting for the worker threads');
    const outcomes: FoldOutcome[] = [];
    for (const [index, p] of pending.entries()) {
      outcomes.push(await p);
      plan.note(foldNote(outcomes[index]!.fold, index, pending.length));
    }
    const validation: CrossValidateResult = { ...assembleFolds(planned.data, planned.folds, outcomes, plan.crossSite), scheme: planned.scheme };
    const updating = updatingStep(plan, develop, validation);
    const adaptation = adaptationStep(table, schema, plan, develop, validation);
    return assembleResult(table, schema, plan, shift, validation, updating, adaptation, last);
  } finally {
    if (given === undefined) await workers.close();
    else await Promise.allSettled(pending); // the caller's threads are free again when this returns
  }
}
