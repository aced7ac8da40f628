// develop: leave-one-site-out runs carry the updating experiment into results.json and the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, develop, report, ValueError } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-develop-updating-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const table = await data.readCsv('test/fixtures/cli/train.csv');

test('leave-one-site-out: results.json carries updatingExperiment from the out-of-fold predictions; the report renders its section', async () => {
  const schema = data.createSchema(table, { target: 'y', site: 'site', exclude: ['patient'] });
  const updating = { sizes: [10, 40], repeats: 3, minEvaluationRows: 20 };
  const result = develop.developModel(table, schema, { seed: 1, epochs: 3, mcPasses: 2, updating });
  const u = result.updating!;
  assert.equal(u.seed, 1, 'seeded by the run');
  // 50 patients a site: m = 10 leaves 40 to evaluate on, m = 40 leaves 10 (< 20): skipped at every site.
  assert.deepEqual(u.skipped.map((s) => `${s.site} ${s.m}`), ['north 40', 'south 40', 'east 40', 'west 40']);
  assert.deepEqual(u.rows.map((r) => `${r.site} ${r.m} ${r.method}`).slice(0, 3), ['north 10 intercept', 'north 10 logistic', 'north 10 closed-test']);
  assert.equal(u.rows.length, 4 * 3);
  // 'As developed' is the fold model on the held-out site: its AUC over all 50 rows is the fold's external AUC,
  // and the draws' evaluation rows (40 of 50) scatter around it.
  const north = result.validation.folds.find((f) => f.site === 'north')!;
  const row = u.rows.find((r) => r.site === 'north')!;
  assert.equal(row.nSite, 50);
  assert.ok(north.externalAuc !== null && Math.abs(row.before.auc.median! - north.externalAuc) < 0.15, `${row.before.auc.median} vs ${north.externalAuc}`);

  const written = await develop.writeRunOutputs(join(dir, 'loso'), result, { report: develop.toReportInput(result) });
  const doc = JSON.parse(readFileSync(written.resultsPath, 'utf8')) as develop.ResultsDocument;
  assert.deepEqual(doc.updatingExperiment, JSON.parse(JSON.stringify(u)));
  const html = readFileSync(join(dir, 'loso', 'report.html'), 'utf8');
  assert.match(html, /<section id="updating"/);
  assert.match(html, /drawn at random 3 times \(seed 1\)/);

  // The same seed gives the same experiment (the fold models and the draws are seeded).
  const again = develop.developModel(table, schema, { seed: 1, epochs: 3, mcPasses: 2, updating });
  assert.deepEqual(again.updating, u);
});

test('other schemes and updating: false leave it out (results.json null, no report section); bad sizes fail before any fold trains', async () => {
  const schema = data.createSchema(table, { target: 'y', site: 'site', exclude: ['patient'] });
  const off = develop.developModel(table, schema, { seed: 0, epochs: 2, mcPasses: 2, updating: false });
  assert.equal(off.updating, undefined);
  assert.equal(develop.resultsDocument(off, { model: 'm', report: 'r' }).updatingExperiment, null);
  assert.ok(!(await report.renderHtmlReport(develop.toReportInput(off))).includes('id="updating"'));
  const noSite = data.createSchema(table, { target: 'y', exclude: ['patient', 'site'] });
  const kfold = develop.developModel(table, noSite, { seed: 0, epochs: 2, mcPasses: 2 });
  assert.equal(kfold.scheme.scheme, 'stratified-kfold');
  assert.equal(kfold.updating, undefined);
  const steps: string[] = [];
  assert.throws(
    () => develop.developModel(table, schema, { seed: 0, epochs: 2, updating: { sizes: [1] }, onProgress: (t) => steps.push(t) }),
    (e) => e instanceof ValueError && /sizes must be distinct integers ≥ 2/.test(e.message),
  );
  assert.deepEqual(steps, [], 'refused before the leakage audit and the folds');
});

test('a pooled group of small sites is not one hospital: the experiment leaves it out and says so', async () => {
  // north and south whole (50 each), east and west cut to 10 rows: pooled as 'small sites (n<20)'.
  const lines = readFileSync('test/fixtures/cli/train.csv', 'utf8').trimEnd().split('\n');
  const kept = new Map<string, number>();
  const body = lines.slice(1).filter((l) => {
    const site = l.split(',')[0]!;
    kept.set(site, (kept.get(site) ?? 0) + 1);
    return site === 'north' || site === 'south' || kept.get(site)! <= 10;
  });
  const small = data.parseCsv([lines[0], ...body].join('\n'), { source: 'small-sites.csv' });
  const schema = data.createSchema(small, { target: 'y', site: 'site', exclude: ['patient'] });
  const result = develop.developModel(small, schema, { seed: 0, epochs: 2, mcPasses: 2, updating: { sizes: [10], repeats: 2, minEvaluationRows: 20 } });
  assert.deepEqual(result.validation.pooledSites, ['east', 'west']);
  const u = result.updating!;
  assert.deepEqual([...new Set(u.rows.map((r) => r.site))], ['north', 'south']);
  assert.deepEqual(u.notes, ['small sites (n<20): left out (2 small sites pooled for evaluation, not one hospital)']);
});
