import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clearPool, manualSeed, nn, optim, poolStats, randn, recommend, Tensor, train } from '../../src/index.js';

// In a training loop every step has the same shapes, so once the first steps have filled the
// storage pool, a step should draw every array from it. Two leaks once kept ~20 fresh arrays per
// step of a BatchNorm + Dropout MLP out of the pool: gradients carved side by side from one slab
// were taken for views of each other (so never handed back), and op-private arrays (the dropout
// mask, batch statistics) were left to the garbage collector.
test('fit: after the first epoch a BatchNorm + Dropout MLP step allocates nothing outside the storage pool', () => {
  manualSeed(3);
  const x = randn([320, 30]);
  const y = new Tensor(Float32Array.from({ length: 320 }, (_, i) => (x.data[i * 30]! > 0 ? 1 : 0)), [320, 1]);
  const config = recommend.getRegularisationConfig({ datasetSize: 320, architecture: 'mlp', nFeatures: 30 });
  const model = recommend.buildModel(config, 30);
  const optimizer = new optim.AdamW(model.parameters(), { lr: 1e-3, weightDecay: 1e-3 });
  const loss = new nn.BCEWithLogitsLoss();
  clearPool();
  train.fit(model, { x, y, epochs: 2, batchSize: 64, loss, optimizer, shuffle: false });
  const warm = poolStats();
  train.fit(model, { x, y, epochs: 3, batchSize: 64, loss, optimizer, shuffle: false });
  const after = poolStats();
  const steps = 3 * 5;
  assert.ok(after.hits - warm.hits >= steps * 20, `each step should reuse its arrays: ${JSON.stringify({ warm, after })}`);
  assert.equal(after.misses - warm.misses, 0, `fresh allocations in warm steps: ${JSON.stringify({ warm, after })}`);
});
