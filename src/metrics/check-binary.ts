// Input checks and sorting shared by the binary metrics (internal; not re-exported).
import { UndefinedMetricError, ValueError } from '../errors.js';

/** Class counts of a checked binary problem. */
export interface BinaryCounts {
  n: number;
  nPos: number;
  nNeg: number;
}

/**
 * Validate labels (0/1) and scores (finite) of equal, non-zero length; return class counts.
 * `scoreName` names the score argument in messages (yScore, yProb, scoresA, …).
 */
export function checkBinary(who: string, yTrue: ArrayLike<number>, yScore: ArrayLike<number>, scoreName = 'yScore'): BinaryCounts {
  const n = yTrue.length;
  if (yScore.length !== n) {
    throw new ValueError(
      `${who}: yTrue and ${scoreName} must have the same length. Received: ${n} labels and ${yScore.length} scores.`,
    );
  }
  if (n === 0) throw new ValueError(`${who}: yTrue must not be empty. Received: 0 rows.`);
  let nPos = 0;
  for (let i = 0; i < n; i++) {
    const y = yTrue[i];
    if (y === 1) nPos++;
    else if (y !== 0) {
      throw new ValueError(
        `${who}: yTrue must hold 0/1 labels. Received: ${String(y)} at index ${i}. Map the outcome to 1 = event, 0 = no event.`,
      );
    }
  }
  checkFinite(who, scoreName, yScore);
  return { n, nPos, nNeg: n - nPos };
}

/** Every value finite (scikit-learn's `assert_all_finite`). */
export function checkFinite(who: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const s = values[i] as number;
    if (!Number.isFinite(s)) {
      throw new ValueError(
        `${who}: ${name} must be finite numbers. Received: ${String(s)} at index ${i}. Remove or impute rows with missing predictions.`,
      );
    }
  }
}

/** Every value in [0, 1] (a probability). */
export function checkProbabilities(who: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const p = values[i] as number;
    if (!(p >= 0 && p <= 1)) {
      throw new ValueError(
        `${who}: ${name} must be probabilities in [0, 1]. Received: ${String(p)} at index ${i}. Pass predicted probabilities, not logits.`,
      );
    }
  }
}

/** Throw UndefinedMetricError, naming the counts, unless both classes are present (at least `min` each). */
export function requireBothClasses(who: string, what: string, counts: BinaryCounts, min = 1): void {
  if (counts.nPos < min || counts.nNeg < min) {
    const need = min === 1 ? 'both classes' : `at least ${min} positives and ${min} negatives`;
    throw new UndefinedMetricError(
      `${who}: ${what} is undefined unless yTrue holds ${need}. Received: ${counts.nPos} positives and ${counts.nNeg} negatives. ` +
        'Evaluate on data with both outcomes (report the site as single-class or underpowered).',
    );
  }
}

/** Scores of the positives and of the negatives, each sorted ascending (native typed-array sort). */
export function sortedByClass(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, counts: BinaryCounts): { pos: Float64Array; neg: Float64Array } {
  const pos = new Float64Array(counts.nPos);
  const neg = new Float64Array(counts.nNeg);
  let a = 0;
  let b = 0;
  for (let i = 0; i < counts.n; i++) {
    if (yTrue[i] === 1) pos[a++] = yScore[i] as number;
    else neg[b++] = yScore[i] as number;
  }
  pos.sort();
  neg.sort();
  return { pos, neg };
}
