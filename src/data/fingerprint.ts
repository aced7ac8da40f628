import { ValueError } from '../errors.js';
import type { Column, Table } from './table.js';

/**
 * What a fitted transformer saw: the columns it read, how many rows, and one 32-bit hash per
 * fitted row (sorted ascending, duplicates kept). Leakage checks compare test rows against it
 * with {@link fingerprintOverlap} to tell whether preprocessing was fitted on rows it is later
 * evaluated on (finding `preprocessing-fit-on-all`).
 */
export interface Fingerprint {
  /** Columns whose raw values were hashed, in order. */
  readonly columns: string[];
  /** Number of rows the transformer was fitted on. */
  readonly nRows: number;
  /** One hash per fitted row, sorted ascending. */
  readonly hashes: Uint32Array;
}

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const SEED = 0x9747b28c;
const TAG_MISSING = 0x6d697373;
const TAG_NUMBER = 0x6e756d62;
const TAG_STRING = 0x73747269;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

// One MurmurHash3 (x86, 32-bit) block step.
function mixWord(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalMix(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function stringHash(s: string): number {
  let h = SEED;
  for (let i = 0; i < s.length; i++) h = mixWord(h, s.charCodeAt(i));
  return finalMix(h, s.length);
}

/** A value as the two words fed to the row hash: [tag, lo, hi] flattened into `out`. */
function numberWords(v: number, out: Uint32Array, at: number): void {
  if (Number.isNaN(v)) {
    out[at] = TAG_MISSING;
    out[at + 1] = 0;
    out[at + 2] = 0;
    return;
  }
  f64[0] = v === 0 ? 0 : v; // -0 and 0 are the same value
  out[at] = TAG_NUMBER;
  out[at + 1] = u32[0]!;
  out[at + 2] = u32[1]!;
}

/**
 * Per-level words of a categorical column. A level that reads as a number hashes like that number,
 * so a column read as categorical in one file and numeric in another still matches.
 */
function levelWords(levels: readonly string[]): Uint32Array {
  const out = new Uint32Array(levels.length * 3);
  for (let l = 0; l < levels.length; l++) {
    const s = levels[l]!;
    const n = s.trim() === '' ? NaN : Number(s);
    if (Number.isFinite(n)) numberWords(n, out, l * 3);
    else {
      out[l * 3] = TAG_STRING;
      out[l * 3 + 1] = stringHash(s);
      out[l * 3 + 2] = s.length;
    }
  }
  return out;
}

function checkRows(who: string, table: Table, rows: ArrayLike<number>): void {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!Number.isInteger(r) || r < 0 || r >= table.nRows) {
      throw new ValueError(
        `${who}: rows must be integer indices in [0, ${table.nRows}). Received: rows[${i}]=${r}. Fix: pass row indices of this table.`,
      );
    }
  }
}

/**
 * One 32-bit hash per row over the raw values of `columns` (MurmurHash3 x86-32 over each value's
 * bits; categorical levels by their text, or by their numeric value when they read as a number;
 * missing values hash alike in every column kind). Deterministic across runs and machines. With no
 * columns every row hashes alike.
 * @param table the table.
 * @param columns columns to hash, in order.
 * @param rows row indices (default: every row, in order).
 * @returns Uint32Array with one hash per requested row, in the order of `rows`.
 * @throws ValueError for an unknown column or a row index out of range.
 * @example
 * const h = data.rowHashes(table, ['age', 'sex'], [0, 1, 2]); // Uint32Array(3)
 */
export function rowHashes(table: Table, columns: readonly string[], rows?: ArrayLike<number>): Uint32Array {
  if (rows !== undefined) checkRows('rowHashes', table, rows);
  const n = rows === undefined ? table.nRows : rows.length;
  const cols: Column[] = columns.map((c) => table.column(c));
  const words = new Uint32Array(3);
  const levels = cols.map((c) => (c.kind === 'categorical' ? levelWords(c.levels) : undefined));
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows === undefined ? i : rows[i]!;
    let h = SEED;
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c]!;
      if (col.kind === 'categorical') {
        const code = col.codes[r]!;
        if (code < 0) {
          h = mixWord(h, TAG_MISSING);
          h = mixWord(h, 0);
          h = mixWord(h, 0);
        } else {
          const lw = levels[c]!;
          h = mixWord(h, lw[code * 3]!);
          h = mixWord(h, lw[code * 3 + 1]!);
          h = mixWord(h, lw[code * 3 + 2]!);
        }
      } else {
        numberWords(col.values[r]!, words, 0);
        h = mixWord(h, words[0]!);
        h = mixWord(h, words[1]!);
        h = mixWord(h, words[2]!);
      }
    }
    out[i] = finalMix(h, cols.length * 12);
  }
  return out;
}

/**
 * The fingerprint of fitting on `rows` of `table` over `columns` (hashes sorted).
 * @param table the table a transformer is fitted on.
 * @param columns the columns it reads.
 * @param rows fitted row indices (default: every row).
 * @throws ValueError for an unknown column or a row index out of range.
 * @example
 * const fp = data.createFingerprint(table, ['age'], trainRows);
 */
export function createFingerprint(table: Table, columns: readonly string[], rows?: ArrayLike<number>): Fingerprint {
  const hashes = rowHashes(table, columns, rows).sort();
  return Object.freeze({ columns: [...columns], nRows: hashes.length, hashes });
}

/**
 * How many of the given rows hash to a value in the fingerprint, i.e. rows the transformer (very
 * probably) saw while fitting. Two distinct rows collide with probability about n/2³² each.
 * @param fp a fitted transformer's `fitFingerprint`.
 * @param table table holding the rows to test (must have `fp.columns`).
 * @param rows row indices to test (default: every row).
 * @returns the number of `rows` whose hash is in `fp.hashes`.
 * @throws ValueError when the table lacks a fingerprinted column or a row is out of range.
 * @example
 * if (data.fingerprintOverlap(pre.fitFingerprint, table, testRows) > 0) { ... } // fitted on test rows
 */
export function fingerprintOverlap(fp: Fingerprint, table: Table, rows?: ArrayLike<number>): number {
  return fingerprintMembership(fp, table, rows).reduce((a, v) => a + v, 0);
}

/**
 * For each of `rows` of `table` (default: all), 1 when its hash over the fingerprint's columns is
 * in the fingerprint (binary search in the sorted hashes), else 0.
 */
export function fingerprintMembership(fp: Fingerprint, table: Table, rows?: ArrayLike<number>): Uint8Array {
  const probe = rowHashes(table, fp.columns, rows);
  const hs = fp.hashes;
  const out = new Uint8Array(probe.length);
  for (let i = 0; i < probe.length; i++) {
    const v = probe[i]!;
    let lo = 0;
    let hi = hs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (hs[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo < hs.length && hs[lo] === v ? 1 : 0;
  }
  return out;
}
