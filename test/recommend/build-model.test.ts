import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, recommend, ValueError } from '../../src/index.js';

test('buildMlp reproduces the seed MLP: PyTorch key layout and 11,393 parameters', () => {
  const m = recommend.buildMlp({ nFeatures: 20, hiddenSizes: [128, 64], dropout: [0.4, 0.3] });
  const count = m.parameters().reduce((s, p) => s + p.size, 0);
  assert.equal(count, 11_393);
  assert.deepEqual([...m.stateDict().keys()], [
    '0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked',
    '4.weight', '4.bias', '5.weight', '5.bias', '5.running_mean', '5.running_var', '5.num_batches_tracked',
    '8.weight', '8.bias',
  ]);
  const drops = [...m.modules()].filter((x): x is nn.Dropout => x instanceof nn.Dropout).map((d) => d.p);
  assert.deepEqual(drops, [0.4, 0.3]);
});

test('buildModel follows the recommendation: widths and dropout', () => {
  const config = recommend.getRegularisationConfig({ datasetSize: 900, architecture: 'mlp', nFeatures: 13 });
  const m = recommend.buildModel(config, 13);
  const linears = [...m.modules()].filter((x): x is nn.Linear => x instanceof nn.Linear);
  assert.deepEqual(linears.map((l) => [l.inFeatures, l.outFeatures]), [[13, config.hiddenSizes[0]], [config.hiddenSizes[0], 32], [32, 1]]);
  assert.ok([...m.modules()].filter((x) => x instanceof nn.Dropout).every((d) => (d as nn.Dropout).p === 0.5));
  assert.throws(() => recommend.buildModel(recommend.getRegularisationConfig({ datasetSize: 900, architecture: 'cnn' }), 13), ValueError);
  assert.throws(() => recommend.buildMlp({ nFeatures: 0, hiddenSizes: [4] }), /nFeatures must be a positive integer/);
  assert.throws(() => recommend.buildMlp({ nFeatures: 3, hiddenSizes: [4, 2], dropout: [0.1] }), /one rate per hidden layer/);
});
