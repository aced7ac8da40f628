import { ValueError } from '../errors.js';

/**
 * posWeight for BCEWithLogitsLoss from the prevalence of 0/1 labels: negatives / positives
 * (PyTorch's documented recipe), so positives weigh as much in total as negatives.
 * @throws ValueError when a class is absent or labels are not 0/1.
 * @example posWeightFromPrevalence([0, 0, 0, 1]); // 3
 */
export function posWeightFromPrevalence(labels: ArrayLike<number>): number {
  const [neg, pos] = countBinary(labels, 'posWeightFromPrevalence');
  return neg / pos;
}

/**
 * Balanced class weights n / (k · count_c) for labels 0..k−1, as scikit-learn's
 * `compute_class_weight('balanced')`, for CrossEntropyLoss's `weight`.
 * @throws ValueError for non-integer or negative labels, or an empty class among 0..max.
 * @example balancedClassWeights([0, 0, 1]); // [0.75, 1.5]
 */
export function balancedClassWeights(labels: ArrayLike<number>): number[] {
  let k = 0;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (!Number.isInteger(v) || v < 0) throw new ValueError(`balancedClassWeights: labels must be integers ≥ 0. Received: ${v} at index ${i}.`);
    k = Math.max(k, v + 1);
  }
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]!++;
  counts.forEach((c, cls) => {
    if (c === 0) throw new ValueError(`balancedClassWeights: class ${cls} has no rows; every class 0..${k - 1} needs at least one.`);
  });
  return counts.map((c) => labels.length / (k * c));
}

function countBinary(labels: ArrayLike<number>, who: string): [number, number] {
  let pos = 0;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v !== 0 && v !== 1) throw new ValueError(`${who}: labels must be 0 or 1. Received: ${v} at index ${i}.`);
    pos += v;
  }
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) throw new ValueError(`${who}: both classes must be present. Received: ${pos} positives, ${neg} negatives.`);
  return [neg, pos];
}
