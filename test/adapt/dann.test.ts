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

test('trainDann: warm-up at λ = 0, then λ follows 2/(1+e^(−10p))−1; early stopping on source validation; the target site is predicted well', () => {
  const d = domains(300, 1);
  const r = adapt.trainDann({
    xSource: d.xs, ySource: d.ys, domainSource: new Int32Array(300), xTarget: d.xt, domainTarget: new Int32Array(300).fill(1),
    nDomains: 2, warmupEpochs: 5, epochs: 15, patience: 100, batchSize: 32, lr: 3e-3, seed: 0,
  });
  assert.equal(r.history.length, 20);
  assert.ok(r.history.slice(0, 5).every((h) => h.phase === 'warm-up' && h.lambda === 0));
  const adv = r.history.slice(5);
  assert.ok(adv.every((h) => h.phase === 'adversarial'));
  assert.ok(adv[0]!.lambda < 0.5 && Math.abs(adv[14]!.lambda - (2 / (1 + Math.exp(-10)) - 1)) < 1e-9);
  assert.ok(r.history[19]!.labelLoss < r.history[0]!.labelLoss);
  // The returned weights are the best epoch's by source validation loss.
  const best = r.history[r.bestEpoch]!;
  assert.equal(best.valLoss, Math.min(...r.history.filter((h) => h.phase === best.phase).map((h) => h.valLoss)));
  assert.equal(r.model.training, false);
  const p = noGrad(() => r.model.forward(d.xt)).data;
  const auc = metrics.rocAucScore(d.yt, p);
  assert.ok(auc > 0.85, `target AUC ${auc}`);
  // The predictor is extractor + label head: its state-dict keys are a plain Sequential's.
  assert.ok([...r.model.stateDict().keys()].includes('8.weight'));
});

test('trainDann: patience stops a phase; the label-free rule rejects adversarial features that lose outcome information on source validation', () => {
  // The outcome depends on x1 only, and x1 is what tells the domains apart: removing domain
  // information removes the outcome. A strong adversary (λ up to 20) destroys the source fit.
  const g = new Generator(3);
  const n = 400;
  const xs = new Float32Array(n * 2);
  const ys = new Float32Array(n);
  const dom = new Int32Array(n);
  const xt = new Float32Array(n * 2);
  const yt: number[] = [];
  for (let i = 0; i < n; i++) {
    dom[i] = i % 2;
    xs[2 * i] = g.normal();
    xs[2 * i + 1] = g.normal() + (dom[i] ? 2 : -2);
    ys[i] = g.random() < 1 / (1 + Math.exp(-2 * xs[2 * i + 1]!)) ? 1 : 0;
    xt[2 * i] = g.normal();
    xt[2 * i + 1] = g.normal() + 0.5;
    yt.push(g.random() < 1 / (1 + Math.exp(-2 * xt[2 * i + 1]!)) ? 1 : 0);
  }
  const r = adapt.trainDann({
    xSource: new Tensor(xs, [n, 2]), ySource: new Tensor(ys, [n, 1]), domainSource: dom, xTarget: new Tensor(xt, [n, 2]),
    domainTarget: new Int32Array(n).fill(2), nDomains: 3, hiddenSizes: [16], warmupEpochs: 30, epochs: 40, patience: 5, lambdaMax: 20, lr: 3e-3, seed: 1,
  });
  assert.ok(r.history.length < 70, 'patience ended at least one phase early');
  assert.equal(r.selected, 'warm-up', `warm-up ${r.warmupValLoss}, adversarial ${r.adversarialValLoss}`);
  assert.ok(r.adversarialValLoss > r.warmupValLoss * 1.02);
  const auc = metrics.rocAucScore(yt, noGrad(() => r.model.forward(new Tensor(xt, [n, 2]))).data);
  assert.ok(auc > 0.8, `target AUC ${auc}`);
});

test('trainDann: input errors name the parameter', () => {
  const d = domains(10, 2);
  const base = { xSource: d.xs, ySource: d.ys, domainSource: new Int32Array(10), xTarget: d.xt, domainTarget: new Int32Array(10).fill(1), nDomains: 2, epochs: 1, warmupEpochs: 1 };
  assert.throws(() => adapt.trainDann({ ...base, nDomains: 1 }), (e: unknown) => e instanceof ValueError && /nDomains must be an integer ≥ 2/.test(e.message));
  assert.throws(() => adapt.trainDann({ ...base, domainTarget: new Int32Array(10).fill(2) }), /domainTarget\[0\] must be an integer in \[0, 2\)/);
  assert.throws(() => adapt.trainDann({ ...base, domainSource: new Int32Array(3) }), /one domain per row/);
  assert.throws(() => adapt.trainDann({ ...base, xVal: d.xs }), /both xVal and yVal/);
});
