import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metrics } from '../../src/index.js';
import { assertClose, cases, undefinedMetric, valueError } from './helpers.js';

test('averagePrecision: equals scikit-learn 1.2.1 average_precision_score with ties (1e-13)', () => {
  for (const c of cases) assertClose(metrics.averagePrecision(c.y, c.score), c.ap, 1e-13, c.name);
});

test('averagePrecision: perfect ranking gives 1; all events gives 1; no events is undefined', () => {
  assert.equal(metrics.averagePrecision([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]), 1);
  assert.equal(metrics.averagePrecision([1, 1, 1], [0.1, 0.5, 0.2]), 1);
  assert.throws(() => metrics.averagePrecision([0, 0], [0.1, 0.5]), undefinedMetric(/averagePrecision: average precision is undefined.*0 positives and 2 negatives/));
  assert.throws(() => metrics.averagePrecision([0, 1], [0.1, NaN]), valueError(/yScore must be finite/));
});
