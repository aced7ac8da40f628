// Small-cell suppression: merge adjacent cells until every written count reaches MIN_CELL.
import { MIN_CELL } from './summary-schema.js';

/** A run of adjacent cells [first, last] merged into one. */
export interface MergedRun {
  first: number;
  last: number;
}

/**
 * Merge adjacent cells left to right until each run passes `enough` (a run that cannot reach it
 * at the end joins the run before it). Empty when even all cells together do not pass.
 * @param cells number of cells. @param enough whether the cells [first, last] may be written.
 */
export function mergeAdjacent(cells: number, enough: (first: number, last: number) => boolean): MergedRun[] {
  if (cells === 0 || !enough(0, cells - 1)) return [];
  const runs: MergedRun[] = [];
  let first = 0;
  for (let k = 0; k < cells; k++) {
    if (enough(first, k)) {
      runs.push({ first, last: k });
      first = k + 1;
    }
  }
  if (first < cells) {
    // The tail could not stand alone: fold it into the previous run (which then passes, as the
    // whole range does and counts only grow when cells are added).
    const prev = runs.pop();
    runs.push({ first: prev === undefined ? 0 : prev.first, last: cells - 1 });
  }
  return runs;
}

/** Sum of counts[first..last]. */
export function runSum(counts: ArrayLike<number>, first: number, last: number): number {
  let s = 0;
  for (let k = first; k <= last; k++) s += counts[k]!;
  return s;
}

/** A count as written: itself when 0 or ≥ MIN_CELL, else null (suppressed). */
export function writtenCount(c: number): number | null {
  return c === 0 || c >= MIN_CELL ? c : null;
}
