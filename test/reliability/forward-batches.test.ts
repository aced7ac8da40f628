// Bounded activation memory (issue #19 item 4): forwardInBatches gives the rows' outputs chunk by
// chunk, equal to one forward over all rows for row-independent models in eval mode.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError, manualSeed, nn, noGrad, randn, recommend, train } from '../../src/index.js';

test('forwardInBatches equals one eval forward (MLP with BatchNorm and Dropout), any chunk size', () => {
  manualSeed(7);
  const model = recommend.buildMlp({ nFeatures: 6, hiddenSizes: [16, 8], dropout: [0.3, 0.2] });
  noGrad(() => model.forward(randn([32, 6])));
  model.eval();
  const x = randn([1001, 6]);
  const whole = noGrad(() => model.forward(x));
  for (const b of [1, 7, 64, 1000, 1001, 5000]) {
    const got = train.forwardInBatches(model, x, b);
    assert.deepEqual(got.shape, whole.shape);
    for (let i = 0; i < whole.size; i++) assert.ok(Math.abs(got.data[i]! - whole.data[i]!) <= 1e-6 * (1 + Math.abs(whole.data[i]!)), `batch ${b}, element ${i}`);
  }
  assert.throws(() => train.forwardInBatches(model, x, 0), ValueError);
});

test('mcDropoutPredict over chunks repeats for a seed and stays in [0, 1]', () => {
  manualSeed(8);
  const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(8, 1));
  const x = randn([train.FORWARD_BATCH_ROWS + 17, 4]);
  const a = train.mcDropoutPredict(model, x, { passes: 3, seed: 1 });
  const b = train.mcDropoutPredict(model, x, { passes: 3, seed: 1 });
  assert.deepEqual(a.mean, b.mean);
  assert.ok(a.mean.every((v) => v >= 0 && v <= 1));
  assert.ok(a.std.some((v) => v > 0));
});
