// Public exports of data/ (named re-exports only).

// Tables and typed columns
export { Table } from './table.js';
export type { Column, NumericColumn, CategoricalColumn, DateColumn } from './table.js';
export { fromRows } from './from-rows.js';
export type { Cell } from './from-rows.js';

// CSV
export { readCsv, readCsvSync, parseCsv } from './csv-reader.js';
export type { ReadCsvOptions } from './csv-reader.js';
export type { ColumnReadOptions } from './table-assembler.js';
export type { ColumnType } from './column-builder.js';
export { STRAY_TEXT_THRESHOLD } from './column-builder.js';
export { DEFAULT_MISSING } from './value-parse.js';
export { sniffDelimiter } from './csv-sniff.js';
export { toCsv, writeCsv } from './csv-writer.js';

// Text from data made safe for terminals and error lines
export { safeText, excerpt, EXCERPT_LENGTH } from './safe-text.js';
export type { WriteCsvOptions } from './csv-writer.js';

// Column roles and the binary target
export { createSchema } from './schema.js';
export type { Schema, SchemaRoles, PositiveRule } from './schema.js';
export { parsePositiveRule } from './positive-rule.js';
export type { ParsedPositiveRule } from './positive-rule.js';
export { binaryTarget, rowsWithTarget } from './binary-target.js';

// Row fingerprints (what a fitted transformer saw; read by leakage checks)
export { rowHashes, createFingerprint, fingerprintOverlap } from './fingerprint.js';
export type { Fingerprint } from './fingerprint.js';
export type { FingerprintJSON } from './preprocessing/state.js';

// Preprocessing (scikit-learn shapes)
export type { Transformer } from './preprocessing/transformer.js';
export { SimpleImputer } from './preprocessing/simple-imputer.js';
export type { SimpleImputerOptions, SimpleImputerJSON, ImputeStrategy } from './preprocessing/simple-imputer.js';
export { StandardScaler } from './preprocessing/standard-scaler.js';
export type { StandardScalerOptions, StandardScalerJSON } from './preprocessing/standard-scaler.js';
export { OneHotEncoder } from './preprocessing/one-hot-encoder.js';
export type { OneHotEncoderOptions, OneHotEncoderJSON } from './preprocessing/one-hot-encoder.js';
export { Pipeline, transformerFromJSON } from './preprocessing/pipeline.js';
export type { PipelineStep, PipelineJSON } from './preprocessing/pipeline.js';
export { TabularPreprocessor } from './preprocessing/tabular-preprocessor.js';
export type { TabularPreprocessorOptions, TabularPreprocessorJSON } from './preprocessing/tabular-preprocessor.js';
