// Opens exported calculator pages in Debian Chromium (playwright-core) for the tests (not a test
// file): console errors and requests are recorded, the page must start without error.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Console errors and requests of a page. */
export interface Watch {
  errors: string[];
  requests: string[];
}

/** Open `file`, optionally with WebAssembly removed before any script runs; wait for the calculator to start. */
export async function open(context: BrowserContext, file: string, options: { noWasm?: boolean } = {}): Promise<{ page: Page; watch: Watch; tier: string }> {
  const page = await context.newPage();
  const watch: Watch = { errors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') watch.errors.push(m.text());
  });
  page.on('pageerror', (e) => watch.errors.push(String(e)));
  page.on('request', (r) => watch.requests.push(r.url()));
  if (options.noWasm === true) await page.addInitScript(() => delete (globalThis as { WebAssembly?: unknown }).WebAssembly);
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.waitForSelector('#engine[data-ready="true"], #engine[data-ready="error"]', { state: 'attached' });
  assert.equal(await page.locator('#engine').getAttribute('data-ready'), 'true', (await page.locator('#engine').textContent()) ?? '');
  return { page, watch, tier: (await page.locator('#engine').getAttribute('data-tier')) ?? '' };
}

/** No console error, no request but the page itself. */
export function assertClean(watch: Watch, file: string): void {
  assert.deepEqual(watch.errors, [], 'console errors');
  assert.deepEqual(watch.requests.filter((u) => u !== pathToFileURL(file).href), [], 'network requests');
}

/** A fresh Chromium profile in `dir` for `fn`. */
export async function withChromium(dir: string, fn: (context: BrowserContext) => Promise<void>): Promise<void> {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await fn(context);
  } finally {
    await context.close();
  }
}
