import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, data, recommend, validate, ValueError } from '../../src/index.js';

const build = (n: number) => recommend.buildMlp({ nFeatures: n, hiddenSizes: [16], dropout: 0.2 });
const fast = { epochs: 8, patience: 3, seed: 2, lr: 3e-3 };

/** Synthetic cohort: 40 patients × 5 visits over 2 sites, dated over two years; label from x. */
function cohort(): data.Table {
  const g = new Generator(1);
  const rows: data.Cell[][] = [];
  for (let p = 0; p < 40; p++) {
    for (let v = 0; v < 5; v++) {
      const x = g.normal();
      const date = new Date(Date.UTC(2020, 0, 1) + (p * 5 + v) * 3.6e6 * 24 * 3);
      rows.push([`p${p}`, p % 2 === 0 ? 'a' : 'b', date.toISOString().slice(0, 10), x, g.normal(), g.random() < 1 / (1 + Math.exp(-3 * x)) ? 1 : 0]);
    }
  }
  return data.parseCsv(data.toCsv(data.fromRows(['patient', 'site', 'date', 'x', 'noise', 'y'], rows)));
}

test('group-kfold by patient: every labelled row is tested exactly once, sites evaluated separately', () => {
  const table = cohort();
  const schema = data.createSchema(table, { target: 'y', site: 'site', patient: 'patient', time: 'date' });
  assert.deepEqual(schema.features, ['x', 'noise']);
  const r = validate.crossValidate(build, table, schema, { ...fast, scheme: 'group-kfold', nSplits: 4 });
  assert.equal(r.folds.length, 4);
  assert.equal(r.predictions.yProb.length, 200);
  assert.equal(r.folds.reduce((s, f) => s + f.nTest, 0), 200);
  assert.ok(r.crossSite.pooled.auc! > 0.75, `pooled AUC ${r.crossSite.pooled.auc}`);
  assert.deepEqual(r.crossSite.sites.map((s) => s.site).sort(), ['a', 'b']);
});

test('temporal: the latest fifth is the test set; earlier rows develop the model', () => {
  const table = cohort();
  const schema = data.createSchema(table, { target: 'y', site: 'site', patient: 'patient', time: 'date' });
  const r = validate.crossValidate(build, table, schema, { ...fast, scheme: 'temporal', testSize: 0.2 });
  assert.equal(r.folds.length, 1);
  assert.equal(r.folds[0]!.nTest, 40);
  assert.equal(r.predictions.yProb.length, 40);
  // 160 earlier rows, a stratified fifth of them held out for early stopping.
  assert.ok(r.folds[0]!.nTrain >= 120 && r.folds[0]!.nTrain <= 130, `nTrain ${r.folds[0]!.nTrain}`);
});

test('schemes that need a column say which', () => {
  const table = cohort();
  const noTime = data.createSchema(table, { target: 'y', site: 'site', features: ['x'] });
  assert.throws(() => validate.crossValidate(build, table, noTime, { scheme: 'temporal' }), (e: unknown) => e instanceof ValueError && /needs a time column/.test(e.message));
  const bare = data.createSchema(table, { target: 'y', features: ['x'] });
  assert.throws(() => validate.crossValidate(build, table, bare, { scheme: 'group-kfold' }), /needs a patient or site column/);
});
