import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metrics, Generator } from '../../src/index.js';
import { assertClose, cases, undefinedMetric, valueError } from './helpers.js';

test('calibrationSlopeIntercept: slope equals scikit-learn LogisticRegression on logit(p); intercept equals the offset-model root', () => {
  let checked = 0;
  for (const c of cases) {
    if (c.calibrationSlope === undefined) continue;
    const r = metrics.calibrationSlopeIntercept(c.y, c.score);
    assertClose(r.slope, c.calibrationSlope.slope, 1e-6, `${c.name} slope`);
    assertClose(r.intercept, c.calibrationSlope.intercept, 1e-9, `${c.name} intercept`);
    checked++;
  }
  assert.ok(checked >= 2);
});

test('calibrationSlopeIntercept: recovers slope 1, intercept 0 for outcomes drawn from the predictions (seeded, n = 20,000)', () => {
  const g = new Generator(31);
  const n = 20_000;
  const p = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    p[i] = 1 / (1 + Math.exp(-(g.normal() * 1.5 - 1)));
    y[i] = g.random() < (p[i] as number) ? 1 : 0;
  }
  const r = metrics.calibrationSlopeIntercept(y, p);
  // standard errors at this size are ~0.03 (slope) and ~0.02 (intercept); allow ~4 SE
  assert.ok(Math.abs(r.slope - 1) < 0.12, `slope ${r.slope}`);
  assert.ok(Math.abs(r.intercept) < 0.08, `intercept ${r.intercept}`);
});

test('calibrationSlopeIntercept: undefined for one class, identical predictions or perfect separation', () => {
  assert.throws(() => metrics.calibrationSlopeIntercept([1, 1], [0.2, 0.3]), undefinedMetric(/0 negatives/));
  assert.throws(() => metrics.calibrationSlopeIntercept([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3]), undefinedMetric(/calibration slope is undefined/));
  assert.throws(() => metrics.calibrationSlopeIntercept([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]), undefinedMetric(/separat/));
});

test('calibrationSlopeIntercept: 0 or 1 needs an explicit eps', () => {
  const y = [0, 1, 0, 1, 1, 0];
  const p = [0, 1, 0.4, 0.6, 0.3, 0.7];
  assert.throws(() => metrics.calibrationSlopeIntercept(y, p), valueError(/strictly between 0 and 1.*Received: 0 at index 0.*eps/));
  const r = metrics.calibrationSlopeIntercept(y, p, { eps: 1e-3 });
  assert.ok(Number.isFinite(r.slope) && Number.isFinite(r.intercept));
  assert.throws(() => metrics.calibrationSlopeIntercept(y, p, { eps: 0.6 }), valueError(/eps must be in \(0, 0.5\)/));
});
