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
