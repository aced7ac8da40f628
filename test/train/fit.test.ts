import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, Tensor, isGradEnabled, manualSeed, metrics, nn, noGrad, optim, tensor, train } from '../../src/index.js';

/** Synthetic clinical-like data: 20 features, logit = a sparse linear signal + an interaction. */
function synthetic(n: number, seed: number): { x: Tensor; y: Tensor } {
  const g = new Generator(seed);
  const x = new Float32Array(n * 20);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 20; j++) x[i * 20 + j] = g.normal();
    const r = i * 20;
    const logit = 1.5 * x[r]! - 1.2 * x[r + 1]! + 0.8 * x[r + 2]! + x[r + 3]! * x[r + 4]!;
    y[i] = g.random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { x: new Tensor(x, [n, 20]), y: new Tensor(y, [n, 1]) };
}

/** The seed's RegularisedClinicalMLP. */
function seedMlp(): nn.Sequential {
  return new nn.Sequential(
    new nn.Linear(20, 128), new nn.BatchNorm1d(128), new nn.ReLU(), new nn.Dropout(0.4),
    new nn.Linear(128, 64), new nn.BatchNorm1d(64), new nn.ReLU(), new nn.Dropout(0.3),
    new nn.Linear(64, 1),
  );
}

test('fit: the seed MLP learns synthetic data (validation AUC > 0.8) and restores its best epoch', () => {
  manualSeed(0);
  const tr = synthetic(1200, 1);
  const va = synthetic(400, 2);
  const model = seedMlp();
  const history = train.fit(model, {
    x: tr.x, y: tr.y, validationData: va, loss: new nn.BCEWithLogitsLoss(),
    optimizer: new optim.AdamW(model.parameters(), { lr: 3e-3, weightDecay: 1e-4 }),
    epochs: 30, batchSize: 64, seed: 7, metrics: ['auc'],
    earlyStopping: { monitor: 'val_auc', patience: 5, restoreBestWeights: true },
  });
  assert.equal(model.training, false, 'fit leaves the model in eval mode');
  assert.ok(history.bestEpoch !== undefined);
  const best = history.epochs[history.bestEpoch]!;
  assert.ok(best.valMetrics.auc! > 0.8, `best val AUC ${best.valMetrics.auc}`);
  // The restored model reproduces the best epoch's validation AUC.
  const out = noGrad(() => model.forward(va.x));
  assert.ok(Math.abs(metrics.rocAucScore(va.y.data, out.data) - best.valMetrics.auc!) < 1e-6);
  assert.ok(history.restoredBestWeights);
  assert.ok(history.epochs.every((e) => e.trainLoss > 0 && e.seconds >= 0 && e.lr === 3e-3));
});

test('fit: restoreBestWeights restores parameters and BatchNorm buffers after a scripted validation curve', () => {
  manualSeed(1);
  const tr = synthetic(128, 3);
  const model = seedMlp();
  const bce = new nn.BCEWithLogitsLoss();
  // Validation losses scripted so epoch 2 is best; training uses the real loss.
  const script = [0.9, 0.8, 0.5, 0.6, 0.7, 0.75, 0.8];
  let evalCalls = 0;
  const loss = (input: Tensor, target: Tensor): Tensor => (isGradEnabled() ? bce.forward(input, target) : tensor(script[evalCalls++]!));
  const snapshots: Map<string, Float32Array>[] = [];
  const history = train.fit(model, {
    x: tr.x, y: tr.y, validationData: tr, loss, epochs: 7, batchSize: 32, seed: 3,
    optimizer: new optim.AdamW(model.parameters(), { lr: 1e-2 }),
    earlyStopping: { monitor: 'val_loss', patience: 10, restoreBestWeights: true },
    callbacks: [{ onEpochEnd: (_log, m) => void snapshots.push(train.snapshotWeights(m)) }],
  });
  assert.equal(history.stopReason, 'completed', 'ran out of epochs without an early stop');
  assert.equal(history.bestEpoch, 2);
  const final = train.snapshotWeights(model);
  for (const [name, values] of snapshots[2]!) assert.deepEqual(final.get(name), values, `${name} restored to epoch 2`);
  assert.notDeepEqual(final.get('1.running_mean'), snapshots[6]!.get('1.running_mean'));
});

