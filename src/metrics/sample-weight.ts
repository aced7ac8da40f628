// Sample weights for the ranking metrics (rocCurve, rocAucScore) with scikit-learn's semantics, and
// the option-object check that refuses what a metric does not support instead of ignoring it.
import { UndefinedMetricError, ValueError } from '../errors.js';

/**
 * Refuses an options argument that is not a plain object (a weights array passed positionally,
 * which would otherwise be ignored) or that has a key the function does not support.
 * @param who the public function.
 * @param options what the caller passed.
 * @param allowed the supported keys.
 * @throws ValueError naming the function, the key and the supported ones.
 */
export function checkOptions(who: string, options: unknown, allowed: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options)) {
    const what = Array.isArray(options) || ArrayBuffer.isView(options) ? `an array of ${(options as ArrayLike<unknown>).length} values` : String(options);
    throw new ValueError(
      `${who}: the third argument is an options object (${allowed.map((k) => `${k}`).join(', ') || 'no options'}). Received: ${what}.` +
        (allowed.includes('sampleWeight') ? ' Fix: pass weights as { sampleWeight: [...] }.' : ''),
    );
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new ValueError(`${who}: option '${key}' is not supported (supported: ${allowed.join(', ') || 'none'}); it would be ignored, so it is refused.`);
    }
  }
}

/**
 * Validated sample weights: one finite, non-negative number per row.
 * @throws ValueError for a wrong length, a negative, NaN or infinite weight.
 */
export function checkSampleWeight(who: string, weights: ArrayLike<number>, n: number): Float64Array {
  if (weights === null || typeof weights !== 'object' || typeof weights.length !== 'number') {
    throw new ValueError(`${who}: sampleWeight must be an array of numbers. Received: ${String(weights)}.`);
  }
  if (weights.length !== n) {
    throw new ValueError(`${who}: sampleWeight must have one weight per row (${n}). Received: ${weights.length} weights.`);
  }
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = weights[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new ValueError(`${who}: sampleWeight must hold finite numbers ≥ 0. Received: ${String(v)} at index ${i}.`);
    }
    w[i] = v;
  }
  return w;
}

/** Weighted cumulative counts at each distinct score, highest first (scikit-learn's `_binary_clf_curve`). */
export interface WeightedClfCurve {
  fps: Float64Array;
  tps: Float64Array;
  thresholds: Float64Array;
}

/**
 * scikit-learn 1.2's `_binary_clf_curve` with `sample_weight`: zero-weight rows dropped, rows in
 * decreasing score order (the reverse of a stable ascending sort, as `argsort(kind='mergesort')[::-1]`),
 * tps and fps as running sums of `y·w` and `(1 − y)·w` read at the last row of each distinct score.
 * @throws UndefinedMetricError when the positive or negative weight total is 0.
 */
export function weightedClfCurve(who: string, yTrue: ArrayLike<number>, yScore: ArrayLike<number>, w: Float64Array): WeightedClfCurve {
  const keep: number[] = [];
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) keep.push(i);
  // Stable ascending sort by score, then reversed: ties end up in reverse input order, as in numpy.
  const order = Int32Array.from(keep).sort((a, b) => (yScore[a] as number) - (yScore[b] as number) || a - b).reverse();
  const n = order.length;
  const fps = new Float64Array(n);
  const tps = new Float64Array(n);
  const thresholds = new Float64Array(n);
  let tp = 0;
  let fp = 0;
  let k = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    const y = yTrue[i] as number;
    tp += y * w[i]!;
    fp += (1 - y) * w[i]!;
    const v = yScore[i] as number;
    if (r === n - 1 || (yScore[order[r + 1]!] as number) !== v) {
      fps[k] = fp;
      tps[k] = tp;
      thresholds[k] = v;
      k++;
    }
  }
  if (k === 0 || !(tps[k - 1]! > 0) || !(fps[k - 1]! > 0)) {
    throw new UndefinedMetricError(
      `${who}: the ROC curve is undefined unless both classes have positive total weight. Received: positive weight ${k === 0 ? 0 : tps[k - 1]}, negative weight ${k === 0 ? 0 : fps[k - 1]}.`,
    );
  }
  return { fps: fps.slice(0, k), tps: tps.slice(0, k), thresholds: thresholds.slice(0, k) };
}

/**
 * Refuses arguments past the ones a metric takes (a weights array passed to a metric without
 * sample-weight support would otherwise be ignored silently).
 * @param who the public function.
 * @param extra the rest arguments.
 * @throws ValueError naming the function.
 */
export function refuseExtraArguments(who: string, extra: readonly unknown[]): void {
  if (extra.length > 0) {
    throw new ValueError(
      `${who}: takes (yTrue, scores) only; sample weights and other extra arguments are not supported and would be ignored, so they are refused. Received: ${extra.length} extra argument(s). Fix: weighted ranking metrics are rocAucScore and rocCurve with { sampleWeight }.`,
    );
  }
}
