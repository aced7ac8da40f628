// Opens a generated report in Debian Chromium (playwright-core) from disk: no console errors, no
// network requests, no script runs, every chart present; writes test-artifacts/report.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { report } from '../../src/index.js';
import { HOSTILE, SAMPLE_CHART_COUNT, sampleInput } from './sample-input.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const name = 'report opens in Chromium from disk: no console errors, no network, all charts, screenshot';

if (!haveChromium) {
  test.skip(`${name} — skipped: ${CHROMIUM} not found (CI installs Debian chromium first)`, () => {});
} else {
  test(name, async () => {
    const { chromium } = await import('playwright-core');
    const dir = mkdtempSync(join(tmpdir(), 'clinreg-browser-'));
    const file = join(dir, 'report.html');
    await report.writeReport(file, sampleInput({ hostile: true }));
    // A fresh profile per run (launchPersistentContext is playwright's way to pass --user-data-dir).
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      viewport: { width: 1200, height: 900 },
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
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
      const external = requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
      assert.deepEqual(external, [], 'network requests');
      assert.equal(await page.locator('svg[role="img"]').count(), SAMPLE_CHART_COUNT);
      assert.equal(await page.locator('script').count(), 0);
      // every chart has a non-empty accessible name and is actually laid out
      const svgs = page.locator('svg[role="img"]');
      for (let i = 0; i < SAMPLE_CHART_COUNT; i++) {
        const svg = svgs.nth(i);
        const ids = ((await svg.getAttribute('aria-labelledby')) ?? '').split(' ');
        assert.equal(ids.length, 2, 'aria-labelledby names a title and a description');
        const label = (await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()))).join(' ');
        assert.ok(label.length > 40, `chart without an accessible name: ${label}`);
        const box = await svg.boundingBox();
        assert.ok(box !== null && box.width > 100 && box.height > 100, `chart ${ids[0]} not laid out: ${JSON.stringify(box)}`);
      }
      assert.ok((await page.locator('body').innerText()).includes(HOSTILE), 'hostile text shown as text');
      assert.equal(await page.locator('h2').count(), 8);

      mkdirSync('test-artifacts', { recursive: true });
      await page.screenshot({ path: join('test-artifacts', 'report.png'), fullPage: true });
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