test('fit: early stop ends training after patience epochs and reports the reason', () => {
  manualSeed(2);
  const tr = synthetic(64, 4);
  const model = seedMlp();
  const script = [1, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1];
  let k = 0;
  const bce = new nn.BCEWithLogitsLoss();
  const history = train.fit(model, {
    x: tr.x, y: tr.y, validationData: tr, epochs: 8,
    loss: (i, t) => (isGradEnabled() ? bce.forward(i, t) : tensor(script[k++]!)),
    optimizer: new optim.SGD(model.parameters(), { lr: 1e-3 }),
    earlyStopping: { patience: 2 },
  });
  assert.equal(history.stopReason, 'early-stopping');
  assert.equal(history.stoppedEpoch, 3);
  assert.equal(history.epochs.length, 4);
  assert.equal(history.bestEpoch, 1);
  assert.equal(history.restoredBestWeights, false);
});

test('fit: a non-finite loss stops training, says where, and restores the best weights', () => {
  manualSeed(3);
  const tr = synthetic(64, 5);
  const model = seedMlp();
  const bce = new nn.BCEWithLogitsLoss();
  let trainCalls = 0;
  const loss = (input: Tensor, target: Tensor): Tensor => {
    if (!isGradEnabled()) return bce.forward(input, target);
    trainCalls++;
    // Epochs have 2 batches; the 2nd batch of epoch 2 (call 6) blows up.
    return trainCalls === 6 ? nn.functional.binaryCrossEntropyWithLogits(input, target).mul(Number.NaN) : bce.forward(input, target);
  };
  const history = train.fit(model, {
    x: tr.x, y: tr.y, validationData: tr, loss, epochs: 5, batchSize: 32,
    optimizer: new optim.AdamW(model.parameters()),
    earlyStopping: { restoreBestWeights: true, patience: 5 },
  });
  assert.equal(history.stopReason, 'non-finite-loss');
  assert.deepEqual({ epoch: history.nonFinite?.epoch, batch: history.nonFinite?.batch }, { epoch: 2, batch: 1 });
  assert.ok(history.restoredBestWeights);
  for (const p of model.parameters()) assert.ok(p.data.every(Number.isFinite));
});

test('fit: the same seed gives the same history', () => {
  const runOnce = (): number[] => {
    const tr = synthetic(200, 6);
    manualSeed(11);
    const model = seedMlp();
    const h = train.fit(model, { x: tr.x, y: tr.y, loss: new nn.BCEWithLogitsLoss(), optimizer: new optim.AdamW(model.parameters()), epochs: 3, seed: 5 });
    return h.epochs.map((e) => e.trainLoss);
  };
  assert.deepEqual(runOnce(), runOnce());
});

test('fit: bad options are rejected with the parameter named', () => {
  const model = seedMlp();
  const x = new Tensor(new Float32Array(40), [2, 20]);
  const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
  const loss = new nn.BCEWithLogitsLoss();
  assert.throws(() => train.fit(model, { x, y: new Tensor(new Float32Array(3), [3, 1]), loss, optimizer: opt }), /same number of rows\. Received: 2 and 3/);
  assert.throws(() => train.fit(model, { x, y: new Tensor(new Float32Array(2), [2, 1]), loss, optimizer: opt, epochs: 0 }), /epochs must be a positive integer/);
  assert.throws(() => train.fit(model, { x, y: new Tensor(new Float32Array(2), [2, 1]), loss, optimizer: opt, earlyStopping: { monitor: 'val_auc' } }), /no validationData/);
});
