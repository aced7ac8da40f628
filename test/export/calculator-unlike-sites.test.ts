// The calculator flags a patient unlike every development site exactly as `clinreg predict` does
// (its --json `unlikeSites`, from the site profiles `clinreg train --site` stores): 50 heart rows,
// 20 of them again with cholesterol and ST depression shifted up, and one row inside every training
// range yet unlike every site — in the form (one row at a time) and in batch mode. A model without
// site profiles shows no flag and says on its card that it cannot check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exporter, io } from '../../src/index.js';
import { runCliHosted } from '../cli/run-cli.js';
import { buildBrowser, makeFixture, MISSING } from './calculator-fixture.js';
import { assertClean, CHROMIUM, enterValues, open, typeValues, withChromium } from './chromium-page.js';

/** Inside every heart training range (age 77, trestbps 200, chol 603, thalach 60, oldpeak 6.2, ca 3), unlike every site. */
const IN_RANGE_UNLIKE = 'x,77,0,4,200,603,1,2,60,1,6.2,3,3,7,';

/** The fixture's rows, then 20 of them with chol + 400..590 and oldpeak + 3..7.75 (inside the form's accepted ranges), then the in-range row. */
function shiftedRows(header: readonly string[], rows: readonly string[][]): string[][] {
  const shifted = rows.slice(0, 20).map((r, k) => r.map((cell, j) => {
    const v = Number(cell);
    if (MISSING.has(cell.trim()) || !Number.isFinite(v)) return cell;
    if (header[j] === 'chol') return String(v + 400 + 10 * k);
    if (header[j] === 'oldpeak') return String(v + 3 + k / 4);
    return cell;
  }));
  return [...rows, ...shifted, IN_RANGE_UNLIKE.split(',')];
}

