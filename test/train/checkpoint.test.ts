import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Generator, ModelFormatError, Tensor, manualSeed, nn, optim, recommend, train } from '../../src/index.js';
import { tempDir } from '../helpers/temp-dir.js';

function data(n: number, seed: number): { x: Tensor; y: Tensor } {
  const g = new Generator(seed);
  const x = Float32Array.from({ length: n * 6 }, () => g.normal());
  const y = Float32Array.from({ length: n }, (_, i) => (x[i * 6]! + x[i * 6 + 1]! > 0 ? 1 : 0));
  return { x: new Tensor(x, [n, 6]), y: new Tensor(y, [n, 1]) };
}

function setup(): { model: nn.Sequential; optimizer: optim.AdamW; scheduler: optim.CosineAnnealingLR } {
  manualSeed(42);
  const model = recommend.buildMlp({ nFeatures: 6, hiddenSizes: [16, 8], dropout: 0.3 });
  const optimizer = new optim.AdamW(model.parameters(), { lr: 1e-2 });
  return { model, optimizer, scheduler: new optim.CosineAnnealingLR(optimizer, { tMax: 6 }) };
}

test('resume from a checkpoint equals the uninterrupted run (same seed): weights, optimizer, scheduler, history', () => {
  const tr = data(100, 1);
  const va = data(40, 2);
  const common = { x: tr.x, y: tr.y, validationData: va, loss: new nn.BCEWithLogitsLoss(), batchSize: 16, seed: 9, metrics: ['auc'],
    earlyStopping: { monitor: 'val_loss', patience: 20, restoreBestWeights: true } };

  const full = setup();
  const h1 = train.fit(full.model, { ...common, optimizer: full.optimizer, scheduler: full.scheduler, epochs: 6 });

  const dir = join(tempDir('clinreg-ckpt-'), 'ckpt');
  const part = setup();
  train.fit(part.model, { ...common, optimizer: part.optimizer, scheduler: part.scheduler, epochs: 3, checkpointDir: dir });
  assert.deepEqual(readdirSync(dir).sort(), ['best.safetensors', 'checkpoint.json', 'weights.safetensors']);
  // A fresh process would rebuild everything from scratch: new model, optimizer and scheduler.
  const resumed = setup();
  const h2 = train.fit(resumed.model, { ...common, optimizer: resumed.optimizer, scheduler: resumed.scheduler, epochs: 6, resumeFrom: dir });

  assert.deepEqual(h2.epochs.map((e) => e.trainLoss), h1.epochs.map((e) => e.trainLoss));
  assert.deepEqual(h2.epochs.map((e) => e.lr), h1.epochs.map((e) => e.lr));
  assert.equal(h2.bestEpoch, h1.bestEpoch);
  for (const [name, t] of full.model.stateDict()) assert.deepEqual(resumed.model.stateDict().get(name)!.data, t.data, name);
});

test('loadCheckpoint rejects a directory that is not a checkpoint, or one for another model', () => {
  const dir = tempDir('clinreg-ckpt-');
  const s = setup();
  assert.throws(() => train.loadCheckpoint(dir, s.model, s.optimizer), (e: unknown) => e instanceof ModelFormatError && /checkpoint\.json: missing/.test(e.message));
  writeFileSync(join(dir, 'checkpoint.json'), '{"format":"other"}');
  assert.throws(() => train.loadCheckpoint(dir, s.model, s.optimizer), /invalid checkpoint/);
  const ck = join(dir, 'real');
  const tr = data(20, 3);
  train.fit(s.model, { x: tr.x, y: tr.y, loss: new nn.BCEWithLogitsLoss(), optimizer: s.optimizer, epochs: 1, checkpointDir: ck });
  const other = recommend.buildMlp({ nFeatures: 5, hiddenSizes: [4] });
  assert.throws(() => train.loadCheckpoint(ck, other, new optim.AdamW(other.parameters())), /does not fit this model/);
});
