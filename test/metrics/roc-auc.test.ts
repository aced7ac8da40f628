import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { metrics } from '../../src/index.js';
import { assertClose, cases, undefinedMetric, valueError } from './helpers.js';

test('rocAucScore: equals scikit-learn 1.2.1 roc_auc_score on tied and continuous data (1e-14)', () => {
  for (const c of cases) assertClose(metrics.rocAucScore(c.y, c.score), c.auc, 1e-14, c.name);
});

test('rocAucScore: accepts typed arrays and float32 scores', () => {
  const c = cases[0];
  assert.ok(c);
  assertClose(metrics.rocAucScore(Uint8Array.from(c.y), Float64Array.from(c.score)), c.auc, 1e-14);
  const f32 = Float32Array.from(c.score);
  assertClose(metrics.rocAucScore(c.y, f32), metrics.rocAucScore(c.y, Array.from(f32)), 0);
});

/** Naive O(m·n) Mann–Whitney AUC with ½ for ties. */
function naiveAuc(y: number[], s: number[]): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      const a = s[i] as number;
      const b = s[j] as number;
      sum += a > b ? 1 : a === b ? 0.5 : 0;
      pairs++;
    }
  }
  return sum / pairs;
}

const labelledScores = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: -5, max: 5 })), { minLength: 2, maxLength: 60 })
  .filter((rows) => rows.some((r) => r[0] === 1) && rows.some((r) => r[0] === 0));

test('rocAucScore: property: equals the naive pairwise count on heavily tied data', () => {
  fc.assert(
    fc.property(labelledScores, (rows) => {
      const y = rows.map((r) => r[0]);
      const s = rows.map((r) => r[1] / 2);
      assertClose(metrics.rocAucScore(y, s), naiveAuc(y, s), 1e-15);
    }),
    { numRuns: 200, seed: 21 },
  );
});

test('rocAucScore: property: invariant to monotone transforms, flips to 1 − AUC when scores are negated', () => {
  fc.assert(
    fc.property(labelledScores, (rows) => {
      const y = rows.map((r) => r[0]);
      const s = rows.map((r) => r[1]);
      const auc = metrics.rocAucScore(y, s);
      assertClose(metrics.rocAucScore(y, s.map((v) => Math.exp(v) * 3 + 1)), auc, 1e-15);
      assertClose(metrics.rocAucScore(y, s.map((v) => -v)), 1 - auc, 1e-15);
    }),
    { numRuns: 100, seed: 22 },
  );
});

test('rocAucScore: one class is UndefinedMetricError naming the counts', () => {
  assert.throws(() => metrics.rocAucScore([0, 0, 0], [0.1, 0.2, 0.3]), undefinedMetric(/rocAucScore: ROC AUC is undefined.*Received: 0 positives and 3 negatives/));
  assert.throws(() => metrics.rocAucScore([1, 1], [0.1, 0.2]), undefinedMetric(/Received: 2 positives and 0 negatives/));
});

test('rocAucScore: NaN or infinite scores, bad labels, length mismatch, empty input are ValueErrors', () => {
  assert.throws(() => metrics.rocAucScore([0, 1, 1], [0.1, NaN, 0.3]), valueError(/rocAucScore: yScore must be finite numbers. Received: NaN at index 1/));
  assert.throws(() => metrics.rocAucScore([0, 1], [0.1, Infinity]), valueError(/Infinity at index 1/));
  assert.throws(() => metrics.rocAucScore([0, 2, 1], [0.1, 0.2, 0.3]), valueError(/yTrue must hold 0\/1 labels. Received: 2 at index 1/));
  assert.throws(() => metrics.rocAucScore([0, 1, 1], [0.1, 0.2]), valueError(/same length. Received: 3 labels and 2 scores/));
  assert.throws(() => metrics.rocAucScore([], []), valueError(/must not be empty/));
});
