import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metrics } from '../../src/index.js';
import { valueError } from './helpers.js';

test('METRICS: declared directions for early stopping; functions are the public metrics', () => {
  assert.deepEqual(
    Object.values(metrics.METRICS).map((m) => [m.name, m.direction]),
    [['auc', 'max'], ['average_precision', 'max'], ['brier', 'min'], ['ece', 'min']],
  );
  const y = [0, 1, 1, 0, 1];
  const p = [0.2, 0.7, 0.4, 0.5, 0.9];
  assert.equal(metrics.getMetric('auc').fn(y, p), metrics.rocAucScore(y, p));
  assert.equal(metrics.getMetric('average_precision').fn(y, p), metrics.averagePrecision(y, p));
  assert.equal(metrics.getMetric('brier').fn(y, p), metrics.brierScore(y, p));
  assert.equal(metrics.getMetric('ece').fn(y, p), metrics.expectedCalibrationError(y, p));
  assert.ok(Object.isFrozen(metrics.METRICS) && Object.isFrozen(metrics.METRICS.auc));
});

test('getMetric: unknown names are a ValueError listing the known ones (no substring guessing)', () => {
  assert.throws(() => metrics.getMetric('val_auc'), valueError(/getMetric: unknown metric 'val_auc'. Received: 'val_auc'. Known metrics: auc \(max\), average_precision \(max\), brier \(min\), ece \(min\)\./));
  assert.throws(() => metrics.getMetric('toString'), valueError(/unknown metric 'toString'/));
});
