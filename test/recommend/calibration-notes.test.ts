import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recommend } from '../../src/index.js';

test('the recommender explains the calibration cost of label smoothing and of a positive-class weight, values unchanged (seed Q4)', () => {
  const small = recommend.getRegularisationConfig({ datasetSize: 900, architecture: 'mlp', positiveRate: 0.05 });
  assert.deepEqual(small.base, { dropout: 0.5, weightDecay: 1e-3, labelSmoothing: 0.1 });
  assert.equal(small.labelSmoothing, 0.1);
  assert.equal(small.loss.kind, 'bce-pos-weight');
  const cal = small.notes.filter((n) => n.field === 'calibration');
  assert.equal(cal.length, 2);
  assert.match(cal[0]!.reason, /label smoothing 0\.1: targets become 0\.05 and 0\.95, so predicted risks are squeezed toward 0\.5/);
  assert.match(cal[1]!.reason, /posWeight 19\.00: .*logit shifted by ln 19\.00 = 2\.94.*true risk 0\.05 is predicted about 0\.50: risks overestimated/);
  assert.ok(cal.every((n) => /logistic recalibration/.test(n.reason)));
});

test('no calibration note without label smoothing or class weighting; focal loss gets its own', () => {
  const large = recommend.getRegularisationConfig({ datasetSize: 100_000, architecture: 'mlp' });
  assert.equal(large.labelSmoothing, 0);
  assert.ok(!large.notes.some((n) => n.field === 'calibration'));
  const rare = recommend.getRegularisationConfig({ datasetSize: 100_000, architecture: 'mlp', positiveRate: 0.01 });
  assert.equal(rare.loss.kind, 'focal');
  assert.match(rare.notes.find((n) => n.field === 'calibration')!.reason, /focal loss: .* flattens the fitted risks toward 0\.5/);
});
