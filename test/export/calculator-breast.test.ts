// The calculator as a user meets it, for a second real model: Rotterdam + GBSG (breast_2cohorts,
// `--site cohort --exclude pid,rfstime --target event5`) trained and exported by the CLI, opened in
// Debian Chromium. Keyboard and screen-reader use (labels, descriptions with the training range and
// the field's message, tab order), a risk from one entry with the rest imputed equal to predict,
// per-field messages and no risk for bad entries, the model card's contents, and batch mode on the
// whole file (3262 rows) equal to predict's CSV and unlike-sites flags. No console error, no request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VERSION } from '../../src/index.js';
import { runCli, runCliHosted } from '../cli/run-cli.js';
import { buildBrowser } from './calculator-fixture.js';
import { assertClean, CHROMIUM, open, withChromium } from './chromium-page.js';

const BREAST = 'data/breast-cancer/breast_2cohorts.csv';
const FEATURES = ['age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er', 'hormon'];

interface SiteResult {
  site: string;
  n: number;
  auc: number;
  ci: [number, number];
  slope: number;
  slopeCi: [number, number];
}

const name = 'calculator in Chromium, breast cancer (2 cohorts): accessible form, imputed entries, messages, model card, batch mode = predict on 3262 rows';
if (!existsSync(CHROMIUM)) {
  test.skip(`${name} — skipped: ${CHROMIUM} not found (CI installs Debian chromium first)`, () => {});
} else {
  test(name, { timeout: 600_000 }, async () => {
    buildBrowser();
    const dir = mkdtempSync(join(tmpdir(), 'clinreg-calculator-breast-'));
    try {
      const out = join(dir, 'run');
      const trained = await runCliHosted(['train', BREAST, '--site', 'cohort', '--exclude', 'pid,rfstime', '--target', 'event5', '--epochs', '10', '--update-sizes', 'none', '--out', out]);
      assert.equal(trained.code, 0, trained.stderr);
      const modelDir = join(out, 'model');
      const pagePath = join(dir, 'breast.html');
      const exported = await runCliHosted(['export', modelDir, '--calculator', pagePath]);
      assert.equal(exported.code, 0, exported.stderr);
      assert.match(exported.stderr, /training ranges from the model; model card from .*results\.json; flags patients unlike every development site;/);
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { sites: SiteResult[] };
      const partial = join(dir, 'partial.csv');
      writeFileSync(partial, `${FEATURES.join(',')}\n60,,,,,,,\n`);
      const onePredicted = await runCliHosted(['predict', modelDir, partial, '--json']);
      assert.equal(onePredicted.code, 0, onePredicted.stderr);
      const ageOnly = (JSON.parse(onePredicted.stdout) as { predictions: { probability: number }[] }).predictions[0]!.probability;
      const all = await runCliHosted(['predict', modelDir, BREAST, '--json']);
      assert.equal(all.code, 0, all.stderr);
      const unlike = (JSON.parse(all.stdout) as { unlikeSites: { row: number }[] }).unlikeSites.map((u) => u.row);
      assert.ok(unlike.length > 0, 'some Rotterdam/GBSG patients are unlike both cohorts');

      await withChromium(async (context) => {
        const { page, watch, tier } = await open(context, pagePath);
        // Keyboard and screen reader: each control is labelled by its feature, described by its
        // training range / imputation hint and its message element, and Tab walks the features in order.
        const described = await page.locator('#calculator [name]').evaluateAll((els): { name: string | null; described: { cls: string | undefined; text: string | undefined }[] }[] => {
          const d = (globalThis as unknown as { document: { getElementById(id: string): { textContent: string; className: string } | null } }).document;
          return els.map((e) => ({
            name: e.getAttribute('name'),
            described: (e.getAttribute('aria-describedby') ?? '').split(' ').map((id: string) => ({ cls: d.getElementById(id)?.className, text: d.getElementById(id)?.textContent })),
          }));
        });
        assert.deepEqual(described.map((d) => d.name), FEATURES);
        for (const d of described) {
          assert.equal(await page.getByLabel(d.name!, { exact: true }).count(), 1, `label of ${d.name}`);
          assert.deepEqual(d.described.map((x) => x.cls), ['hint', 'msg'], `${d.name} is described by its hint and its message`);
          assert.match(d.described[0]!.text!, d.name === 'size' ? /Choose “unknown” if it is not known: the model imputes it\./ : /^Training range .* Leave empty if unknown: the model imputes it\.$/);
        }
        assert.match(described[0]!.described[0]!.text!, /^Training range 21 to 90\./);
        await page.focus('#field-0');
        const order = ['field-0'];
        for (let i = 1; i < FEATURES.length + 2; i++) {
          await page.keyboard.press('Tab');
          order.push(await page.evaluate(() => {
            const a = (globalThis as unknown as { document: { activeElement: { id: string; textContent: string } } }).document.activeElement;
            return a.id === '' ? a.textContent : a.id;
          }));
        }
        assert.deepEqual(order, [...FEATURES.map((_, i) => `field-${i}`), 'Clear all', 'batch-file']);
        assert.deepEqual(await page.locator('select[name="size"] option').evaluateAll((os) => os.map((o) => o.getAttribute('value'))), ['', '20-50', '<=20', '>50']);

        // Missing is allowed where the model imputes: age alone gives predict's risk for that row.
        const risk = page.locator('[data-testid="risk"]');
        await page.fill('[name="age"]', '60');
        assert.ok(Math.abs(Number(await risk.getAttribute('data-value')) - ageOnly) <= 1e-6, `age only: page ${await risk.getAttribute('data-value')} vs predict ${ageOnly}`);
        // Bad entries: a message on that field (read through its aria-describedby), aria-invalid, no risk.
        for (const [entry, message] of [['abc', /^nodes: enter a number \(e\.g\. 12 or 3\.5\)\. Received: “abc”\.$/], ['3,5', /enter a number/], ['100', /^nodes: 100 is out of range; accepted 0 to 72\.$/], ['-1', /out of range/]] as const) {
          await page.fill('[name="nodes"]', entry);
          assert.equal(await risk.getAttribute('data-value'), '', `no risk for nodes=${entry}`);
          assert.match((await risk.textContent()) ?? '', /^No risk: correct the entry marked above\.$/);
          assert.match((await page.locator('#field-4-msg').textContent()) ?? '', message);
          assert.equal(await page.locator('#field-4-msg').getAttribute('data-kind'), 'error');
          assert.equal(await page.locator('[name="nodes"]').getAttribute('aria-invalid'), 'true');
          assert.equal(await page.locator('[data-testid="interval"]').getAttribute('data-lower'), '');
        }
        await page.fill('[name="nodes"]', '');
        assert.ok(Math.abs(Number(await risk.getAttribute('data-value')) - ageOnly) <= 1e-6, 'clearing the bad entry restores the risk');
        assert.equal(await page.locator('[name="nodes"]').getAttribute('aria-invalid'), null);

        // The unlike-sites flag of the form (a categorical feature among the inputs) equals predict's:
        // the first 5 flagged file rows and the 5 rows after the first of them.
        const lines = readFileSync(BREAST, 'utf8').trim().split('\n');
        const header = lines[0]!.split(',');
        const probe = [...unlike.slice(0, 5), ...Array.from({ length: 5 }, (_, k) => unlike[0]! + 1 + k)];
        for (const fileRow of probe) {
          const cells = lines[fileRow - 1]!.split(',');
          for (const f of FEATURES) {
            const v = cells[header.indexOf(f)]!;
            if (f === 'size') await page.selectOption('[name="size"]', v);
            else await page.fill(`[name="${f}"]`, v);
          }
          assert.equal(await page.locator('[data-testid="unlike-sites"]').getAttribute('data-flag'), String(unlike.includes(fileRow)), `file row ${fileRow}`);
        }
        assert.ok(probe.some((r) => !unlike.includes(r)), 'the probe has rows predict does not flag');
        await page.click('button[type="reset"]');

        // Model card: outcome, development sites and sizes, per-site external AUC and calibration with CIs, versions, date.
        const card = (await page.locator('.card').textContent()) ?? '';
        assert.match(card, /Outcomeevent5 = 1/);
        assert.match(card, /Development sites2 sites, 3262 patients: rotterdam \(2856\), gbsg \(406\)/);
        assert.match(card, /Intended use and limitsEstimates the probability of the outcome \(event5 = 1\) for patients like those at the development sites \(rotterdam, gbsg\)\./);
        const today = new Date().toISOString().slice(0, 10);
        assert.ok(card.includes(`calculator exported with clinreg ${VERSION} on ${today}`), 'version and export date');
        const f2 = (v: number): string => v.toFixed(2);
        const cardRows = new Map((await page.locator('.card tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent ?? '', tr.textContent ?? '']))).map(([k, v]) => [k!, v!]));
        assert.deepEqual([...cardRows.keys()], results.sites.map((s) => s.site));
        for (const s of results.sites) {
          const row = cardRows.get(s.site)!;
          assert.ok(row.includes(`${f2(s.auc)} (${f2(s.ci[0])} to ${f2(s.ci[1])})`), `${s.site} AUC with CI in ${row}`);
          assert.ok(row.includes(`${f2(s.slope)} (${f2(s.slopeCi[0])} to ${f2(s.slopeCi[1])})`), `${s.site} slope with CI in ${row}`);
        }
        assert.match(card, /Development sites and leave-one-site-out validation/);

        // Batch mode on the whole file: predict's CSV (same kernel tier) and its unlike-sites count.
        await page.setInputFiles('#batch-file', BREAST);
        await page.waitForSelector('#batch-download:not([hidden])', { timeout: 120_000 });
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('#batch-download')]);
        const csv = readFileSync((await download.path())!, 'utf8');
        const env = tier === 'wasm' ? { CLINREG_KERNELS: 'wasm', CLINREG_RELAXED_SIMD: '0' } : { CLINREG_KERNELS: 'ts' };
        const cli = await runCli(['predict', modelDir, BREAST], { env });
        assert.equal(cli.code, 0, cli.stderr);
        assert.equal(csv, cli.stdout);
        assert.equal(await page.locator('#batch-status').getAttribute('data-rows'), '3262');
        assert.equal(await page.locator('#batch-status').getAttribute('data-unlike'), String(unlike.length));
        const shown = await page.locator('#batch-rows tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unlike')));
        assert.equal(shown.length, 500);
        assert.deepEqual(shown.flatMap((u, i) => (u === 'true' ? [i + 2] : [])), unlike.filter((r) => r < 502));
        // A file without a model feature: the reason in the batch status, no table, no download.
        const noNodes = join(dir, 'no-nodes.csv');
        writeFileSync(noNodes, 'age,meno,size,grade,pgr,er,hormon\n60,1,<=20,2,10,20,0\n');
        await page.setInputFiles('#batch-file', noNodes);
        await page.waitForSelector('#batch-status[data-rows=""]', { state: 'attached' });
        assert.match((await page.locator('#batch-status').textContent()) ?? '', /^no-nodes\.csv, column 'nodes': the model's feature 'nodes' is not in the file\. Columns: age, meno, size, grade, pgr, er, hormon\. Fix: add the column/);
        assert.equal(await page.locator('#batch-table').isHidden(), true);
        assert.equal(await page.locator('#batch-download').isHidden(), true);
        // Clear all: no entries, no risk, no flag.
        await page.fill('[name="nodes"]', '50');
        await page.click('button[type="reset"]');
        await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { getAttribute(a: string): string } } }).document.getElementById('risk').getAttribute('data-value') === '');
        assert.equal(await page.locator('[data-testid="unlike-sites"]').getAttribute('data-flag'), '');
        assert.equal(await page.inputValue('[name="age"]'), '');
        assertClean(watch, pagePath);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
