// toReportInput's MC-dropout section (most uncertain patients by id, SD against errors per site) and the adaptation comparison.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { data, develop, metrics, report } from '../../src/index.js';

test('the report names the ten most uncertain patients by --id and gives the AUC of the SD for errors per site', async () => {
  const table = await data.readCsv('test/fixtures/cli/train.csv');
  const schema = data.createSchema(table, { target: 'y', site: 'site', exclude: ['patient'] });
  const result = develop.developModel(table, schema, { seed: 1, epochs: 3, mcPasses: 5 });
  const input = develop.toReportInput(result, { id: 'patient' });
  const u = input.uncertainty!;
  const patients = table.strings('patient');
  const top = u.mostUncertain!;
  assert.equal(top.length, 10);
  for (let i = 1; i < top.length; i++) assert.ok(top[i - 1]!.sd >= top[i]!.sd, 'most uncertain first');
  const maxSd = Math.max(...Array.from(result.uncertainty.std));
  assert.equal(top[0]!.sd, maxSd);
  const k = Array.from(result.uncertainty.std).indexOf(maxSd);
  assert.equal(top[0]!.id, patients[result.rows[k]!]);
  assert.deepEqual(u.errorAuc!.map((g) => g.site), ['all', 'north', 'south', 'east', 'west']);
  // Independent check of the 'all' row: scikit-learn-exact rocAucScore of the SD for |y − p| > 0.5.
  const errors = Array.from(result.y, (y, i) => (Math.abs(y - result.uncertainty.mean[i]!) > 0.5 ? 1 : 0));
  const all = u.errorAuc![0]!;
  assert.equal(all.errors, errors.reduce((a: number, v) => a + v, 0));
  if (all.auc !== null) assert.ok(Math.abs(all.auc - metrics.rocAucScore(errors, result.uncertainty.std)) < 1e-12);
  const html = await report.renderHtmlReport(input);
  assert.match(html, /Most uncertain patients — final model, development rows \(in-sample\)/);
  assert.match(html, /Does the SD point at errors\?/);
});

test('with adapt, the report compares AUC per site without and with adaptation and carries adaptation-hurts findings', async () => {
  const table = await data.readCsv('test/fixtures/cli/train.csv');
  const schema = data.createSchema(table, { target: 'y', site: 'site', exclude: ['patient'] });
  const result = develop.developModel(table, schema, { seed: 2, epochs: 3, mcPasses: 2, adapt: 'per-site-norm' });
  const a = develop.toReportInput(result).validation!.adaptation!;
  assert.equal(a.method, 'per-site-norm');
  assert.deepEqual(a.sites.map((s) => s.site), result.validation.crossSite.sites.map((s) => s.site));
  for (const s of a.sites) {
    assert.equal(s.auc, result.validation.crossSite.sites.find((x) => x.site === s.site)!.auc);
    assert.equal(s.adaptedAuc, result.adaptation!.crossSite.sites.find((x) => x.site === s.site)!.auc);
  }
  assert.deepEqual(a.findings, result.adaptation!.findings);
  const html = await report.renderHtmlReport(develop.toReportInput(result));
  assert.match(html, /Domain adaptation \(per-site-norm\) against none/);
});
