// Opens exported calculator pages in Debian Chromium (playwright-core) for the tests (not a test
// file): console errors and requests are recorded, the page must start without error.
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { after } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';

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

/** What the form shows after an entry (attributes and texts of its outputs). */
export interface Shown {
  /** `#risk` data-value ('' when there is no risk) and text. */
  risk: string;
  riskText: string;
  /** `#interval` data-lower / data-upper. */
  lower: string;
  upper: string;
  /** `#unlike-sites` data-flag, data-closest, data-ratio and text. */
  flag: string;
  closest: string;
  ratio: string;
  unlikeText: string;
}

/**
 * Enter one patient in one round trip to the page: each named control gets its value and an
 * `input` event, as `page.fill` gives it (the page recomputes after each), then what the page shows
 * is read. A test of 50-70 patients × 8-13 fields spends ~4 round trips per fill and per read
 * otherwise; the typing itself (page.fill, keyboard) is tested separately on the same page.
 */
export async function enterValues(page: Page, values: ReadonlyArray<readonly [name: string, value: string]>): Promise<Shown> {
  return page.evaluate((entries) => {
    interface Node {
      value: string;
      textContent: string | null;
      getAttribute(name: string): string | null;
      dispatchEvent(event: unknown): boolean;
    }
    const g = globalThis as unknown as { document: { querySelector(s: string): Node | null }; Event: new (type: string, init: { bubbles: boolean }) => unknown };
    // No named functions in here: the test bundle's keepNames would wrap them in a helper the page lacks.
    const [risk, interval, unlike, ...controls] = ['[data-testid="risk"]', '[data-testid="interval"]', '[data-testid="unlike-sites"]', ...entries.map(([name]) => `[name="${name}"]`)].map((selector) => {
      const el = g.document.querySelector(selector);
      if (el === null) throw new Error(`no ${selector} on the page`);
      return el;
    }) as [Node, Node, Node, ...Node[]];
    entries.forEach(([, value], i) => {
      controls[i]!.value = value;
      controls[i]!.dispatchEvent(new g.Event('input', { bubbles: true }));
    });
    return {
      risk: risk.getAttribute('data-value') ?? '',
      riskText: risk.textContent ?? '',
      lower: interval.getAttribute('data-lower') ?? '',
      upper: interval.getAttribute('data-upper') ?? '',
      flag: unlike.getAttribute('data-flag') ?? '',
      closest: unlike.getAttribute('data-closest') ?? '',
      ratio: unlike.getAttribute('data-ratio') ?? '',
      unlikeText: unlike.textContent ?? '',
    };
  }, values);
}

/** The same entry typed field by field (page.fill), then read through locators, one round trip each. */
export async function typeValues(page: Page, values: ReadonlyArray<readonly [name: string, value: string]>): Promise<Shown> {
  for (const [name, value] of values) await page.fill(`[name="${name}"]`, value);
  const risk = page.locator('[data-testid="risk"]');
  const interval = page.locator('[data-testid="interval"]');
  const unlike = page.locator('[data-testid="unlike-sites"]');
  return {
    risk: (await risk.getAttribute('data-value')) ?? '',
    riskText: (await risk.textContent()) ?? '',
    lower: (await interval.getAttribute('data-lower')) ?? '',
    upper: (await interval.getAttribute('data-upper')) ?? '',
    flag: (await unlike.getAttribute('data-flag')) ?? '',
    closest: (await unlike.getAttribute('data-closest')) ?? '',
    ratio: (await unlike.getAttribute('data-ratio')) ?? '',
    unlikeText: (await unlike.textContent()) ?? '',
  };
}

/** The Chromium of this test process, started by the first {@link withChromium} and closed after its last test. */
let browser: Promise<Browser> | null = null;

// A hook of the root test (registered as this module loads, outside any test): after every test of the process.
after(async () => {
  const started = browser;
  browser = null;
  if (started !== null) await (await started).close();
});

/**
 * A fresh browser context (a new profile: no cookies, storage, cache or downloads of another
 * context) for `fn`, in the one Chromium this test process starts. The Chromium test files share
 * one process (scripts/run-tests.mjs), so the browser starts once for all of them (~1.5 s of CPU
 * a start); it is closed when the process's tests have ended.
 * @param options.viewport the page size (playwright's default 1280×720 when not given).
 */
export async function withChromium(fn: (context: BrowserContext) => Promise<void>, options: { viewport?: { width: number; height: number } } = {}): Promise<void> {
  browser ??= import('playwright-core').then(({ chromium }) =>
    chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }),
  );
  const context = await (await browser).newContext({ acceptDownloads: true, ...(options.viewport !== undefined ? { viewport: options.viewport } : {}) });
  try {
    await fn(context);
  } finally {
    await context.close();
  }
}
