import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../src/index.js';
import { checks, train, ValueError } from '../../src/index.js';

function history(train: number[], val: number[]): train.History {
  return {
    epochs: train.map((t, epoch) => ({ epoch, trainLoss: t, valLoss: val[epoch]!, valMetrics: {}, lr: 1e-3, seconds: 0 })),
    bestEpoch: undefined, bestValue: undefined, monitor: undefined, stoppedEpoch: train.length - 1, stopReason: 'completed', restoredBestWeights: false,
  };
}

test('overfitting-gap: validation rises after its minimum while training falls', () => {
  const f = checks.diagnoseOverfitting(history([0.7, 0.6, 0.5, 0.4, 0.3, 0.2], [0.7, 0.6, 0.55, 0.6, 0.65, 0.7]));
  assert.equal(f.length, 1);
  assert.equal(f[0]!.code, 'overfitting-gap');
  assert.equal(f[0]!.severity, 'critical'); // 0.7 / 0.55 − 1 = 27% ≥ 20%
  const d = f[0]!.details as Record<string, number>;
  assert.equal(d.bestEpoch, 2);
  assert.equal(d.lastEpoch, 5);
  assert.ok(Math.abs(d.gap! - 0.5) < 1e-12);
  assert.ok(Math.abs(d.rise! - (0.7 / 0.55 - 1)) < 1e-12);
});

test('a small rise is a warning; no rise, a rise with training also rising, or too few epochs are silent', () => {
  assert.equal(checks.diagnoseOverfitting(history([0.7, 0.6, 0.5, 0.4], [0.6, 0.5, 0.52, 0.53]))[0]!.severity, 'warning');
  assert.deepEqual(checks.diagnoseOverfitting(history([0.7, 0.6, 0.5, 0.4], [0.7, 0.6, 0.5, 0.45])), []);
  assert.deepEqual(checks.diagnoseOverfitting(history([0.5, 0.6, 0.7, 0.8], [0.5, 0.6, 0.7, 0.8])), []);
  assert.deepEqual(checks.diagnoseOverfitting(history([0.7, 0.6, 0.5], [0.7, 0.5, 0.6])), [], 'only one epoch after the best');
  assert.deepEqual(checks.diagnoseOverfitting(history([0.7], [0.7])), []);
  assert.throws(() => checks.diagnoseOverfitting(history([1], [1]), { minRise: -1 }), ValueError);
});

test('training-non-finite: a fit that diverges (SGD, lr 1 on MSE) stops, restores the last finite weights, and the diagnosis says so', () => {
  const { nn, optim, Tensor, manualSeed } = api;
  manualSeed(0);
  const model = new nn.Linear(2, 1);
  const x = new Tensor(Float32Array.from({ length: 64 }, (_, i) => ((i * 37) % 11) - 5), [32, 2]);
  const y = new Tensor(Float32Array.from({ length: 32 }, (_, i) => i % 2), [32, 1]);
  const h = train.fit(model, { x, y, loss: new nn.MSELoss(), optimizer: new optim.SGD(model.parameters(), { lr: 1 }), epochs: 200, batchSize: 32, seed: 0 });
  assert.equal(h.stopReason, 'non-finite-loss');
  assert.ok(h.restoredFiniteEpoch !== undefined && h.restoredFiniteEpoch < h.epochs.length);
  const f = checks.diagnoseOverfitting(h).filter((x) => x.code === 'training-non-finite');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.severity, 'critical');
  assert.match(f[0]!.message, new RegExp(`weights of epoch ${h.restoredFiniteEpoch! + 1}, the last that ended finite, were restored`));
  assert.deepEqual(checks.diagnoseOverfitting(history([0.7, 0.6], [0.7, 0.6])), [], 'a finite run has none');
});
