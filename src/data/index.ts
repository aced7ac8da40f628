// Public exports of data/ (named re-exports only).
export { Table } from './table.js';
export type { Column, NumericColumn, CategoricalColumn, DateColumn } from './table.js';
export type { Schema, PositiveRule } from './schema.js';
export { rowHashes, createFingerprint, fingerprintOverlap } from './fingerprint.js';
export type { Fingerprint } from './fingerprint.js';
