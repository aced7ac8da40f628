// A model with categorical features (cp and thal read as text) in Chromium: those fields are a
// choice of the training levels, and the form and batch mode give develop.predictProba's risks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, develop, exporter, io, manualSeed, nn } from '../../src/index.js';
import { buildBrowser, HEART, MISSING } from './calculator-fixture.js';
import { assertClean, CHROMIUM, open, withChromium } from './chromium-page.js';

const CATEGORICAL = ['cp', 'thal'];
const name = 'calculator in Chromium: categorical features as a choice of training levels give develop.predictProba in the form and in batch mode';

if (!existsSync(CHROMIUM)) {
  test.skip(`${name} — skipped: ${CHROMIUM} not found (CI installs Debian chromium first)`, () => {});
} else {
  test(name, { timeout: 300_000 }, async () => {
    buildBrowser();
    const dir = mkdtempSync(join(tmpdir(), 'clinreg-calculator-cat-'));
    try {
      const table = data.readCsvSync(HEART, { categorical: CATEGORICAL });
      const schema = data.createSchema(table, { target: 'num', positive: '>0', site: 'site', categorical: CATEGORICAL });
      const pre = new data.TabularPreprocessor(schema, { addIndicator: true }).fit(table);
      manualSeed(1);
      const model = new nn.Sequential(new nn.Linear(pre.nFeaturesOut, 16), new nn.ReLU(), new nn.Dropout(0.3), new nn.Linear(16, 1));
      io.saveModel(join(dir, 'model'), { model, preprocessor: pre, schema });
      const page = join(dir, 'calculator.html');
      writeFileSync(page, exporter.calculatorHtml(join(dir, 'model'), { ranges: exporter.featureRanges(table, schema.features) }).html);
      const lines = readFileSync(HEART, 'utf8').trim().split('\n');
      const header = lines[0]!.split(',');
      const picked = Array.from({ length: 8 }, (_, k) => lines[1 + k * 113]!);
      const rowsCsv = join(dir, 'rows.csv');
      writeFileSync(rowsCsv, `${[lines[0]!, ...picked].join('\n')}\n`);
      const loaded = io.loadModel(join(dir, 'model'));
      const expected = develop.predictProba(loaded, data.readCsvSync(rowsCsv, { categorical: CATEGORICAL }));

      await withChromium(async (context) => {
        const { page: p, watch } = await open(context, page);
        assert.deepEqual(await p.locator('select[name="thal"] option').evaluateAll((os) => os.map((o) => o.getAttribute('value'))), ['', '3', '6', '7']);
        assert.deepEqual(await p.locator('select[name="cp"] option').evaluateAll((os) => os.map((o) => o.getAttribute('value'))), ['', '1', '2', '3', '4']);
        for (let i = 0; i < picked.length; i++) {
          const cells = picked[i]!.split(',');
          for (const f of schema.features) {
            const raw = cells[header.indexOf(f)]!.trim();
            const value = MISSING.has(raw) ? '' : raw;
            if (CATEGORICAL.includes(f)) await p.selectOption(`select[name="${f}"]`, value);
            else await p.fill(`[name="${f}"]`, value);
          }
          const got = Number(await p.locator('[data-testid="risk"]').getAttribute('data-value'));
          assert.ok(Math.abs(got - expected[i]!) <= 1e-6, `row ${i}: page ${got} vs predictProba ${expected[i]}`);
        }
        await p.setInputFiles('#batch-file', rowsCsv);
        await p.waitForSelector('#batch-download:not([hidden])');
        const shown = await p.locator('#batch-rows tr td:nth-child(2)').allTextContents();
        assert.deepEqual(shown.map(Number).map((v, i) => Math.abs(v - expected[i]!) <= 5e-6), Array(8).fill(true));
        assertClean(watch, page);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
