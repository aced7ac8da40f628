import { ValueError } from '../errors.js';
import { sortFloat64 } from './sort-float64.js';

/** Options of {@link psi}. */
export interface PsiOptions {
  /** Number of reference-quantile bins (default 10, the usual credit-scoring choice). */
  bins?: number;
  /** Floor for a bin proportion, so an empty bin contributes a finite term (default 1e-4). */
  epsilon?: number;
}

/** Number of values ≤ x in a sorted array (upper bound). */
export function countAtMost(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** numpy's default ('linear') quantile of a sorted array, with numpy's two-sided lerp. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const position = q * (n - 1);
  const lo = Math.floor(position);
  const t = position - lo;
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, n - 1)]!;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Interior bin edges: the distinct reference quantiles at k/bins, k = 1 … bins−1. */
export function referenceEdges(refSorted: ArrayLike<number>, bins: number): number[] {
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = quantileSorted(refSorted, k / bins);
    if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
  }
  return edges;
}

/** Counts of a sorted sample in the right-closed bins (−∞, e₁], (e₁, e₂], …, (e_last, ∞). */
export function binCounts(sorted: ArrayLike<number>, edges: readonly number[]): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  let below = 0;
  for (let k = 0; k < edges.length; k++) {
    const atMost = countAtMost(sorted, edges[k]!);
    counts[k] = atMost - below;
    below = atMost;
  }
  counts[edges.length] = sorted.length - below;
  return counts;
}

/**
 * PSI from bin (or category) counts of a reference and a current sample:
 * Σ (c − r) ln(c / r) over bins, with proportions floored at `epsilon`.
 * @param referenceCounts counts per bin of the reference sample.
 * @param currentCounts counts per bin of the current sample (same bins, same order).
 * @param epsilon floor for a proportion (default 1e-4).
 * @throws ValueError when the count arrays differ in length or a sample has no counts.
 * @example
 * checks.psiFromCounts([50, 50], [80, 20]); // 0.416…
 */
export function psiFromCounts(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>, epsilon = 1e-4): number {
  if (referenceCounts.length !== currentCounts.length) {
    throw new ValueError(
      `psiFromCounts: referenceCounts and currentCounts must have the same length. Received: ${referenceCounts.length} and ${currentCounts.length}.`,
    );
  }
  let nr = 0;
  let nc = 0;
  for (let k = 0; k < referenceCounts.length; k++) {
    nr += referenceCounts[k]!;
    nc += currentCounts[k]!;
  }
  if (!(nr > 0) || !(nc > 0)) {
    throw new ValueError(`psiFromCounts: both samples need a positive total count. Received: ${nr} and ${nc}.`);
  }
  let total = 0;
  for (let k = 0; k < referenceCounts.length; k++) {
    const r = Math.max(referenceCounts[k]! / nr, epsilon);
    const c = Math.max(currentCounts[k]! / nc, epsilon);
    total += (c - r) * Math.log(c / r);
  }
  return total;
}

/** PSI of two sorted samples with reference-quantile bins (no validation). Internal. */
export function psiSorted(refSorted: ArrayLike<number>, curSorted: ArrayLike<number>, bins = 10, epsilon = 1e-4): number {
  const edges = referenceEdges(refSorted, bins);
  return psiFromCounts(binCounts(refSorted, edges), binCounts(curSorted, edges), epsilon);
}

/**
 * Population stability index of a numeric feature: PSI = Σ_b (c_b − r_b) ln(c_b / r_b), where r_b and
 * c_b are the reference and current proportions in bin b. Bins are right-closed intervals between
 * the distinct reference quantiles at 1/bins, 2/bins, … (numpy's linear quantiles), so a discrete
 * feature gets fewer bins; proportions are floored at `epsilon`. Conventional reading (Siddiqi,
 * "Credit Risk Scorecards", 2006): < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 major shift.
 * @param reference reference sample (e.g. the other sites; any order; no NaN).
 * @param current current sample (e.g. one site).
 * @param options.bins number of quantile bins (default 10).
 * @param options.epsilon proportion floor (default 1e-4).
 * @throws ValueError when a sample is empty or has NaN, or bins < 2.
 * @example
 * checks.psi(referenceAges, siteAges); // 0.31 → major shift
 */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>, options: PsiOptions = {}): number {
  const bins = options.bins ?? 10;
  const epsilon = options.epsilon ?? 1e-4;
  if (!Number.isInteger(bins) || bins < 2) {
    throw new ValueError(`psi: bins must be an integer ≥ 2. Received: bins=${bins}.`);
  }
  if (!(epsilon > 0 && epsilon < 1)) {
    throw new ValueError(`psi: epsilon must be in (0, 1). Received: epsilon=${epsilon}.`);
  }
  const sorted = [reference, current].map((x, k) => {
    const name = k === 0 ? 'reference' : 'current';
    if (x.length === 0) throw new ValueError(`psi: ${name} must not be empty. Received: 0 values.`);
    const out = Float64Array.from(x);
    for (let i = 0; i < out.length; i++) {
      if (Number.isNaN(out[i]!)) {
        throw new ValueError(`psi: ${name} must not contain NaN. Received: NaN at index ${i}. Fix: drop missing values first.`);
      }
    }
    return sortFloat64(out);
  });
  return psiSorted(sorted[0]!, sorted[1]!, bins, epsilon);
}
