import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ValueError, update } from '../../src/index.js';

interface Fit { coef: number[]; se: number[]; logLik: number }
interface Case { name: string; logits: number[]; y: number[]; original: { logLik: number }; intercept: Fit; logistic: Fit }
const fixture = JSON.parse(readFileSync('test/fixtures/update/glm-recalibration.json', 'utf8')) as { cases: Case[] };

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs R ${expected} (|Δ| = ${Math.abs(actual - expected)})`);
}

for (const c of fixture.cases) {
  test(`intercept update and logistic recalibration equal R glm to 1e-8 (${c.name}, n=${c.y.length})`, () => {
    close(update.originalLogLik(c.logits, c.y), c.original.logLik, 1e-8, 'original logLik');
    const a = update.interceptUpdate(c.logits, c.y);
    assert.ok(a.converged);
    close(a.intercept, c.intercept.coef[0]!, 1e-8, 'glm(y ~ offset(lp)) intercept');
    close(a.se[0]!, c.intercept.se[0]!, 1e-8, 'intercept SE');
    close(a.logLik, c.intercept.logLik, 1e-8, 'intercept logLik');
    assert.equal(a.slope, 1);
    const b = update.logisticRecalibration(c.logits, c.y);
    assert.ok(b.converged);
    close(b.intercept, c.logistic.coef[0]!, 1e-8, 'glm(y ~ lp) intercept');
    close(b.slope, c.logistic.coef[1]!, 1e-8, 'glm(y ~ lp) slope');
    close(b.se[0]!, c.logistic.se[0]!, 1e-8, 'intercept SE');
    close(b.se[1]!, c.logistic.se[1]!, 1e-8, 'slope SE');
    close(b.logLik, c.logistic.logLik, 1e-8, 'logistic logLik');
  });
}

test('recalibration rejects mismatched lengths, non-finite logits and non-binary labels with ValueError', () => {
  assert.throws(() => update.interceptUpdate([0, 1], [1]), ValueError);
  assert.throws(() => update.logisticRecalibration([0, Number.NaN], [1, 0]), ValueError);
  assert.throws(() => update.logisticRecalibration([0, 1], [1, 2]), ValueError);
});

test('one outcome class: the intercept fit does not converge (the MLE is infinite), it says so', () => {
  const r = update.interceptUpdate([0.1, -0.3, 0.5], [1, 1, 1]);
  assert.equal(r.converged, false);
});
