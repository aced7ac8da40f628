import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metrics } from '../../src/index.js';
import { assertClose, cases, valueError } from './helpers.js';

test('brierScore: equals scikit-learn 1.2.1 brier_score_loss (1e-14)', () => {
  let checked = 0;
  for (const c of cases) {
    if (c.brier === undefined) continue;
    assertClose(metrics.brierScore(c.y, c.score), c.brier, 1e-14, c.name);
    checked++;
  }
  assert.ok(checked >= 3);
});

test('brierScore: one class is allowed; probabilities outside [0, 1] or NaN are ValueErrors', () => {
  assertClose(metrics.brierScore([0, 0], [0.5, 0.1]), (0.25 + 0.01) / 2, 1e-15);
  assert.throws(() => metrics.brierScore([0, 1], [0.5, 1.2]), valueError(/brierScore: yProb must be probabilities in \[0, 1\]. Received: 1.2 at index 1/));
  assert.throws(() => metrics.brierScore([0, 1], [-0.1, 0.2]), valueError(/Received: -0.1 at index 0/));
  assert.throws(() => metrics.brierScore([0, 1], [NaN, 0.2]), valueError(/yProb must be finite/));
});
