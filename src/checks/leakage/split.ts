/**
 * Resolve the `split` / `folds` options of auditLeakage into train/test row lists (internal).
 */
import { ValueError } from '../../errors.js';
import type { Split } from '../../model-selection/base.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';

/** A train/test split or a list of them (cross-validation folds), or a column naming train/test. */
export type SplitSpec = string | Split | readonly Split[];

/** One split to audit; `fold` is its index when the caller passed folds. */
export interface ResolvedSplit {
  train: Int32Array;
  test: Int32Array;
  fold?: number;
}

const TRAIN = new Set(['train', 'training']);
const TEST = new Set(['test', 'testing']);

function fromColumn(who: string, table: Table, name: string): ResolvedSplit {
  if (!table.has(name)) {
    throw new ValueError(`${who}: split column '${name}' is not in the table. Known columns: ${table.columnNames.join(', ')}.`);
  }
  const col = table.column(name);
  if (col.kind !== 'categorical') {
    throw new ValueError(
      `${who}: split column '${name}' must hold the text values 'train' and 'test'. Received: a ${col.kind} column. Fix: recode it to train/test.`,
    );
  }
  const side = col.levels.map((l) => {
    const v = l.trim().toLowerCase();
    return TRAIN.has(v) ? 0 : TEST.has(v) ? 1 : -1;
  });
  const bad = col.levels.filter((_, k) => side[k] === -1);
  if (bad.length > 0) {
    throw new ValueError(
      `${who}: split column '${name}' must hold only 'train' and 'test' (case-insensitive; 'training'/'testing' accepted). Received: ${bad.slice(0, 5).map((b) => `'${b}'`).join(', ')}. Fix: recode other values or leave them empty.`,
    );
  }
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < table.nRows; i++) {
    const c = col.codes[i]!;
    if (c < 0) continue;
    (side[c] === 0 ? train : test).push(i);
  }
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

function checkIndices(who: string, what: string, rows: unknown, nRows: number): Int32Array {
  if (rows === null || typeof rows !== 'object' || typeof (rows as { length?: unknown }).length !== 'number') {
    throw new ValueError(`${who}: ${what} must be an array of row indices. Received: ${String(rows)}.`);
  }
  const arr = rows as ArrayLike<number>;
  const out = new Int32Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const r = arr[i]!;
    if (!Number.isInteger(r) || r < 0 || r >= nRows) {
      throw new ValueError(`${who}: ${what} must hold integer row indices in [0, ${nRows}). Received: ${what}[${i}]=${r}.`);
    }
    out[i] = r;
  }
  return out;
}

function fromSplit(who: string, s: Split, nRows: number, fold?: number): ResolvedSplit {
  const at = fold === undefined ? 'split' : `folds[${fold}]`;
  if (s === null || typeof s !== 'object') {
    throw new ValueError(`${who}: ${at} must be {train, test}. Received: ${String(s)}.`);
  }
  const out: ResolvedSplit = { train: checkIndices(who, `${at}.train`, s.train, nRows), test: checkIndices(who, `${at}.test`, s.test, nRows) };
  if (out.test.length === 0) throw new ValueError(`${who}: ${at}.test must not be empty. Received: 0 rows.`);
  if (out.train.length === 0) throw new ValueError(`${who}: ${at}.train must not be empty. Received: 0 rows.`);
  if (fold !== undefined) out.fold = fold;
  return out;
}

/**
 * The splits to audit: `options.split` (column name, one split or folds), else `options.folds`,
 * else the schema's split column; none → [] (only split-free checks run).
 * @throws ValueError when both split and folds are given, or a split is malformed.
 */
export function resolveSplits(who: string, table: Table, schema: Schema, split: SplitSpec | undefined, folds: readonly Split[] | undefined): ResolvedSplit[] {
  if (split !== undefined && folds !== undefined) {
    throw new ValueError(`${who}: pass either split or folds, not both. Received: both. Fix: pass folds as split or drop one.`);
  }
  const spec = split ?? folds ?? schema.split;
  if (spec === undefined) return [];
  if (typeof spec === 'string') {
    const s = fromColumn(who, table, spec);
    if (s.test.length === 0 || s.train.length === 0) {
      throw new ValueError(`${who}: split column '${spec}' must mark both train and test rows. Received: ${s.train.length} train, ${s.test.length} test.`);
    }
    return [s];
  }
  if (Array.isArray(spec)) {
    if (spec.length === 0) throw new ValueError(`${who}: folds must not be empty. Received: [].`);
    return (spec as readonly Split[]).map((s, k) => fromSplit(who, s, table.nRows, k));
  }
  return [fromSplit(who, spec as Split, table.nRows)];
}

/** A per-row side marker: 1 train, 2 test, 3 both, 0 neither. */
export function sideOf(nRows: number, s: ResolvedSplit): Uint8Array {
  const side = new Uint8Array(nRows);
  for (let i = 0; i < s.train.length; i++) side[s.train[i]!]! |= 1;
  for (let i = 0; i < s.test.length; i++) side[s.test[i]!]! |= 2;
  return side;
}

/** Details common to every split-level finding: which fold, if folds were given. */
export function foldDetails(s: ResolvedSplit): Record<string, unknown> {
  return s.fold === undefined ? {} : { fold: s.fold };
}

/** " (fold k)" suffix for messages. */
export function foldSuffix(s: ResolvedSplit): string {
  return s.fold === undefined ? '' : ` (fold ${s.fold})`;
}
