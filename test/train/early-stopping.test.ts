import { test } from 'node:test';
import assert from 'node:assert/strict';
import { train, ValueError } from '../../src/index.js';

function log(epoch: number, valLoss: number, auc?: number): train.EpochLog {
  return { epoch, trainLoss: 1, valLoss, valMetrics: auc === undefined ? {} : { auc }, lr: 1e-3, seconds: 0 };
}

/** Feed a scripted sequence; return the epoch at which it said stop (or -1) and the best epoch. */
function run(es: train.EarlyStopping, values: number[], metric = false): { stopAt: number; best: number | undefined } {
  for (let e = 0; e < values.length; e++) {
    const r = es.update(metric ? log(e, 0, values[e]) : log(e, values[e]!));
    if (r.stop) return { stopAt: e, best: es.bestEpoch };
  }
  return { stopAt: -1, best: es.bestEpoch };
}

test('patience counts epochs without improvement, as Keras', () => {
  // best at epoch 1; epochs 2, 3, 4 do not improve → with patience 3 stop at epoch 4.
  assert.deepEqual(run(new train.EarlyStopping({ patience: 3 }), [1.0, 0.5, 0.6, 0.7, 0.55, 0.4]), { stopAt: 4, best: 1 });
  // patience 0: stop at the first epoch that does not improve.
  assert.deepEqual(run(new train.EarlyStopping({ patience: 0 }), [1.0, 0.9, 0.95, 0.1]), { stopAt: 2, best: 1 });
  // an improvement resets the count.
  assert.deepEqual(run(new train.EarlyStopping({ patience: 2 }), [1.0, 1.1, 0.9, 1.0, 0.8, 0.85, 0.86]), { stopAt: 6, best: 4 });
});

test('minDelta: a change not larger than minDelta is not an improvement', () => {
  assert.deepEqual(run(new train.EarlyStopping({ patience: 1, minDelta: 0.1 }), [1.0, 0.95, 0.92]), { stopAt: 1, best: 0 });
});

test('direction comes from the metric registry: val_auc is maximised', () => {
  const es = new train.EarlyStopping({ monitor: 'val_auc', patience: 1 });
  assert.equal(es.direction, 'max');
  assert.deepEqual(run(es, [0.6, 0.7, 0.65, 0.66], true), { stopAt: 2, best: 1 });
  assert.equal(new train.EarlyStopping({ monitor: 'val_brier' }).direction, 'min');
});

test('unknown monitors and contradicting modes are errors, never guesses', () => {
  for (const monitor of ['val_accuracy_guess', 'auc', 'validation_loss']) {
    assert.throws(() => new train.EarlyStopping({ monitor }), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && /unknown monitor/.test(e.message));
  }
  assert.throws(() => new train.EarlyStopping({ monitor: 'val_auc', mode: 'min' }), /contradicts the direction of 'val_auc', which is 'max'/);
  assert.throws(() => new train.EarlyStopping({ patience: -1 }), /patience must be a non-negative integer/);
});

test('startFromEpoch ignores warm-up epochs', () => {
  assert.deepEqual(run(new train.EarlyStopping({ patience: 0, startFromEpoch: 2 }), [1, 2, 3, 2.5, 2.6]), { stopAt: 4, best: 3 });
});

test('a missing monitored value is reported, not skipped', () => {
  const es = new train.EarlyStopping({ monitor: 'val_auc' });
  assert.throws(() => es.update(log(0, 0.5)), /'val_auc' is not available at epoch 0/);
});
