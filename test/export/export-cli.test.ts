// `clinreg export` and exporter.calculatorHtml without a browser: the page's policy and contract,
// no training-row fingerprints in it, categorical fields as a choice of training levels, and
// exit 2 with one line for a model it cannot read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, exporter, io, manualSeed, nn } from '../../src/index.js';
import { runCli, runCliHosted } from '../cli/run-cli.js';
import { buildBrowser, HEART } from './calculator-fixture.js';

/** An untrained heart model (export does not care how good it is). */
function saveHeartModel(dir: string, options: { categorical?: string[] } = {}): string[] {
  const table = data.readCsvSync(HEART, options.categorical !== undefined ? { categorical: options.categorical } : {});
  const schema = data.createSchema(table, { target: 'num', positive: '>0', site: 'site', ...(options.categorical !== undefined ? { categorical: options.categorical } : {}) });
  const pre = new data.TabularPreprocessor(schema, { addIndicator: true });
  pre.fit(table);
  manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(pre.nFeaturesOut, 8), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(8, 1));
  io.saveModel(dir, { model, preprocessor: pre, schema, metadata: { trainingFingerprint: { columns: ['age'], nRows: 2, hashes: 'SECRETSECRETAAA=' } } });
  return [...schema.features];
}

test('calculatorHtml: CSP default-src none with the inline script hashed, fields named by feature, no training-row hashes', () => {
  buildBrowser();
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-export-'));
  try {
    const features = saveHeartModel(join(dir, 'model'), { categorical: ['thal'] });
    const table = data.readCsvSync(HEART, { categorical: ['thal'] });
    const ranges = exporter.featureRanges(table, features);
    assert.deepEqual(ranges['chol'], { min: 0, max: 603 });
    assert.deepEqual(ranges['thal'], { levels: ['3', '6', '7'] });
    const { html, rangesFrom, wasm } = exporter.calculatorHtml(join(dir, 'model'), { ranges, units: { chol: 'mg/dl' }, exported: '2026-12-06' });
    assert.equal(rangesFrom, 'options');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none'; script-src 'sha256-[^']+'/);
    const script = /<script type="module">([\s\S]*)<\/script>/.exec(html)![1]!;
    assert.ok(csp.includes(`'sha256-${createHash('sha256').update(script).digest('base64')}'`), 'the inline script is the hashed one');
    assert.equal(html.includes('wasm-unsafe-eval'), true);
    assert.equal(html.includes('id="clinreg-wasm"'), wasm);
    for (const f of features) assert.match(html, new RegExp(`name="${f}"`));
    assert.match(html, /<select id="field-12" name="thal"[^>]*><option value="">unknown \(imputed\)<\/option><option value="3">3<\/option><option value="6">6<\/option><option value="7">7<\/option><\/select>/);
    assert.match(html, /<bdi>chol<\/bdi><span class="unit"> \(<bdi>mg\/dl<\/bdi>\)<\/span>/);
    assert.match(html, /Training range 0 to 603\. Accepted 0 to 1206\./);
    assert.match(html, /data-testid="risk" data-value=""/);
    assert.match(html, /calculator exported with clinreg [^ ]+ on 2026-12-06/);
    assert.equal(html.includes('SECRETSECRET'), false, 'metadata fingerprint stripped');
    const fp = (JSON.parse(readFileSync(join(dir, 'model', 'model.json'), 'utf8')) as { preprocessing: { state: { fitFingerprint: { hashes: string } } } }).preprocessing.state.fitFingerprint.hashes;
    assert.equal(html.includes(fp.slice(0, 32)), false, 'preprocessing fingerprint stripped');
    assert.equal(/https?:\/\//.test(html.replace(/<script type="module">[\s\S]*<\/script>/, '')), false, 'no URL outside the script');
    const results = {
      validation: 'leave-one-site-out',
      sites: [{ site: '<b>cleveland</b>', n: 303, events: 139, auc: 0.77, ci: [0.72, 0.83], oe: 1.02, oeCi: [0.9, 1.15], slope: 0.9, slopeCi: [0.7, 1.1], citl: -0.1, citlCi: [-0.3, 0.1] }],
      summaries: [{ measure: 'auc', method: 'REML', k: 4, estimate: 0.73, ci: [0.6, 0.8], predictionInterval: [0.5, 0.9] }],
    };
    const card = exporter.calculatorHtml(join(dir, 'model'), { results, intendedUse: 'Adults with chest pain.' }).html;
    assert.match(card, /<th scope="row"><bdi>&lt;b&gt;cleveland&lt;\/b&gt;<\/bdi><\/th><td>303<\/td><td>139<\/td><td>0\.77 \(0\.72 to 0\.83\)<\/td><td>1\.02 \(0\.90 to 1\.15\)<\/td><td>0\.90 \(0\.70 to 1\.10\)<\/td><td>-0\.10 \(-0\.30 to 0\.10\)<\/td>/);
    assert.match(card, /<li>AUC: 0\.73 \(0\.60 to 0\.80\); at a new hospital \(95% prediction interval\) 0\.50 to 0\.90 \(REML, 4 sites\)<\/li>/);
    assert.match(card, /<dt>Intended use and limits<\/dt><dd>Adults with chest pain\./);
    assert.match(card, /<dt>Outcome<\/dt><dd><bdi>num &gt;0<\/bdi><\/dd>/);
    assert.match(html, /<dt>Validation<\/dt><dd>not shown: no results\.json of the training run was found beside the model/);
    // A local update that changed the weights is described as such, not as an identity formula.
    const m = io.loadModel(join(dir, 'model'));
    io.saveModel(join(dir, 'updated'), {
      model: m.model, architecture: m.architecture, preprocessor: m.preprocessor!, schema: m.schema!, metadata: m.metadata,
      recalibration: { method: 'output-layer', intercept: 0, slope: 1, fittedOn: { n: 200, events: 149, source: 'va.csv' }, level: 'output-layer' },
    });
    const updated = exporter.calculatorHtml(join(dir, 'updated')).html;
    assert.match(updated, /<p>Updated locally with clinreg update \(output-layer: its output layer re-estimated\) on 200 patients with 149 events \(<bdi>va\.csv<\/bdi>\)\. The calculator runs the updated weights;/);
    assert.equal(updated.includes('logit′ = 0.000 + 1.000'), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('clinreg export: a missing or tampered model exits 2 with one line; --calculator is required', async () => {
  buildBrowser();
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-export-'));
  try {
    const missing = await runCliHosted(['export', join(dir, 'nothing'), '--calculator', join(dir, 'a.html')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^clinreg: .*model\.json: missing; is this a clinreg model directory\?\n$/);
    saveHeartModel(join(dir, 'model'));
    const weights = join(dir, 'model', 'model.safetensors');
    const bytes = readFileSync(weights);
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(weights, bytes);
    const tampered = await runCliHosted(['export', join(dir, 'model'), '--calculator', join(dir, 'b.html')]);
    assert.equal(tampered.code, 2);
    assert.match(tampered.stderr, /^clinreg: .*SHA-256 does not match[^\n]*\n$/);
    // Not JSON, no weights: one line each, naming the file.
    saveHeartModel(join(dir, 'garbled'));
    writeFileSync(join(dir, 'garbled', 'model.json'), '{not json');
    const garbled = await runCliHosted(['export', join(dir, 'garbled'), '--calculator', join(dir, 'g.html')]);
    assert.equal(garbled.code, 2);
    assert.match(garbled.stderr, /^clinreg: .*garbled\/model\.json: not valid JSON[^\n]*\n$/);
    saveHeartModel(join(dir, 'weightless'));
    rmSync(join(dir, 'weightless', 'model.safetensors'));
    const weightless = await runCliHosted(['export', join(dir, 'weightless'), '--calculator', join(dir, 'w.html')]);
    assert.equal(weightless.code, 2);
    assert.match(weightless.stderr, /^clinreg: .*weightless\/model\.safetensors: missing[^\n]*\n$/);
    const noFlag = await runCliHosted(['export', join(dir, 'model')]);
    assert.equal(noFlag.code, 2);
    assert.match(noFlag.stderr, /--calculator/);
    const badUnit = await runCliHosted(['export', join(dir, 'model'), '--calculator', join(dir, 'c.html'), '--unit', 'chol']);
    assert.equal(badUnit.code, 2);
    saveHeartModel(join(dir, 'model'));
    const withData = await runCli(['export', join(dir, 'model'), '--calculator', join(dir, 'd.html'), '--data', HEART, '--unit', 'chol=mg/dl']);
    assert.equal(withData.code, 0, withData.stderr);
    assert.match(withData.stderr, /^calculator written to .*d\.html \(\d+ KB; training ranges from data\/heart-disease\/heart_disease_4sites\.csv; model card without per-site results; /);
    assert.match(readFileSync(join(dir, 'd.html'), 'utf8'), /Training range 0 to 603\./);
    assert.match(withData.stderr, /; no site profiles in the model \(trained without --site\): cannot flag patients unlike the development sites; /);
    // A unit for a name that is no model feature is refused, not dropped without a word (QA).
    const typo = await runCliHosted(['export', join(dir, 'model'), '--calculator', join(dir, 't.html'), '--unit', 'cholesterol=mg/dl']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /^clinreg: export: a unit is given for 'cholesterol', which is not a feature of the model\. Features: [^\n]*chol[^\n]*\n$/);
    assert.ok(!existsSync(join(dir, 't.html')), 'nothing written');
    // Malformed stored site profiles: the page could not flag with them, so the model is unreadable.
    const json = join(dir, 'model', 'model.json');
    const model = JSON.parse(readFileSync(json, 'utf8')) as { metadata: Record<string, unknown> };
    model.metadata['siteProfiles'] = { level: 0.01, sites: [{ site: 'a', n: 3, mean: [1], sd: ['x'], threshold: 1 }] };
    writeFileSync(json, JSON.stringify(model));
    const badProfiles = await runCliHosted(['export', join(dir, 'model'), '--calculator', join(dir, 'e.html')]);
    assert.equal(badProfiles.code, 2);
    assert.match(badProfiles.stderr, /^clinreg: .*model\.json: storedSiteProfiles: metadata\.siteProfiles is malformed at 'sites\.0\.sd\.0'[^\n]*\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
