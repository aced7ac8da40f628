// The exported calculator in Debian Chromium (playwright-core), opened from disk: the form filled
// for 50 heart rows gives `clinreg predict`'s probabilities to 1e-6 and the MC-dropout interval of
// the same seeded passes in Node; batch mode downloads predict's CSV; bad entries show a message
// and no risk; no console error, no network request. A second test deletes WebAssembly before the
// page runs (TypeScript tier) and checks a recalibrated model against the library.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { data, io, kernels, noGrad, Tensor, train, update } from '../../src/index.js';
import { runCli, runCliHosted } from '../cli/run-cli.js';
import { buildBrowser, makeFixture, MISSING, percentile, type Fixture } from './calculator-fixture.js';
import { assertClean, CHROMIUM, enterValues, open, typeValues, withChromium } from './chromium-page.js';

const TOL = 1e-6;

/**
 * Fill every feature of one CSV row and read the risk and interval: typed field by field
 * (typeValues) or entered in one round trip (enterValues: same values, same input events).
 */
async function fillRow(page: Page, fx: Fixture, features: readonly string[], row: readonly string[], typed: boolean): Promise<{ risk: number; lower: number; upper: number }> {
  const values = features.map((f): [string, string] => {
    const cell = row[fx.header.indexOf(f)]!.trim();
    return [f, MISSING.has(cell) ? '' : cell];
  });
  const shown = typed ? await typeValues(page, values) : await enterValues(page, values);
  return { risk: Number(shown.risk), lower: Number(shown.lower), upper: Number(shown.upper) };
}

/** Library reference: eval risk and the 10th/90th percentiles of 30 seeded passes, recalibrated as stored. */
const models = new Map<string, ReturnType<typeof io.loadModel>>();

function reference(modelDir: string, fx: Fixture, row: readonly string[]): { risk: number; lower: number; upper: number } {
  const m = models.get(modelDir) ?? io.loadModel(modelDir);
  models.set(modelDir, m);
  const table = data.parseCsv(`${fx.header.join(',')}\n${row.join(',')}\n`);
  const x = new Tensor(m.preprocessor!.transform(table), [1, m.preprocessor!.featureNames.length]);
  const toRisk = (logits: ArrayLike<number>): Float64Array =>
    m.recalibration === null ? Float64Array.from(logits, (z) => 1 / (1 + Math.exp(-z))) : update.applyRecalibration(logits, m.recalibration);
  m.model.eval();
  const risk = toRisk(noGrad(() => m.model.forward(x)).data)[0]!;
  const mc = train.mcDropoutPredict(m.model, x, { passes: 30, seed: 0, activation: 'identity', returnSamples: true });
  const samples = toRisk(mc.samples!);
  return { risk, lower: percentile(samples, 10), upper: percentile(samples, 90) };
}

