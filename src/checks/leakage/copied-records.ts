/**
 * Copied records inside one set of rows: rows identical over the features (missing equals missing)
 * whose values chance would not repeat — the same record exported twice (two ids, one patient, one
 * visit), not patients who share a few coarse values. Used by every fit's early-stopping split
 * (validate/fit-rows.ts keeps a copy set on one side, so a copy never judges the rows it trains on)
 * and by the audit's within-data `duplicate-rows` finding.
 *
 * Chance as in chance-copies.ts, with the copy set left out of its own frequencies: for a set of m
 * identical rows among n, each feature drawn independently, q = Π_f max((c_f − m) / (n − m), κ_f)
 * with c_f the rows with its value of f and κ_f = Σ_v (c_v / n)² the chance that two rows share
 * f's value at all (a value seen only in the set is rare, not impossible: a child aged 170 months
 * is as likely to meet another as a typical value is), and the matches chance gives it among the
 * other rows (n − m)·q. A set is copied when that is below {@link COPY_CHANCE_LIMIT}: 30 continuous
 * values repeated exactly (~10⁻¹⁰⁰ expected), not 5 coarse ones shared by many children (NWTS:
 * histology, stage, age in months). Features that go together make chance matches likelier than
 * the product says, so a rare coincidence may count as a copy; keeping it on one side of a split
 * costs nothing.
 */
import { rowHashes } from '../../data/fingerprint.js';
import type { Table } from '../../data/table.js';
import { valueCounts } from './chance-copies.js';

/** Below this many chance matches a set of identical rows is copied records. */
export const COPY_CHANCE_LIMIT = 0.05;

/** Copied records among some rows: a copy-set number per position, or −1. */
export interface CopiedRecords {
  /** Per position of the rows: the number of its copy set (from 0), −1 when it is no copy. */
  set: Int32Array;
  /** Copy sets. */
  sets: number;
  /** Rows in copy sets beyond the first of each (the copies a deduplication would drop). */
  copies: number;
  /** The first rows (table rows) of up to 5 sets, each with one of its copies. */
  examples: { row: number; copyOf: number }[];
}

/** Equality of two table rows over the features (missing equals missing, 0 equals −0). */
export function rowEquality(table: Table, features: readonly string[]): (i: number, j: number) => boolean {
  const cols = features.map((f) => table.column(f));
  return (i, j) => {
    for (const c of cols) {
      if (c.kind === 'categorical') {
        if (c.codes[i] !== c.codes[j]) return false;
      } else {
        const a = c.values[i]!;
        const b = c.values[j]!;
        if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) return false;
      }
    }
    return true;
  };
}

/**
 * Hash-chained index of table rows over `features`, holding `rows` to begin with: `find(i, hash[i])`
 * returns a held row equal to row i, or −1; `add(i)` returns such a row, else holds row i and returns −1.
 */
export function rowIndex(table: Table, features: readonly string[], rows: ArrayLike<number>): { add: (i: number) => number; find: (i: number, h: number) => number; hash: Uint32Array } {
  const hash = rowHashes(table, features);
  const equal = rowEquality(table, features);
  const head = new Map<number, number>();
  const next = new Int32Array(table.nRows).fill(-1);
  const find = (i: number, h: number): number => {
    for (let r = head.get(h) ?? -1; r >= 0; r = next[r]!) if (equal(r, i)) return r;
    return -1;
  };
  const add = (i: number): number => {
    const h = hash[i]!;
    const copy = find(i, h);
    if (copy >= 0) return copy;
    next[i] = head.get(h) ?? -1;
    head.set(h, i);
    return -1;
  };
  for (let k = 0; k < rows.length; k++) add(rows[k]!);
  return { add, find, hash };
}

/**
 * The copied records among `rows` (see the file comment), or null when none is: no two rows are
 * identical, or every identical set is one chance explains. O(table rows · features) hashing; the value counts
 * only when some rows are identical.
 * @param table the data. @param features the compared columns. @param rows table rows.
 * @example const copied = copiedRecords(table, schema.features, rows); // null for most data
 */
export function copiedRecords(table: Table, features: readonly string[], rows: ArrayLike<number>): CopiedRecords | null {
  const n = rows.length;
  if (features.length === 0 || n < 2) return null;
  const index = rowIndex(table, features, []);
  // Identical sets: each position points to the first position of its set (its own when first).
  const first = new Int32Array(n);
  const positionOf = new Map<number, number>();
  let identical = 0;
  for (let k = 0; k < n; k++) {
    const copy = index.add(rows[k]!);
    if (copy < 0) {
      first[k] = k;
      positionOf.set(rows[k]!, k);
    } else {
      first[k] = positionOf.get(copy)!;
      identical++;
    }
  }
  if (identical === 0) return null;
  const size = new Int32Array(n);
  for (let k = 0; k < n; k++) size[first[k]!]!++;
  const copied = chanceOfSets(table, features, rows, first, size);
  const set = new Int32Array(n).fill(-1);
  const number = new Map<number, number>();
  const examples: CopiedRecords['examples'] = [];
  let copies = 0;
  for (let k = 0; k < n; k++) {
    const f = first[k]!;
    if (size[f]! < 2 || !copied.has(f)) continue;
    let s = number.get(f);
    if (s === undefined) number.set(f, (s = number.size));
    set[k] = s;
    if (k !== f) {
      copies++;
      if (examples.length < 5 && !examples.some((e) => e.copyOf === rows[f]!)) examples.push({ row: rows[k]!, copyOf: rows[f]! });
    }
  }
  return number.size === 0 ? null : { set, sets: number.size, copies, examples };
}

/** The first positions of the identical sets (size ≥ 2) that chance does not explain. */
function chanceOfSets(table: Table, features: readonly string[], rows: ArrayLike<number>, first: Int32Array, size: Int32Array): Set<number> {
  const n = rows.length;
  const firsts: number[] = [];
  for (let k = 0; k < n; k++) if (first[k] === k && size[k]! >= 2) firsts.push(k);
  const logQ = new Float64Array(firsts.length);
  for (const f of features) {
    const { key, counts } = valueCounts(table, f, rows);
    let kappa = 0;
    for (const c of counts.values()) kappa += (c / n) * (c / n);
    firsts.forEach((k, i) => {
      const m = size[k]!;
      logQ[i]! += Math.log(Math.max((counts.get(key[rows[k]!]!)! - m) / Math.max(n - m, 1), kappa));
    });
  }
  const copied = new Set<number>();
  firsts.forEach((k, i) => {
    if ((n - size[k]!) * Math.exp(logQ[i]!) < COPY_CHANCE_LIMIT) copied.add(k);
  });
  return copied;
}
