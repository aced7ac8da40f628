import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, update, ValueError } from '../../src/index.js';

// A Newton start near the optimum (logisticRecalibration starts at the identity map a = 0, b = 1)
// reaches the same maximum-likelihood fit as the default start at zero, in fewer steps.
test('fitLogisticGlm: a start near the optimum gives the same fit in fewer Newton steps', () => {
  const g = new Generator(11);
  const n = 300;
  const X = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = 1.5 * g.normal() - 0.3;
    X[2 * i] = 1;
    X[2 * i + 1] = z;
    y[i] = g.random() < 1 / (1 + Math.exp(-(0.8 * z + 0.2))) ? 1 : 0;
  }
  const zero = update.fitLogisticGlm(X, n, 2, y);
  const near = update.fitLogisticGlm(X, n, 2, y, { start: [0, 1] });
  assert.ok(zero.converged && near.converged);
  assert.ok(near.iterations < zero.iterations, `${near.iterations} < ${zero.iterations} steps`);
  for (let j = 0; j < 2; j++) {
    assert.ok(Math.abs(near.coef[j]! - zero.coef[j]!) < 1e-10, `coef ${j}`);
    assert.ok(Math.abs(near.se[j]! - zero.se[j]!) < 1e-10, `se ${j}`);
  }
  assert.ok(Math.abs(near.logLik - zero.logLik) < 1e-10);
  assert.throws(() => update.fitLogisticGlm(X, n, 2, y, { start: [0] }), (e: unknown) => e instanceof ValueError && /start must have length p=2/.test(e.message));
  assert.throws(() => update.fitLogisticGlm(X, n, 2, y, { start: [0, Number.NaN] }), (e: unknown) => e instanceof ValueError && /start must be finite/.test(e.message));
});
