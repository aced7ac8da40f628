// Public exports of data/ (named re-exports only).
export { Table } from './table.js';
export type { Column, NumericColumn, CategoricalColumn, DateColumn } from './table.js';
export type { Schema, PositiveRule } from './schema.js';
export { rowHashes, createFingerprint, fingerprintOverlap } from './fingerprint.js';
export type { Fingerprint } from './fingerprint.js';
export { readCsv, readCsvSync, parseCsv } from './csv-reader.js';
export type { ReadCsvOptions } from './csv-reader.js';
export type { ColumnReadOptions } from './table-assembler.js';
export type { ColumnType } from './column-builder.js';
export { STRAY_TEXT_THRESHOLD } from './column-builder.js';
export { DEFAULT_MISSING } from './value-parse.js';
export { sniffDelimiter } from './csv-sniff.js';
export { toCsv, writeCsv } from './csv-writer.js';
export type { WriteCsvOptions } from './csv-writer.js';
export { fromRows } from './from-rows.js';
export type { Cell } from './from-rows.js';
