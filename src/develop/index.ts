// Public exports of develop/ (the development pipeline as a library; named re-exports only).
export { developModel } from './develop-model.js';
export type { DevelopOptions, DevelopResult } from './develop-model.js';
export { chooseScheme } from './scheme.js';
export type { SchemeChoice, ChosenScheme } from './scheme.js';
export { LeakageError, gatingLeaks, GATING_CODES } from './leak-gate.js';
export type { GatingLeak } from './leak-gate.js';
export { toReportInput } from './to-report-input.js';
export type { ToReportInputOptions } from './to-report-input.js';
export { resultsDocument } from './results-json.js';
export type { ResultsDocument, OutputPaths } from './results-json.js';
export { writeRunOutputs, resultsJson } from './write-outputs.js';
export type { WriteRunOutputsOptions, WrittenRun } from './write-outputs.js';
export { OutputSet, OUTPUT_ENTRIES } from './output-set.js';
export { predictProba, predictProbaMc } from './predict-proba.js';
export type { PredictProbaOptions } from './predict-proba.js';
export { predictionsCsv, columnText } from './predictions-csv.js';
export type { PredictionColumn } from './predictions-csv.js';
