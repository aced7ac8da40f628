// The browser entry (src/browser, clinreg/browser) run in Node: SHA-256 equals node:crypto, a
// model from bytes predicts as io.loadModel's, the TS tier without wasm bytes, argument errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as browser from '../../src/browser/index.js';

test('sha256 equals node:crypto at every padding boundary and on random data', () => {
  const gen = new browser.Generator(7);
  for (const n of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 1000, 65_537]) {
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) bytes[i] = Math.floor(gen.random() * 256);
    assert.equal(browser.sha256(bytes), createHash('sha256').update(bytes).digest('hex'), `n=${n}`);
  }
});

test('loadModelBytes + predictRisk equal the saved model in Node; riskInterval is seeded per row; bad arguments throw', async () => {
  const api = await import('../../src/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-browser-entry-'));
  try {
    const table = api.data.parseCsv('age,sex,y\n50,m,0\n61,f,1\n,m,1\n72,f,0\n');
    const schema = api.data.createSchema(table, { target: 'y' });
    const pre = new api.data.TabularPreprocessor(schema, { addIndicator: true }).fit(table);
    api.manualSeed(3);
    const model = new api.nn.Sequential(new api.nn.Linear(pre.nFeaturesOut, 4), new api.nn.ReLU(), new api.nn.Dropout(0.3), new api.nn.Linear(4, 1));
    api.io.saveModel(dir, { model, preprocessor: pre, schema, recalibration: { method: 'intercept', intercept: -0.5, slope: 1, fittedOn: { n: 10, events: 3, source: 't' } } });
    const loaded = browser.loadModelBytes(readFileSync(join(dir, 'model.json'), 'utf8'), readFileSync(join(dir, 'model.safetensors')));
    const p = browser.predictRisk(loaded, browser.parseCsv('age,sex\n50,m\n,f\n'));
    const ref = api.io.loadModel(dir);
    const x = new api.Tensor(ref.preprocessor!.transform(api.data.parseCsv('age,sex\n50,m\n,f\n')), [2, ref.preprocessor!.featureNames.length]);
    ref.model.eval();
    const expected = api.update.applyRecalibration(api.noGrad(() => ref.model.forward(x)).data, ref.recalibration!);
    assert.deepEqual(Array.from(p), Array.from(expected));
    const t = browser.fromRows(['age', 'sex'], [[50, 'm'], [61, 'f']]);
    const a = browser.riskInterval(loaded, t, 1);
    const b = browser.riskInterval(loaded, browser.fromRows(['age', 'sex'], [[61, 'f']]), 0);
    assert.deepEqual([a.lower, a.upper], [b.lower, b.upper], 'a row gets the same interval alone or in a batch');
    assert.ok(a.lower <= a.upper && a.samples.length === 30);
    assert.throws(() => browser.riskInterval(loaded, t, 2), (e: Error) => e instanceof browser.ValueError && /row must be an integer in \[0, 2\)/.test(e.message));
    assert.throws(() => browser.riskInterval(loaded, t, 0, { percentiles: [90, 10] }), browser.ValueError);
    const bytes = readFileSync(join(dir, 'model.safetensors'));
    bytes[bytes.length - 1] ^= 1;
    assert.throws(() => browser.loadModelBytes(readFileSync(join(dir, 'model.json'), 'utf8'), bytes), (e: Error) => e instanceof browser.ModelFormatError && /SHA-256/.test(e.message));
    assert.deepEqual(browser.useWasmKernels(null), { tier: 'ts', reason: 'no wasm module given' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('unlikeSites: conformal.flagUnlikeSites on the stored site profiles of the model\'s inputs; null without profiles; profiles of another width throw', async () => {
  const api = await import('../../src/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-browser-unlike-'));
  try {
    const gen = new browser.Generator(11);
    const rows = Array.from({ length: 80 }, (_, i) => `${i < 40 ? 'a' : 'b'},${(i < 40 ? 50 : 70) + gen.random() * 10},${i % 2},${i % 3 === 0 ? 1 : 0}`);
    const table = api.data.parseCsv(`site,age,bp,y\n${rows.join('\n')}\n`);
    const schema = api.data.createSchema(table, { target: 'y', site: 'site' });
    const pre = new api.data.TabularPreprocessor(schema).fit(table);
    const profiles = api.conformal.siteProfilesOfTable(pre, table, Array.from({ length: 80 }, (_, i) => i), 'site');
    api.manualSeed(1);
    const model = new api.nn.Sequential(new api.nn.Linear(pre.nFeaturesOut, 1));
    api.io.saveModel(dir, { model, preprocessor: pre, schema, metadata: { [api.conformal.SITE_PROFILES_KEY]: profiles } });
    const loaded = browser.loadModelBytes(readFileSync(join(dir, 'model.json'), 'utf8'), readFileSync(join(dir, 'model.safetensors')));
    const probe = browser.parseCsv('age,bp\n55,0\n75,1\n120,0\n30,1\n');
    const check = browser.unlikeSites(loaded, probe)!;
    const expected = api.conformal.flagUnlikeSites(profiles, pre.transform(probe));
    assert.deepEqual(check.flagged, expected);
    assert.deepEqual(check.flagged.map((f) => f.row), [2, 3], 'ages 120 and 30 are unlike both sites, 55 and 75 are not');
    assert.deepEqual(check.sites, [{ site: 'a', n: 40 }, { site: 'b', n: 40 }]);
    assert.equal(check.level, 0.01);
    api.io.saveModel(dir, { model, preprocessor: pre, schema });
    assert.equal(browser.unlikeSites(browser.loadModelBytes(readFileSync(join(dir, 'model.json'), 'utf8'), readFileSync(join(dir, 'model.safetensors'))), probe), null);
    const narrow = { level: 0.01, sites: profiles.sites.map((s) => ({ ...s, mean: s.mean.slice(1), sd: s.sd.slice(1) })) };
    api.io.saveModel(dir, { model, preprocessor: pre, schema, metadata: { [api.conformal.SITE_PROFILES_KEY]: narrow } });
    const bad = browser.loadModelBytes(readFileSync(join(dir, 'model.json'), 'utf8'), readFileSync(join(dir, 'model.safetensors')));
    assert.throws(() => browser.unlikeSites(bad, probe), (e: Error) => e instanceof browser.ValueError && /must have the model's 2 inputs\. Received: 1/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
