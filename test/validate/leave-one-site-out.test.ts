import { test } from 'node:test';
import assert from 'node:assert/strict';
import { data, recommend, validate, ValueError } from '../../src/index.js';

const HEART = 'data/heart-disease/heart_disease_4sites.csv';

test('leave-one-site-out on the 4-hospital heart data: each site scored by the model that did not see it; switzerland underpowered', async () => {
  const table = await data.readCsv(HEART);
  const schema = data.createSchema(table, { target: 'num', positive: '>0', site: 'site' });
  const config = recommend.getRegularisationConfig({ datasetSize: table.nRows, architecture: 'mlp', nFeatures: schema.features.length });
  const folds: string[] = [];
  const run = (): validate.LosoResult =>
    validate.leaveOneSiteOut((n) => recommend.buildModel(config, n), table, schema, {
      epochs: 12, patience: 4, seed: 1, weightDecay: config.weightDecay, onFold: (f) => folds.push(f.site),
    });
  const r = run();
  assert.deepEqual(r.folds.map((f) => f.site), ['cleveland', 'hungarian', 'switzerland', 'va']);
  const siteRows = { cleveland: 303, hungarian: 294, switzerland: 123, va: 200 } as Record<string, number>;
  for (const f of r.folds) {
    assert.equal(f.nTest, siteRows[f.site]);
    assert.ok(!f.trainSites.includes(f.site));
    // Development rows are ~80% of the other sites (a fifth held out for early stopping).
    const others = 920 - siteRows[f.site]!;
    assert.ok(f.nTrain < others && f.nTrain > 0.75 * others, `${f.site}: nTrain ${f.nTrain} of ${others}`);
    assert.equal(f.innerValidation, 'site-stratified');
    assert.equal(f.history?.restoredBestWeights, true);
  }
  const sw = r.crossSite.sites.find((s) => s.site === 'switzerland')!;
  assert.deepEqual([sw.n, sw.events, sw.nonEvents], [123, 115, 8]);
  // switzerland (8 non-events) is underpowered, so not judged as underperforming; its risks are
  // far too low (prevalence 0.93), and a critical miscalibration names the status even so
  const swMis = r.crossSite.findings.find((f) => f.code === 'site-miscalibrated' && f.site === 'switzerland');
  assert.equal(sw.status, swMis?.severity === 'critical' ? 'site-miscalibrated' : 'site-underpowered', JSON.stringify(swMis));
  assert.ok(r.crossSite.findings.some((f) => f.code === 'site-underpowered' && f.site === 'switzerland'));
  assert.ok(!r.crossSite.findings.some((f) => f.code === 'site-underperforming' && f.site === 'switzerland'));
  assert.equal(r.predictions.yProb.length, 920);
  assert.ok(Array.from(r.predictions.yProb).every((p) => p > 0 && p < 1));
  assert.ok(r.crossSite.pooled.auc! > 0.7, `pooled external AUC ${r.crossSite.pooled.auc}`);
  // Determinism: the same seed gives the same numbers.
  const again = run();
  assert.deepEqual(Array.from(again.predictions.yProb), Array.from(r.predictions.yProb));
});

test('leave-one-site-out needs a site column and at least two sites', async () => {
  const table = await data.readCsv(HEART);
  const noSite = data.createSchema(table, { target: 'num', positive: '>0' });
  assert.throws(() => validate.leaveOneSiteOut((n) => recommend.buildMlp({ nFeatures: n, hiddenSizes: [4] }), table, noSite), (e: unknown) => e instanceof ValueError && /needs a site column/.test(e.message));
  const one = table.select(Int32Array.from({ length: 303 }, (_, i) => i));
  const schema = data.createSchema(one, { target: 'num', positive: '>0', site: 'site' });
  assert.throws(() => validate.leaveOneSiteOut((n) => recommend.buildMlp({ nFeatures: n, hiddenSizes: [4] }), one, schema), /needs at least 2 sites\. Received: 1 \(cleveland\)/);
});
