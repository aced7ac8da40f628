// Resource bounds and safe echoes at the CLI (issue #19 items 4 and 5): counts have documented
// upper bounds, a named pipe as model.json is refused at once, and a CSV cell carrying terminal
// escapes, CR, bidi overrides and 1 MB of text comes back as one short, escaped line.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Tensor, ValueError, nn, train } from '../../src/index.js';
import { assertDataError, fixture, runCli, runCliHosted } from '../cli/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('clinreg-bounds-');
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('counts have upper bounds: --epochs 1e9 and --mc 1e6 are usage errors; mcDropoutPredict caps passes', async () => {
  const [epochs, mc, predictMc] = await Promise.all([
    runCliHosted(['train', fixture('train.csv'), '--target', 'y', '--epochs', '1000000000', '--out', join(dir, 'o1')]),
    runCliHosted(['train', fixture('train.csv'), '--target', 'y', '--mc', '1000000', '--out', join(dir, 'o2')]),
    runCliHosted(['predict', join(dir, 'none'), fixture('valid.csv'), '--mc', '1000000000']),
  ]);
  assertDataError(epochs, /--epochs.*Expected an integer from 1 to 10000/);
  assertDataError(mc, /--mc.*Expected an integer from 2 to 1000/);
  assertDataError(predictMc, /--mc must be 2 to 1000/);
  const model = new nn.Sequential(new nn.Linear(2, 1), new nn.Dropout(0.1));
  assert.throws(() => train.mcDropoutPredict(model, new Tensor(new Float32Array(2), [1, 2]), { passes: train.MAX_MC_PASSES + 1 }), ValueError);
});

test('a named pipe as model.json is refused at once by predict (no hang)', async () => {
  const modelDir = join(dir, 'fifo-model');
  mkdirSync(modelDir);
  execFileSync('mkfifo', [join(modelDir, 'model.json')]);
  const t0 = Date.now();
  const r = await runCli(['predict', modelDir, fixture('valid.csv')], { timeoutMs: 30_000 });
  assertDataError(r, /model\.json: is a named pipe; a model file must be a regular file/);
  assert.ok(Date.now() - t0 < 30_000);
});

test('a hostile cell (ESC, OSC, CR, bidi override, 1 MB) is echoed as one short escaped line', async () => {
  const cell = `\x1b]0;owned\x07\x1b[2J\r\u202eevil${'x'.repeat(1_000_000)}`;
  const rows = Array.from({ length: 40 }, (_, i) => `${i % 2},${i}`);
  const p = join(dir, 'hostile.csv');
  writeFileSync(p, `y,lab\n${rows.join('\n')}\n1,"${cell}"\n`);
  const r = await runCliHosted(['audit', p, '--target', 'y']);
  assertDataError(r, /row 42, column 'lab': value '\\x1b\]0;owned\\x07\\x1b\[2J\\x0d\\u202eevil/);
  assert.ok(r.stderr.length < 600, `stderr of ${r.stderr.length} characters`);
  assert.doesNotMatch(r.stderr.slice(0, -1), UNSAFE);
});
