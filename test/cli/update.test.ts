// clinreg update: a saved model updated on local patients; predict then applies the stored update.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { conformal, data, io, manualSeed, recommend, update } from '../../src/index.js';
import { assertDataError, runCli, runCliHosted } from './run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const HEART = 'data/heart-disease/heart_disease_4sites.csv';

/** A (random-weight) MLP with the heart preprocessing, saved like `train` saves one, and a local CSV. */
async function setup(): Promise<{ dir: string; model: string; local: string }> {
  const dir = tempDir('clinreg-update-cli-');
  const table = await data.readCsv(HEART);
  const schema = data.createSchema(table, { target: 'num', positive: '>0', site: 'site', categorical: ['cp', 'thal'] });
  const pre = new data.TabularPreprocessor(schema, { addIndicator: true });
  pre.fit(table);
  manualSeed(0);
  const model = recommend.buildMlp({ nFeatures: pre.featureNames.length, hiddenSizes: [8] }).eval();
  io.saveModel(join(dir, 'model'), { model, preprocessor: pre, schema });
  const lines = readFileSync(HEART, 'utf8').trim().split('\n');
  const local = [lines[0]!, ...lines.filter((l) => l.startsWith('va,')).slice(0, 120)];
  writeFileSync(join(dir, 'local.csv'), `${local.join('\n')}\n`);
  return { dir, model: join(dir, 'model'), local: join(dir, 'local.csv') };
}

test('update --method logistic writes a model whose model.json records method, m and level; predict applies it', async () => {
  const { dir, model, local } = await setup();
  const out = join(dir, 'updated');
  const r = await runCli(['update', model, local, '--method', 'logistic', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { level: string; m: number; events: number; recalibration: io.Recalibration };
  assert.equal(doc.level, 'logistic');
  assert.equal(doc.m, 120);
  const saved = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { recalibration: io.Recalibration; metadata: { update: { method: string; m: number; level: string } } };
  assert.deepEqual(saved.recalibration, doc.recalibration);
  assert.equal(saved.recalibration.fittedOn.n, 120);
  assert.deepEqual([saved.metadata.update.method, saved.metadata.update.m, saved.metadata.update.level], ['logistic', 120, 'logistic']);
  // The recalibration equals the library's fit on the same rows (R glm parity is tested in test/update).
  const table = await data.readCsv(local);
  const loaded = io.loadModel(model);
  const y = data.binaryTarget(table, { ...loaded.schema!, positive: '>0' });
  const ref = update.logisticRecalibration(update.modelView(loaded, table).logits, y);
  assert.ok(Math.abs(doc.recalibration.slope - ref.slope) < 1e-12 && Math.abs(doc.recalibration.intercept - ref.intercept) < 1e-12);
  // predict on the updated model = σ(a + b·logit) of the original model.
  const p = await runCliHosted(['predict', out, local, '--json']);
  assert.equal(p.code, 0, p.stderr);
  const preds = (JSON.parse(p.stdout) as { predictions: { probability: number }[] }).predictions.map((x) => x.probability);
  const expected = update.applyRecalibration(update.modelView(loaded, table).logits, doc.recalibration);
  preds.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-6, `row ${i}: ${v} vs ${expected[i]}`));
});

