import { ValueError } from '../errors.js';
import { chi2Sf } from './special.js';

/** Options of {@link chiSquareTest}. */
export interface ChiSquareOptions {
  /** Yates' continuity correction when the table has one degree of freedom (default true, as scipy). */
  correction?: boolean;
}

/** Result of {@link chiSquareTest}. */
export interface ChiSquareResult {
  /** Pearson's χ² statistic (Yates-corrected when `correction` and dof = 1). */
  statistic: number;
  /** P(χ²_dof ≥ statistic). */
  pvalue: number;
  /** Degrees of freedom (r − 1)(c − 1). */
  dof: number;
  /** Expected counts under independence, rows × columns. */
  expected: number[][];
}

function validateTable(who: string, observed: readonly (readonly number[])[]): { r: number; c: number } {
  const r = observed.length;
  const c = r > 0 ? observed[0]!.length : 0;
  if (r === 0 || c === 0) {
    throw new ValueError(`${who}: observed must be a non-empty rows × columns table of counts. Received: ${r} × ${c}.`);
  }
  for (let i = 0; i < r; i++) {
    const row = observed[i]!;
    if (row.length !== c) {
      throw new ValueError(`${who}: every row of observed must have ${c} columns. Received: row ${i} has ${row.length}.`);
    }
    for (let j = 0; j < c; j++) {
      if (!(row[j]! >= 0) || !Number.isFinite(row[j]!)) {
        throw new ValueError(`${who}: counts must be finite and ≥ 0. Received: observed[${i}][${j}]=${row[j]}.`);
      }
    }
  }
  return { r, c };
}

/** Pearson χ² statistic and expected counts, without validation. Internal. */
export function pearsonChiSquare(observed: readonly (readonly number[])[], yates: boolean): { statistic: number; expected: number[][]; dof: number; total: number; zeroExpected: boolean } {
  const r = observed.length;
  const c = observed[0]!.length;
  const rowSums = new Float64Array(r);
  const colSums = new Float64Array(c);
  let total = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const o = observed[i]![j]!;
      rowSums[i]! += o;
      colSums[j]! += o;
      total += o;
    }
  }
  const dof = (r - 1) * (c - 1);
  const expected: number[][] = [];
  let zeroExpected = false;
  let statistic = 0;
  for (let i = 0; i < r; i++) {
    const row: number[] = [];
    for (let j = 0; j < c; j++) {
      const e = (rowSums[i]! * colSums[j]!) / total;
      if (e === 0) zeroExpected = true;
      row.push(e);
      let diff = observed[i]![j]! - e;
      if (yates && dof === 1) diff = Math.sign(diff) * Math.max(0, Math.abs(diff) - 0.5);
      statistic += (diff * diff) / e;
    }
    expected.push(row);
  }
  return { statistic, expected, dof, total, zeroExpected };
}

/**
 * Pearson's χ² test of independence on a contingency table, as scipy.stats.chi2_contingency
 * (scipy 1.10): expected counts from the margins, Yates' continuity correction only when there is
 * exactly one degree of freedom and `correction` is true (scipy's default), p = χ²_dof survival.
 * A table with dof = 0 gives statistic 0 and p = 1.
 * @param observed rows × columns counts (e.g. sites × categories).
 * @param options.correction Yates' correction for 2 × 2 tables (default true).
 * @throws ValueError on a ragged or empty table, negative counts, or a zero expected count (a
 *   row or column of zeros; drop it first, as scipy requires).
 * @example
 * checks.chiSquareTest([[10, 20, 30], [6, 9, 17]]).pvalue; // 0.873
 */
export function chiSquareTest(observed: readonly (readonly number[])[], options: ChiSquareOptions = {}): ChiSquareResult {
  validateTable('chiSquareTest', observed);
  const yates = options.correction ?? true;
  const { statistic, expected, dof, zeroExpected } = pearsonChiSquare(observed, yates);
  if (zeroExpected) {
    throw new ValueError(
      'chiSquareTest: every expected count must be > 0. Received: a table with an all-zero row or column. Fix: drop empty rows and columns.',
    );
  }
  if (dof === 0) return { statistic: 0, pvalue: 1, dof, expected };
  return { statistic, pvalue: chi2Sf(statistic, dof), dof, expected };
}

/**
 * Cramér's V, the effect size of a contingency table: V = √(χ² / (n · (min(r, c) − 1))) with the
 * uncorrected χ², as scipy.stats.contingency.association(observed, method='cramer'). 0 means no
 * association, 1 complete association; Cohen's rule of thumb for a 2-column table: 0.1 small,
 * 0.3 medium, 0.5 large.
 * @param observed rows × columns counts (at least 2 × 2).
 * @throws ValueError on a table smaller than 2 × 2, negative counts or an all-zero row/column.
 * @example
 * checks.cramersV([[10, 20], [20, 10]]); // 0.333
 */
export function cramersV(observed: readonly (readonly number[])[]): number {
  const { r, c } = validateTable('cramersV', observed);
  if (r < 2 || c < 2) {
    throw new ValueError(`cramersV: observed must be at least 2 × 2. Received: ${r} × ${c}.`);
  }
  const { statistic, total, zeroExpected } = pearsonChiSquare(observed, false);
  if (zeroExpected) {
    throw new ValueError('cramersV: every row and column needs a positive total. Received: an all-zero row or column. Fix: drop it first.');
  }
  return Math.sqrt(statistic / (total * (Math.min(r, c) - 1)));
}
