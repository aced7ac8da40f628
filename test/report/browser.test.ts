// Opens reports in Debian Chromium (playwright-core) from disk — the demo's report and a report
// whose data carry markup — checking: no console errors, no network request, no script runs, every
// chart present with an accessible name. Writes test-artifacts/report.png (the demo report).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { report } from '../../src/index.js';
import { demoOnce } from '../cli/demo-once.js';
import { CHROMIUM, withChromium } from '../export/chromium-page.js';
import { HOSTILE, SAMPLE_CHART_COUNT, sampleInput } from './sample-input.js';

const name = 'reports open in Chromium from disk: no console errors, no network, no script, all charts; screenshot';
// The demo report: 2 heatmaps, 5 learning curves (final model + 4 folds), ROC, forest, calibration, uncertainty.
const DEMO_CHART_COUNT = 15; // 11 + the O:E and slope forests, per-site calibration curves and decision curves

/** Open `file` in a new page and check everything that must hold for any report. Returns the page. */
async function openAndCheck(context: BrowserContext, file: string, charts: number, sections: number): Promise<Page> {
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  page.on('request', (req) => requests.push(req.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

  assert.deepEqual(consoleErrors, [], 'console errors');
  assert.deepEqual(dialogs, [], 'a script ran');
  assert.deepEqual(
    requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')),
    [],
    'network requests',
  );
  assert.equal(await page.locator('script').count(), 0);
  assert.equal(await page.locator('h2').count(), sections, 'sections (at a glance first)');
  const svgs = page.locator('svg[role="img"]');
  assert.equal(await svgs.count(), charts);
  for (let i = 0; i < charts; i++) {
    const svg = svgs.nth(i);
    const ids = ((await svg.getAttribute('aria-labelledby')) ?? '').split(' ');
    assert.equal(ids.length, 2, 'aria-labelledby names a title and a description');
    const label = (await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()))).join(' ');
    assert.ok(label.length > 40, `chart without an accessible name: ${label}`);
    const box = await svg.boundingBox();
    assert.ok(box !== null && box.width > 100 && box.height > 100, `chart ${ids[0]} not laid out: ${JSON.stringify(box)}`);
  }
  return page;
}

if (!existsSync(CHROMIUM)) {
  test.skip(`${name} — skipped: ${CHROMIUM} not found (CI installs Debian chromium first)`, () => {});
} else {
  test(name, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clinreg-browser-'));
    // The demo run this test run's demo readers share (test/cli/demo-once.ts), or this file's own in `dir`.
    const { out, result: demo } = await demoOnce(join(dir, 'own-demo'));
    assert.equal(demo.code, 0, demo.stderr);
    assert.match(demo.stdout, /\noutput: .*report\.html/);
    const hostile = join(dir, 'hostile.html');
    await report.writeReport(hostile, sampleInput({ hostile: true }));
    try {
      // A fresh context (profile) in the Chromium the test files of this process share.
      await withChromium(
        async (context) => {
          const page = await openAndCheck(context, join(out, 'report.html'), DEMO_CHART_COUNT, 10); // with 'Updating for a new site' (leave-one-site-out)
          mkdirSync('test-artifacts', { recursive: true });
          await page.screenshot({ path: join('test-artifacts', 'report.png'), fullPage: true });

          const bad = await openAndCheck(context, hostile, SAMPLE_CHART_COUNT, 9);
          assert.ok((await bad.locator('body').innerText()).includes(HOSTILE), 'markup in the data is shown as text');
        },
        { viewport: { width: 1200, height: 900 } },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
