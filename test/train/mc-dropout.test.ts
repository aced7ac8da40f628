import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, manualSeed, nn, noGrad, randn, train, ValueError } from '../../src/index.js';

function model(): nn.Sequential {
  return new nn.Sequential(
    new nn.Linear(10, 64), new nn.BatchNorm1d(64), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(64, 1),
  );
}

test('mcDropoutPredict: passes vary, BatchNorm stays in eval and untouched, modes restored', () => {
  manualSeed(0);
  const m = model();
  // Give BatchNorm non-trivial running statistics with a few training-mode passes.
  for (let i = 0; i < 3; i++) noGrad(() => m.forward(randn([32, 10])));
  m.eval();
  const x = randn([32, 10]);
  const before = noGrad(() => m.forward(x)).data.slice();
  const bn = m.at(1) as nn.BatchNorm1d;
  const runningMean = bn.runningMean!.data.slice();
  const runningVar = bn.runningVar!.data.slice();
  const tracked = bn.numBatchesTracked!.data[0];

  const r = train.mcDropoutPredict(m, x, { passes: 30, seed: 1, returnSamples: true });
  assert.deepEqual(r.shape, [32, 1]);
  assert.equal(r.samples!.length, 30 * 32);
  const first = r.samples!.subarray(0, 32);
  const second = r.samples!.subarray(32, 64);
  assert.notDeepEqual(Array.from(first), Array.from(second), 'passes differ');
  const meanStd = r.std.reduce((a, b) => a + b, 0) / r.std.length;
  assert.ok(meanStd > 0, `mean uncertainty ${meanStd}`);
  assert.deepEqual(bn.runningMean!.data, runningMean, 'running mean untouched');
  assert.deepEqual(bn.runningVar!.data, runningVar, 'running var untouched');
  assert.equal(bn.numBatchesTracked!.data[0], tracked);
  assert.equal(m.training, false);
  for (const mod of m.modules()) assert.equal(mod.training, false, `${mod.constructor.name} back in eval`);
  assert.deepEqual(noGrad(() => m.forward(x)).data, before, 'eval outputs unchanged after');
});

test('mcDropoutPredict: mean and std equal a hand computation over the returned samples; seed repeats', () => {
  manualSeed(4);
  const m = model().eval();
  const x = randn([5, 10]);
  const a = train.mcDropoutPredict(m, x, { passes: 10, seed: 3, returnSamples: true });
  const b = train.mcDropoutPredict(m, x, { passes: 10, seed: 3 });
  assert.deepEqual(a.mean, b.mean);
  for (let i = 0; i < 5; i++) {
    const v = Array.from({ length: 10 }, (_, p) => a.samples![p * 5 + i]!);
    const mean = v.reduce((s, t) => s + t, 0) / 10;
    const sd = Math.sqrt(v.reduce((s, t) => s + (t - mean) ** 2, 0) / 9);
    assert.ok(Math.abs(a.mean[i]! - mean) < 1e-6);
    assert.ok(Math.abs(a.std[i]! - sd) < 1e-5);
    assert.ok(v.every((p) => p > 0 && p < 1), 'sigmoid probabilities');
  }
});

test('mcDropoutPredict: restores train mode when the model was training', () => {
  const m = model().train();
  train.mcDropoutPredict(m, randn([4, 10]), { passes: 2 });
  for (const mod of m.modules()) assert.equal(mod.training, true);
});

test('mcDropoutPredict: errors for too few passes and for a model without Dropout', () => {
  const m = model();
  assert.throws(() => train.mcDropoutPredict(m, randn([2, 10]), { passes: 1 }), (e: unknown) => e instanceof ValueError && /passes must be an integer from 2 to 10000/.test(e.message));
  const plain = new nn.Sequential(new nn.Linear(3, 1));
  assert.throws(() => train.mcDropoutPredict(plain, new Tensor(new Float32Array(3), [1, 3])), /no Dropout module/);
});
