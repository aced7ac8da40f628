/**
 * clinreg — clinical prediction models that still work at the next hospital.
 *
 * Public entry: every export users rely on is re-exported here by name; each concept folder
 * is a namespace (`nn`, `optim`, `metrics`, …) as in DESIGN.md.
 */
export { ClinregError, ValueError, ShapeError, NotFittedError, UndefinedMetricError, DataError, ModelFormatError, MissingDependencyError } from './errors.js';
export type { DataLocation } from './errors.js';
export { VERSION } from './version.js';
export { Generator, manualSeed, getGenerator } from './stats/random.js';
export * from './tensor/index.js';
export type { Finding, FindingCode, Severity } from './checks/finding.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as train from './train/index.js';
export * as data from './data/index.js';
export * as modelSelection from './model-selection/index.js';
export * as metrics from './metrics/index.js';
export * as checks from './checks/index.js';
export * as validate from './validate/index.js';
export * as recommend from './recommend/index.js';
export * as adapt from './adapt/index.js';
export * as update from './update/index.js';
export * as conformal from './conformal/index.js';
export * as io from './io/index.js';
export * as report from './report/index.js';
export * as develop from './develop/index.js';
export * as kernels from './kernels/index.js';
export * as exporter from './export/index.js';
export * as federated from './federated/index.js';
export * as sweep from './sweep/index.js';
export * as parallel from './parallel/index.js';
