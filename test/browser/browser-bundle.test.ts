// The esbuild bundle of clinreg/browser (build/browser/clinreg.browser.js): it builds with
// platform=browser (no node: import reachable), has no import statement of its own, and also runs
// in Node — TypeScript kernels by default, wasm when given the module's bytes — with the engine's numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../cli/run-cli.js';
import { buildBrowser } from '../export/calculator-fixture.js';

type Bundle = typeof import('../../src/browser/index.js');

test('browser bundle: self-contained ESM under 300 KB gzipped, runs in Node on the TS tier and on wasm bytes', async () => {
  buildBrowser();
  const file = join(REPO_ROOT, 'build', 'browser', 'clinreg.browser.js');
  const code = readFileSync(file, 'utf8');
  assert.equal(/(^|[;\s])import\s*[{*"'a-zA-Z]/.test(code.slice(0, 200)), false, 'no import statement');
  assert.equal(/from\s*"node:/.test(code), false, 'no node: import');
  const sizes = JSON.parse(readFileSync(join(REPO_ROOT, 'build', 'browser', 'sizes.json'), 'utf8')) as Record<string, { gzipBytes: number }>;
  assert.ok(sizes['clinreg.browser.js']!.gzipBytes < 300 * 1024, `gzipped ${sizes['clinreg.browser.js']!.gzipBytes} bytes`);
  const b = (await import(pathToFileURL(file).href)) as Bundle;
  assert.equal(b.kernels().tier, 'ts');
  const x = b.tensor([[1, 2, 3], [4, 5, 6]]);
  const w = b.tensor([[1, 0], [0, 1], [1, 1]]);
  assert.deepEqual(b.matmul(x, w).toArray(), [[4, 5], [10, 11]]);
  const wasm = join(REPO_ROOT, 'build', 'wasm', 'kernels-simd.wasm');
  if (existsSync(wasm)) {
    assert.equal(b.useWasmKernels(new Uint8Array(readFileSync(wasm))).tier, 'wasm');
    assert.deepEqual(b.matmul(x, w).toArray(), [[4, 5], [10, 11]]);
    b.setKernels(b.tsKernels);
  }
});
