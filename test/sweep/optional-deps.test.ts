import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { MissingDependencyError, sweep } from '../../src/index.js';
import { runCli } from '../cli/run-cli.js';

// bullmq and ioredis are optional peer dependencies: without them, sweeps on Redis are one clear error
// naming the install command, and everything else (a sweep on this machine included) works.
const HIDE = { NODE_OPTIONS: `--import ${fileURLToPath(new URL('./hide-redis-packages.mjs', import.meta.url))}` };
const HEART = ['data/heart-disease/heart_disease_4sites.csv', '--target', 'num', '--positive', '>0', '--site', 'site'];

test('without bullmq/ioredis: worker and sweep --redis exit 2 with one line naming npm install bullmq ioredis', async () => {
  for (const args of [['worker', '--redis', 'redis://127.0.0.1:1'], ['sweep', ...HEART, '--grid', 'dropout=0.1', '--redis', 'redis://127.0.0.1:1']]) {
    const r = await runCli(args, { env: HIDE });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr.trim(), /^clinreg: --redis: sweeps on Redis need the optional packages bullmq and ioredis, and 'ioredis' is not installed\. Fix: npm install bullmq ioredis/);
  }
  // A malformed URL is still named first (no import needed to see it).
  const bad = await runCli(['worker', '--redis', 'http://x'], { env: HIDE });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr.trim(), /^clinreg: --redis: expected a URL redis:\/\/HOST:PORT/);
});

test('without bullmq/ioredis: the rest of the CLI runs (doctor, a sweep on this machine)', async () => {
  const d = await runCli(['doctor'], { env: HIDE });
  assert.equal(d.code, 0, d.stderr);
  const s = await runCli(['sweep', ...HEART, '--grid', 'epochs=1', '--threads', '0', '--json'], { env: HIDE, timeoutMs: 120_000 });
  assert.equal(s.code, 0, s.stderr);
  assert.equal((JSON.parse(s.stdout) as { configurations: unknown[] }).configurations.length, 1);
});

test('checkRedis in the library throws MissingDependencyError (code E_MISSING_DEPENDENCY) only when the package is missing', async () => {
  // Here ioredis is installed: an unreachable server is a ValueError, not a missing package.
  await assert.rejects(sweep.checkRedis('redis://127.0.0.1:1'), (e: Error & { code?: string }) => e.code === 'E_VALUE' && !(e instanceof MissingDependencyError));
  assert.equal(new MissingDependencyError('x').code, 'E_MISSING_DEPENDENCY');
});
