import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, Tensor, adapt, metrics, noGrad, ValueError } from '../../src/index.js';

/** Two domains: the label depends on x0; domain 1 is shifted by +3 in x1 (a nuisance feature). */
function domains(n: number, seed: number): { xs: Tensor; ys: Tensor; xt: Tensor; yt: number[] } {
  const g = new Generator(seed);
  const xs = new Float32Array(n * 4);
  const xt = new Float32Array(n * 4);
  const ys = new Float32Array(n);
  const yt: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 4; j++) {
      xs[i * 4 + j] = g.normal();
      xt[i * 4 + j] = g.normal() + (j === 1 ? 3 : 0);
    }
    ys[i] = g.random() < 1 / (1 + Math.exp(-3 * xs[i * 4]!)) ? 1 : 0;
    yt.push(g.random() < 1 / (1 + Math.exp(-3 * xt[i * 4]!)) ? 1 : 0);
  }
  return { xs: new Tensor(xs, [n, 4]), ys: new Tensor(ys, [n, 1]), xt: new Tensor(xt, [n, 4]), yt };
}

test('trainDann: λ follows 2/(1+e^(−10p))−1, the label head learns, the target site is predicted well', () => {
  const d = domains(300, 1);
  const r = adapt.trainDann({
    xSource: d.xs, ySource: d.ys, domainSource: new Int32Array(300), xTarget: d.xt, domainTarget: new Int32Array(300).fill(1),
    nDomains: 2, epochs: 15, batchSize: 32, lr: 3e-3, seed: 0,
  });
  assert.equal(r.history.length, 15);
  assert.ok(r.history[0]!.lambda < 0.5 && Math.abs(r.history[14]!.lambda - (2 / (1 + Math.exp(-10)) - 1)) < 1e-9);
  assert.ok(r.history[14]!.labelLoss < r.history[0]!.labelLoss);
  assert.equal(r.model.training, false);
  const p = noGrad(() => r.model.forward(d.xt)).data;
  const auc = metrics.rocAucScore(d.yt, p);
  assert.ok(auc > 0.85, `target AUC ${auc}`);
  // The predictor is extractor + label head: its state-dict keys are a plain Sequential's.
  assert.ok([...r.model.stateDict().keys()].includes('8.weight'));
});

test('trainDann: input errors name the parameter', () => {
  const d = domains(10, 2);
  const base = { xSource: d.xs, ySource: d.ys, domainSource: new Int32Array(10), xTarget: d.xt, domainTarget: new Int32Array(10).fill(1), nDomains: 2, epochs: 1 };
  assert.throws(() => adapt.trainDann({ ...base, nDomains: 1 }), (e: unknown) => e instanceof ValueError && /nDomains must be an integer ≥ 2/.test(e.message));
  assert.throws(() => adapt.trainDann({ ...base, domainTarget: new Int32Array(10).fill(2) }), /domainTarget\[0\] must be an integer in \[0, 2\)/);
  assert.throws(() => adapt.trainDann({ ...base, domainSource: new Int32Array(3) }), /one domain per row/);
});
