// Public exports of sweep/ (named re-exports only): configuration sweeps over validation folds.
export { parseGrid, expandGrid, configLabel, SWEEP_SETTINGS, MAX_CONFIGURATIONS } from './grid.js';
export type { SweepConfig, SweepGrid } from './grid.js';
export { dataRef, loadDataRef, sha256Hex } from './data-ref.js';
export type { DataRef, DataReadOptions, LoadedData } from './data-ref.js';
export { planSweep, baseConfig } from './plan.js';
export type { SweepOptions, SweepPlan, SweepJob, SweepScheme } from './plan.js';
export { runSweepJob } from './run-job.js';
export type { SweepJobResult } from './run-job.js';
export { assembleSweep, logLoss, CHOICE_RULE } from './assemble.js';
export type { SweepResult, SweepConfigResult, AssembleSweepOptions } from './assemble.js';
export { runSweep } from './run-sweep.js';
export type { RunSweepOptions } from './run-sweep.js';