test('update: the closed test by default prints its steps; bad input is one line and exit 2', async () => {
  const { dir, model, local } = await setup();
  const r = await runCliHosted(['update', model, local, '--out', join(dir, 'ct')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /120 local patients/);
  assert.match(r.stdout, /level: (original|intercept|logistic|output-layer)/);
  const [bad, noCol, noOut] = await Promise.all([
    runCliHosted(['update', model, local, '--method', 'refit', '--out', join(dir, 'x')]),
    runCliHosted(['update', model, local, '--target', 'nope', '--out', join(dir, 'y')]),
    runCliHosted(['update', model, local]),
  ]);
  assertDataError(bad, /--method/);
  assertDataError(noCol, /outcome column 'nope' is not in the file/);
  assertDataError(noOut, /--out/);
});

test('predict flags rows outside the training range stored in model.json (JSON list, one stderr note)', async () => {
  const { dir, model, local } = await setup();
  const loaded = io.loadModel(model);
  const table = await data.readCsv(local);
  // Pretend training saw ages 40–60 only.
  const ranges = conformal.trainingRanges(table, ['age'], Int32Array.from({ length: table.nRows }, (_, i) => i).filter((i) => table.numbers('age')[i]! >= 40 && table.numbers('age')[i]! <= 60));
  const withRanges = join(dir, 'ranged');
  io.saveModel(withRanges, { model: loaded.model, preprocessor: loaded.preprocessor!, schema: loaded.schema!, metadata: { [conformal.FEATURE_RANGES_KEY]: ranges } });
  const [j, csv] = await Promise.all([runCliHosted(['predict', withRanges, local, '--json']), runCliHosted(['predict', withRanges, local])]);
  assert.equal(j.code, 0, j.stderr);
  const doc = JSON.parse(j.stdout) as { outOfRange: { row: number; features: string[] }[] };
  const ages = table.numbers('age');
  const expected = Array.from(ages).flatMap((a, i) => (a < 40 || a > 60 ? [table.fileRow(i)] : []));
  assert.deepEqual(doc.outOfRange.map((o) => o.row), expected);
  assert.ok(expected.length > 0 && doc.outOfRange.every((o) => o.features.join() === 'age'));
  assert.equal(csv.code, 0, csv.stderr);
  assert.match(csv.stderr, new RegExp(`^${expected.length} of 120 rows lie outside the training range`));
});

test('predict lists rows unlike every development site (stored site profiles) in --json', async () => {
  const { dir, model, local } = await setup();
  const loaded = io.loadModel(model);
  const heart = await data.readCsv(HEART);
  const site = heart.strings('site');
  const cleveland = Int32Array.from({ length: heart.nRows }, (_, i) => i).filter((i) => site[i] === 'cleveland');
  const profiles = conformal.siteProfilesOfTable(loaded.preprocessor!, heart, cleveland, 'site');
  const withProfiles = join(dir, 'profiled');
  io.saveModel(withProfiles, { model: loaded.model, preprocessor: loaded.preprocessor!, schema: loaded.schema!, metadata: { [conformal.SITE_PROFILES_KEY]: profiles } });
  const r = await runCliHosted(['predict', withProfiles, local, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { unlikeSites: { row: number; closestSite: string }[] };
  const table = await data.readCsv(local);
  const expected = conformal.flagUnlikeSites(profiles, loaded.preprocessor!.transform(table)).map((u) => table.fileRow(u.row));
  assert.deepEqual(doc.unlikeSites.map((u) => u.row), expected);
  assert.ok(expected.length > 0, 'VA patients unlike Cleveland (e.g. missing ca and thal) are flagged');
  assert.ok(doc.unlikeSites.every((u) => u.closestSite === 'cleveland'));
});

test("update of an updated model: the new mapping is said with the stored one it replaces (an intercept update keeps the stored slope)", async () => {
  const { dir, model, local } = await setup();
  const first = await runCliHosted(['update', model, local, '--method', 'logistic', '--out', join(dir, 'u1')]);
  assert.equal(first.code, 0, first.stderr);
  assert.doesNotMatch(first.stdout, /replaces/, 'the first update replaces nothing');
  const stored = (JSON.parse(readFileSync(join(dir, 'u1', 'model.json'), 'utf8')) as { recalibration: io.Recalibration }).recalibration;
  const second = await runCliHosted(['update', join(dir, 'u1'), local, '--method', 'intercept', '--out', join(dir, 'u2')]);
  assert.equal(second.code, 0, second.stderr);
  const m = /level: intercept \(logit' = (-?\d+\.\d{4}) \+ (-?\d+\.\d{4}) · logit; it replaces the model's stored (-?\d+\.\d{4}) \+ (-?\d+\.\d{4}) · logit\)/.exec(second.stdout);
  assert.ok(m !== null, second.stdout);
  assert.deepEqual([m[3], m[4]], [stored.intercept.toFixed(4), stored.slope.toFixed(4)]);
  assert.equal(m[2], m[4], 'same slope');
});
