// The second real multi-site cohort: Rotterdam and GBSG breast cancer (data/breast-cancer), one
// centre held out at a time. Every site gets O:E, slope, net benefit and its Riley sample size,
// and a model with its intercept shifted by −3 (risks underestimated) is flagged at both; the
// unshifted model, trained at the other centre, is already flagged (the silent case).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { data, recommend, validate } from '../../src/index.js';

test('breast cancer, leave-one-cohort-out: calibration per cohort; an intercept shifted by −3 is flagged site-miscalibrated at both', async () => {
  const table = await data.readCsv('data/breast-cancer/breast_2cohorts.csv');
  const schema = data.createSchema(table, { target: 'event5', site: 'cohort', exclude: ['pid', 'rfstime'] });
  const config = recommend.getRegularisationConfig({ datasetSize: table.nRows, architecture: 'mlp', nFeatures: schema.features.length });
  const loso = validate.leaveOneSiteOut((n) => recommend.buildModel(config, n), table, schema, { epochs: 8, patience: 3, seed: 2, weightDecay: config.weightDecay });
  const { yTrue, yProb, sites } = loso.predictions;
  const plain = validate.evaluateCrossSite({ yTrue, yProb, sites });
  assert.deepEqual(plain.sites.map((s) => s.site).sort(), ['gbsg', 'rotterdam']);
  for (const s of plain.sites) {
    assert.ok(s.oe !== null && s.oeCi !== null && s.slope !== null && s.slopeCi !== null && s.citl !== null, s.site);
    assert.ok(s.oeCi[0] < s.oe && s.oe < s.oeCi[1]);
    assert.equal(s.netBenefit.length, 46);
    assert.ok(s.sampleSize !== undefined && s.sampleSize.n > 0);
  }
  assert.deepEqual(plain.summaries.map((x) => [x.measure, x.k]), [['auc', 2], ['oe', 2], ['citl', 2], ['slope', 2]]);
  // a model taken to the other centre is miscalibrated already: no longer silent
  assert.ok(plain.findings.some((f) => f.code === 'site-miscalibrated'), JSON.stringify(plain.sites.map((s) => [s.site, s.oe, s.slope])));
  const shifted = Float64Array.from(yProb, (p) => 1 / (1 + Math.exp(-(Math.log(p / (1 - p)) - 3))));
  const r = validate.evaluateCrossSite({ yTrue, yProb: shifted, sites });
  for (const name of ['rotterdam', 'gbsg']) {
    const f = r.findings.find((x) => x.code === 'site-miscalibrated' && x.site === name);
    const s = r.sites.find((x) => x.site === name)!;
    assert.ok(f !== undefined, `${name}: O:E ${s.oe} ${JSON.stringify(s.oeCi)} not flagged`);
    assert.match(f.message, /risks underestimated on average/);
    assert.ok(s.oe! > 1.5 && s.oeCi![0] > 1);
    assert.equal(f.severity, 'critical');
  }
});
