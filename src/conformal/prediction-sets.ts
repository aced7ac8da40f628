import { ValueError } from '../errors.js';

/**
 * A binary prediction set, coded: 0 = ∅, 1 = {0}, 2 = {1}, 3 = {0, 1}. ∅ occurs only when both
 * labels are nonconforming (a threshold below 0.5, i.e. large α with a confident model).
 */
export type BinarySet = 0 | 1 | 2 | 3;

/** Readable label of a coded set. */
export function setLabel(set: number): '{}' | '{0}' | '{1}' | '{0,1}' {
  return set === 3 ? '{0,1}' : set === 2 ? '{1}' : set === 1 ? '{0}' : '{}';
}

/**
 * Nonconformity score of label y for predicted risk p: 1 − P(y) ("least ambiguous set" score of
 * Sadinle, Lei & Wasserman 2019), i.e. 1 − p for y = 1 and p for y = 0.
 */
export function nonconformity(y: number, p: number): number {
  return y === 1 ? 1 - p : p;
}

/** The set {y : score(y, p) ≤ threshold}, coded as {@link BinarySet}. */
export function predictionSet(p: number, threshold: number): BinarySet {
  return (((p <= threshold ? 1 : 0) | (1 - p <= threshold ? 2 : 0)) as BinarySet);
}

/**
 * The conformal quantile: the ⌈(n + 1)(1 − α)⌉-th smallest score, +∞ when that rank exceeds n
 * (too few calibration rows for this α: every set is {0, 1}).
 */
export function conformalQuantile(scores: Float64Array, alpha: number): number {
  const n = scores.length;
  const k = Math.ceil((n + 1) * (1 - alpha));
  if (k > n) return Infinity;
  const sorted = Float64Array.from(scores).sort();
  return sorted[k - 1]!;
}

/** Check labels and risks at a public boundary. */
export function checkLabelled(who: string, yTrue: ArrayLike<number>, yProb: ArrayLike<number>): void {
  if (yTrue.length !== yProb.length || yTrue.length === 0) {
    throw new ValueError(`${who}: yTrue and yProb must have the same non-zero length. Received: ${yTrue.length} and ${yProb.length}.`);
  }
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] !== 0 && yTrue[i] !== 1) throw new ValueError(`${who}: yTrue must be 0/1. Received: yTrue[${i}]=${yTrue[i]}.`);
  }
  checkRisks(who, yProb, 'yProb');
}

/** Risks must be numbers in [0, 1]. */
export function checkRisks(who: string, p: ArrayLike<number>, name: string): void {
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (!(v >= 0 && v <= 1)) throw new ValueError(`${who}: ${name} must be probabilities in [0, 1]. Received: ${name}[${i}]=${v}.`);
  }
}

/** Check α ∈ (0, 1). */
export function checkAlpha(who: string, alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new ValueError(`${who}: alpha must be in (0, 1). Received: alpha=${alpha}.`);
}

/** Coverage and set sizes of prediction sets against the true labels. */
export interface SetSummary {
  n: number;
  /** Share of rows whose true label is in its set. */
  coverage: number;
  /** Shares of {0,1} (undecided), singleton and empty sets. */
  shareBoth: number;
  shareSingleton: number;
  shareEmpty: number;
}

/**
 * Coverage and set-size shares of coded prediction sets.
 * @param sets coded sets ({@link BinarySet}). @param yTrue 0/1 labels.
 * @throws ValueError for mismatched lengths.
 * @example conformal.summariseSets(result.sets, yTest).coverage;
 */
export function summariseSets(sets: ArrayLike<number>, yTrue: ArrayLike<number>): SetSummary {
  if (sets.length !== yTrue.length || sets.length === 0) {
    throw new ValueError(`summariseSets: sets and yTrue must have the same non-zero length. Received: ${sets.length} and ${yTrue.length}.`);
  }
  let covered = 0;
  let both = 0;
  let single = 0;
  let empty = 0;
  for (let i = 0; i < sets.length; i++) {
    const s = sets[i]!;
    if ((s & (yTrue[i] === 1 ? 2 : 1)) !== 0) covered++;
    if (s === 3) both++;
    else if (s === 0) empty++;
    else single++;
  }
  const n = sets.length;
  return { n, coverage: covered / n, shareBoth: both / n, shareSingleton: single / n, shareEmpty: empty / n };
}
