import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recommend, ValueError } from '../../src/index.js';

// The seed's get_regularisation_config, transcribed as a table: (size) → (dropout, wd, label smoothing).
const SEED_TABLE: [number, number, number, number][] = [
  [1, 0.5, 1e-3, 0.1],
  [4_999, 0.5, 1e-3, 0.1],
  [5_000, 0.3, 1e-4, 0.05],
  [10_000, 0.3, 1e-4, 0.05],
  [49_999, 0.3, 1e-4, 0.05],
  [50_000, 0.1, 1e-5, 0.0],
  [1_000_000, 0.1, 1e-5, 0.0],
];

test('base values equal the seed function at and around every boundary', () => {
  for (const [n, dropout, wd, ls] of SEED_TABLE) {
    for (const architecture of ['mlp', 'cnn', 'transformer'] as const) {
      const c = recommend.getRegularisationConfig({ datasetSize: n, architecture });
      assert.deepEqual(c.base, { dropout, weightDecay: wd, labelSmoothing: ls }, `n=${n} ${architecture}`);
      assert.equal(c.labelSmoothing, ls);
    }
    const mlp = recommend.getRegularisationConfig({ datasetSize: n, architecture: 'mlp' });
    assert.equal(mlp.dropout, dropout);
    assert.equal(mlp.weightDecay, wd);
  }
});

test('q4: 10,000 rows / mlp gives dropout 0.3, weight decay 1e-4, label smoothing 0.05 with BatchNorm in hidden layers', () => {
  const c = recommend.getRegularisationConfig({ datasetSize: 10_000, architecture: 'mlp' });
  assert.equal(c.dropout, 0.3);
  assert.equal(c.weightDecay, 1e-4);
  assert.equal(c.labelSmoothing, 0.05);
  assert.equal(c.normalisation, 'batchnorm');
  assert.equal(c.dropoutPlacement, 'hidden-layers');
  assert.equal(c.optimizer.name, 'AdamW');
  assert.equal(c.earlyStopping.restoreBestWeights, true);
  for (const field of ['dropout', 'weightDecay', 'labelSmoothing', 'optimizer', 'earlyStopping', 'normalisation']) {
    assert.ok(c.notes.some((n) => n.field === field && n.reason.length > 0), `a reason for ${field}`);
  }
});

test('cnn: BatchNorm in the body, Dropout 0.5 in the head only', () => {
  const c = recommend.getRegularisationConfig({ datasetSize: 100_000, architecture: 'cnn' });
  assert.equal(c.dropout, 0.5);
  assert.equal(c.dropoutPlacement, 'head-only');
  assert.equal(c.normalisation, 'batchnorm');
  assert.ok(c.notes.some((n) => /never Dropout before BatchNorm/.test(n.reason)));
});

test('transformer: LayerNorm, Dropout 0.1, weight decay within 0.01–0.1', () => {
  for (const n of [1_000, 20_000, 200_000]) {
    const c = recommend.getRegularisationConfig({ datasetSize: n, architecture: 'transformer' });
    assert.equal(c.dropout, 0.1);
    assert.equal(c.normalisation, 'layernorm');
    assert.equal(c.dropoutPlacement, 'attention-and-ffn');
    assert.ok(c.weightDecay >= 0.01 && c.weightDecay <= 0.1);
  }
});

test('class imbalance: positive rate < 0.1 asks for posWeight or focal loss; balanced data does not', () => {
  assert.deepEqual(recommend.getRegularisationConfig({ datasetSize: 3_000, architecture: 'mlp', positiveRate: 0.4 }).loss, { kind: 'bce' });
  const w = recommend.getRegularisationConfig({ datasetSize: 3_000, architecture: 'mlp', positiveRate: 0.05 }).loss;
  assert.equal(w.kind, 'bce-pos-weight');
  assert.ok(w.kind === 'bce-pos-weight' && Math.abs(w.posWeight - 19) < 1e-12);
  assert.equal(recommend.getRegularisationConfig({ datasetSize: 3_000, architecture: 'mlp', positiveRate: 0.01 }).loss.kind, 'focal');
});

test('small datasets: smaller network and augmentation', () => {
  const small = recommend.getRegularisationConfig({ datasetSize: 900, architecture: 'mlp', nFeatures: 13 });
  const mid = recommend.getRegularisationConfig({ datasetSize: 20_000, architecture: 'mlp', nFeatures: 13 });
  assert.ok(small.hiddenSizes[0]! < mid.hiddenSizes[0]!);
  assert.ok(small.augmentation.length > 0);
  assert.deepEqual(mid.hiddenSizes, [128, 64]);
});

test('bad inputs throw ValueError naming the parameter', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ datasetSize: 0, architecture: 'mlp' }, /datasetSize must be a positive integer\. Received: datasetSize=0/],
    [{ datasetSize: 10.5, architecture: 'mlp' }, /datasetSize/],
    [{ datasetSize: 10, architecture: 'rnn' }, /architecture must be one of mlp, cnn, transformer\. Received: architecture=rnn/],
    [{ datasetSize: 10, architecture: 'mlp', positiveRate: 1.2 }, /positiveRate must be in \(0, 1\)/],
    [{ datasetSize: 10, architecture: 'mlp', nFeatures: -1 }, /nFeatures/],
  ];
  for (const [opts, re] of cases) {
    assert.throws(
      () => recommend.getRegularisationConfig(opts as unknown as recommend.RecommendOptions),
      (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && re.test(e.message),
    );
  }
});