const name = 'calculator in Chromium: 50 heart rows equal clinreg predict (1e-6) and the seeded MC interval; batch CSV = predict; bad input; TS tier with recalibration';
if (!existsSync(CHROMIUM)) {
  test.skip(`${name} — skipped: ${CHROMIUM} not found (CI installs Debian chromium first)`, () => {});
} else {
  test(name, { timeout: 600_000 }, async (t) => {
    buildBrowser();
    const dir = mkdtempSync(join(tmpdir(), 'clinreg-calculator-'));
    try {
      const fx = await makeFixture(dir);
      const features = io.loadModel(fx.modelDir).preprocessor!.features;
      const pagePath = join(dir, 'calculator.html');
      const exported = await runCliHosted(['export', fx.modelDir, '--calculator', pagePath]);
      assert.equal(exported.code, 0, exported.stderr);
      assert.match(exported.stderr, /training ranges from the model/);
      const predicted = await runCliHosted(['predict', fx.modelDir, fx.rowsCsv, '--json']);
      assert.equal(predicted.code, 0, predicted.stderr);
      const nodeRisk = (JSON.parse(predicted.stdout) as { predictions: { probability: number }[] }).predictions.map((p) => p.probability);
      assert.equal(nodeRisk.length, 50);

      await withChromium(async (context) => {
        {
          const { page, watch, tier } = await open(context, pagePath);
          // Page contract and accessibility: one labelled control per feature, named after it, in order.
          assert.deepEqual(await page.locator('#calculator [name]').evaluateAll((els) => els.map((e) => e.getAttribute('name'))), features);
          for (const f of features) assert.equal(await page.getByLabel(f, { exact: true }).count(), 1, `label of ${f}`);
          await page.focus('#field-0');
          await page.keyboard.press('Tab');
          assert.equal(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id), 'field-1');

          let maxRisk = 0;
          let maxInterval = 0;
          for (let i = 0; i < fx.rows.length; i++) {
            const got = await fillRow(page, fx, features, fx.rows[i]!, i === 0);
            const ref = reference(fx.modelDir, fx, fx.rows[i]!);
            maxRisk = Math.max(maxRisk, Math.abs(got.risk - nodeRisk[i]!));
            maxInterval = Math.max(maxInterval, Math.abs(got.lower - ref.lower), Math.abs(got.upper - ref.upper));
            assert.ok(Math.abs(got.risk - nodeRisk[i]!) <= TOL, `row ${i}: page ${got.risk} vs predict ${nodeRisk[i]}`);
            assert.ok(Math.abs(got.lower - ref.lower) <= TOL && Math.abs(got.upper - ref.upper) <= TOL, `row ${i}: interval [${got.lower}, ${got.upper}] vs [${ref.lower}, ${ref.upper}]`);
          }
          t.diagnostic(`page tier ${tier}; max |page − predict| ${maxRisk.toExponential(2)}; max interval difference ${maxInterval.toExponential(2)}`);

          // Batch mode: the download is predict's CSV, computed on the same kernels.
          await page.setInputFiles('#batch-file', fx.rowsCsv);
          await page.waitForSelector('#batch-download:not([hidden])');
          const [download] = await Promise.all([page.waitForEvent('download'), page.click('#batch-download')]);
          const csv = readFileSync((await download.path())!, 'utf8');
          const env = tier === 'wasm' ? { CLINREG_KERNELS: 'wasm', CLINREG_RELAXED_SIMD: '0' } : { CLINREG_KERNELS: 'ts' };
          const cli = await runCli(['predict', fx.modelDir, fx.rowsCsv], { env });
          assert.equal(cli.code, 0, cli.stderr);
          assert.equal(csv, cli.stdout);
          assert.equal(await page.locator('#batch-rows tr').count(), 50);

          // Bad input: a message on the field, no risk; outside the training range: a warning and a risk.
          await page.fill('[name="chol"]', 'abc');
          assert.equal(await page.locator('[data-testid="risk"]').getAttribute('data-value'), '');
          assert.match((await page.locator('#field-4-msg').textContent()) ?? '', /chol: enter a number/);
          assert.equal(await page.locator('[name="chol"]').getAttribute('aria-invalid'), 'true');
          await page.fill('[name="chol"]', '5000');
          assert.equal(await page.locator('[data-testid="risk"]').getAttribute('data-value'), '');
          assert.match((await page.locator('#field-4-msg').textContent()) ?? '', /out of range/);
          await page.fill('[name="chol"]', '650');
          assert.ok(Number(await page.locator('[data-testid="risk"]').getAttribute('data-value')) > 0);
          assert.match((await page.locator('[data-testid="warnings"]').textContent()) ?? '', /chol = 650 lies outside the training range 0–603/);
          assertClean(watch, pagePath);
        }

        // TypeScript tier (WebAssembly removed before the page runs), recalibrated model: a new page
        // of the same browser (one Chromium start per file; the init script is the page's own).
        const recalPath = join(dir, 'recalibrated.html');
        const exported2 = await runCliHosted(['export', fx.recalibratedDir, '--calculator', recalPath]);
        assert.equal(exported2.code, 0, exported2.stderr);
        {
          const { page, watch, tier } = await open(context, recalPath, { noWasm: true });
          assert.equal(tier, 'ts');
          let max = 0;
          for (let i = 0; i < 15; i++) {
            const got = await fillRow(page, fx, features, fx.rows[i]!, i === 0);
            const ref = reference(fx.recalibratedDir, fx, fx.rows[i]!);
            for (const k of ['risk', 'lower', 'upper'] as const) {
              max = Math.max(max, Math.abs(got[k] - ref[k]));
              assert.ok(Math.abs(got[k] - ref[k]) <= TOL, `row ${i} ${k}: page ${got[k]} vs library ${ref[k]}`);
            }
        }
        t.diagnostic(`TS tier, recalibrated: max difference ${max.toExponential(2)}`);
        await page.setInputFiles('#batch-file', fx.rowsCsv);
        await page.waitForSelector('#batch-download:not([hidden])');
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('#batch-download')]);
        const csv = readFileSync((await download.path())!, 'utf8');
        const previous = kernels.setKernels(kernels.loadKernels('ts'));
        try {
          const m = io.loadModel(fx.recalibratedDir);
          const table = data.parseCsv(readFileSync(fx.rowsCsv, 'utf8'));
          const x = new Tensor(m.preprocessor!.transform(table), [table.nRows, m.preprocessor!.featureNames.length]);
          const p = update.applyRecalibration(noGrad(() => m.model.forward(x)).data, m.recalibration!);
          const expected = ['row,probability', ...Array.from(p, (v, i) => `${table.fileRow(i)},${v.toPrecision(6)}`)].join('\n');
          assert.equal(csv, `${expected}\n`);
        } finally {
          kernels.setKernels(previous);
        }
        assert.match((await page.locator('.card').textContent()) ?? '', /Recalibration stored with the model \(logistic\): logit′ = 0\.350 \+ 0\.800 · logit/);
        assertClean(watch, recalPath);
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