const name = 'calculator in Chromium: the unlike-sites flag equals clinreg predict on 71 rows (form and batch), with a status message naming the closest site';
if (!existsSync(CHROMIUM)) {
  test.skip(`${name} — skipped: ${CHROMIUM} not found (CI installs Debian chromium first)`, () => {});
} else {
  test(name, { timeout: 600_000 }, async (t) => {
    buildBrowser();
    const dir = mkdtempSync(join(tmpdir(), 'clinreg-calculator-unlike-'));
    try {
      const fx = await makeFixture(dir);
      const features = io.loadModel(fx.modelDir).preprocessor!.features;
      const rows = shiftedRows(fx.header, fx.rows);
      const csv = join(dir, 'rows71.csv');
      writeFileSync(csv, `${[fx.header.join(','), ...rows.map((r) => r.join(','))].join('\n')}\n`);
      const predicted = await runCliHosted(['predict', fx.modelDir, csv, '--json']);
      assert.equal(predicted.code, 0, predicted.stderr);
      const json = JSON.parse(predicted.stdout) as { unlikeSites: { row: number; closestSite: string; ratio: number }[]; outOfRange: { row: number }[] };
      // predict numbers file rows from 2 (the header is line 1).
      const expected = new Map(json.unlikeSites.map((u) => [u.row - 2, u]));
      const last = rows.length - 1;
      assert.ok(expected.size >= 5 && expected.size <= rows.length - 40, `predict flags ${expected.size} of ${rows.length}: the test needs both kinds`);
      assert.ok(expected.has(last) && !json.outOfRange.some((o) => o.row - 2 === last), 'the in-range row is unlike every site');
      t.diagnostic(`predict flags rows ${[...expected.keys()].join(', ')}`);

      const page = join(dir, 'calculator.html');
      const exported = await runCliHosted(['export', fx.modelDir, '--calculator', page]);
      assert.equal(exported.code, 0, exported.stderr);
      await withChromium(async (context) => {
        const { page: p, watch } = await open(context, page);
        const unlike = p.locator('[data-testid="unlike-sites"]');
        assert.equal(await unlike.getAttribute('role'), 'status');
        assert.deepEqual((await p.locator('[data-testid="risk"]').getAttribute('aria-describedby'))?.split(' ').includes('unlike-sites'), true);
        assert.equal(await unlike.getAttribute('data-flag'), '', 'no flag before there is a risk');
        const got: boolean[] = [];
        let extreme = 0;
        for (let i = 0; i < rows.length; i++) {
          const values = features.map((f): [string, string] => {
            const cell = rows[i]![fx.header.indexOf(f)]!.trim();
            return [f, MISSING.has(cell) ? '' : cell];
          });
          // The first row typed field by field and read through locators; the others entered and
          // read in one round trip each (same values, same input events: enterValues).
          const shown = i === 0 ? await typeValues(p, values) : await enterValues(p, values);
          const risk = Number(shown.risk);
          assert.ok(risk > 0 && risk < 1, `row ${i} has a risk`);
          // A model risk is never 0 or 100 %: the shown percentage does not round to them.
          const text = risk >= 0.9995 ? '> 99.9 %' : risk < 0.0005 ? '< 0.1 %' : `${(risk * 100).toFixed(1)} %`;
          assert.equal(shown.riskText, text);
          if (risk >= 0.9995) extreme++;
          const flag = shown.flag;
          got.push(flag === 'true');
          const want = expected.get(i);
          assert.equal(flag, String(want !== undefined), `row ${i}: page flag ${flag} vs predict ${want !== undefined}`);
          if (want !== undefined) {
            assert.equal(shown.closest, want.closestSite);
            assert.ok(Math.abs(Number(shown.ratio) - want.ratio) <= 1e-9 * want.ratio, `row ${i} ratio`);
            assert.match(shown.unlikeText, new RegExp(`^Unlike every development site: .*99 %.*closest: ${want.closestSite}, ${want.ratio.toFixed(2)} ×`));
          } else {
            assert.equal(shown.unlikeText, '');
          }
        }
        // The in-range unlike row has no range warning, only the unlike-sites one.
        assert.equal(await p.locator('[data-testid="warnings"]').isHidden(), true);
        assert.equal(got.filter(Boolean).length, expected.size);
        assert.ok(extreme > 0, 'some shifted rows have a risk that would round to 100 %');
        // An entry error removes the risk and the flag with it.
        await p.fill('[name="chol"]', 'abc');
        assert.equal(await unlike.getAttribute('data-flag'), '');
        assert.equal(await unlike.textContent(), '');

        await p.setInputFiles('#batch-file', csv);
        await p.waitForSelector('#batch-download:not([hidden])');
        const batch = await p.locator('#batch-rows tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unlike')));
        assert.deepEqual(batch, rows.map((_, i) => String(expected.has(i))));
        const cells = await p.locator('#batch-rows tr td:nth-child(4)').allTextContents();
        for (const [i, u] of expected) assert.equal(cells[i], `yes: closest ${u.closestSite}, ${u.ratio.toFixed(2)} × its limit`);
        assert.equal(await p.locator('#batch-status').getAttribute('data-unlike'), String(expected.size));
        const listed = (r: number[]): string => ` \\(file rows ${r.slice(0, 10).join(', ')}, and ${r.length - 10} more\\)`;
        const status = new RegExp(`^${rows.length} rows scored; ${json.outOfRange.length} outside the training range${listed(json.outOfRange.map((o) => o.row))}; ${expected.size} unlike every development site${listed(json.unlikeSites.map((u) => u.row))}\\.$`);
        assert.match((await p.locator('#batch-status').textContent()) ?? '', status);
        assert.equal(await p.locator('#batch-rows tr th[scope="row"]').count(), rows.length);
        assert.match((await p.locator('.card').textContent()) ?? '', /Development sites4 sites, 920 patients: cleveland \(303\), hungarian \(294\), switzerland \(123\), va \(200\)/);
        assertClean(watch, page);

        // The same weights without site profiles: no flag, and the card says the page cannot check
        // (a new page of the same browser: one Chromium start per file).
        const plain = join(dir, 'no-profiles');
        const loaded = io.loadModel(fx.modelDir);
        const metadata = Object.fromEntries(Object.entries(loaded.metadata).filter(([k]) => k !== 'siteProfiles'));
        io.saveModel(plain, { model: loaded.model, architecture: loaded.architecture, preprocessor: loaded.preprocessor!, schema: loaded.schema!, metadata });
        const plainPage = join(dir, 'plain.html');
        writeFileSync(plainPage, exporter.calculatorHtml(plain).html);
        const { page: p2, watch: watch2 } = await open(context, plainPage);
        for (const f of features) {
          const cell = rows[last]![fx.header.indexOf(f)]!.trim();
          await p2.fill(`[name="${f}"]`, MISSING.has(cell) ? '' : cell);
        }
        assert.notEqual(await p2.locator('[data-testid="risk"]').getAttribute('data-value'), '');
        assert.equal(await p2.locator('[data-testid="unlike-sites"]').getAttribute('data-flag'), '');
        assert.match((await p2.locator('.card').textContent()) ?? '', /stores no site profiles .* cannot flag patients unlike the development sites/);
        await p2.setInputFiles('#batch-file', csv);
        await p2.waitForSelector('#batch-download:not([hidden])');
        assert.deepEqual(new Set(await p2.locator('#batch-rows tr td:nth-child(4)').allTextContents()), new Set(['not checked']));
        assertClean(watch2, plainPage);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
