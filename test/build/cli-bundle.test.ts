// The CLI bundle (scripts/build-cli.mjs) is what package.json "bin" runs, and it works from a copy
// of the package that has no src/ and no node_modules: it finds the copy's own package.json, data/
// and kernels, starts its bundled worker-thread entries, and writes the results the unbundled CLI
// writes from the same sources, byte for byte (same seed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT, sourceCliArgs } from '../cli/run-cli.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node ...args` in `cwd`. */
function node(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: '1' }, timeout: 240_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The checkout itself (scripts/run-tests.mjs runs the tests from a linked copy without node_modules). */
const CHECKOUT = dirname(realpathSync(join(REPO_ROOT, 'package.json')));
const work = mkdtempSync(join(tmpdir(), 'clinreg-bundle-'));
/** The copied package: package.json, data/, build/{wasm,native}, and the bundle built there. */
const pkg = join(work, 'clinreg');
const pkgJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
const bin = join(pkg, pkgJson.bin.clinreg!);
const CGD = join(REPO_ROOT, 'data', 'cgd', 'cgd.csv');
const CGD_ROLES = ['--target', 'infection', '--site', 'center', '--id', 'id', '--exclude', 'etime1'];

before(async () => {
  mkdirSync(pkg);
  cpSync(join(REPO_ROOT, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(CHECKOUT, 'scripts', 'build-cli.mjs'), join(pkg, 'scripts', 'build-cli.mjs'));
  cpSync(join(CHECKOUT, 'src'), join(pkg, 'src'), { recursive: true });
  symlinkSync(join(CHECKOUT, 'node_modules'), join(pkg, 'node_modules'));
  for (const set of ['heart-disease', 'cgd']) cpSync(join(REPO_ROOT, 'data', set), join(pkg, 'data', set), { recursive: true });
  for (const dir of ['wasm', 'native']) {
    const from = join(CHECKOUT, 'build', dir);
    if (!existsSync(from)) continue;
    for (const f of readdirSync(from).filter((n) => n.endsWith('.wasm') || n.endsWith('.node'))) cpSync(join(from, f), join(pkg, 'build', dir, f));
  }
  const built = await node([join(pkg, 'scripts', 'build-cli.mjs'), '--quiet'], pkg);
  assert.equal(built.code, 0, built.stderr);
  // What an installed package has: no sources, and no dependencies the bundle would reach for.
  rmSync(join(pkg, 'src'), { recursive: true });
  rmSync(join(pkg, 'node_modules'));
});

after(() => rmSync(work, { recursive: true, force: true }));

/** results.json of `clinreg ...args --out out` run by `entry` in a fresh folder. */
async function results(entry: readonly string[], args: readonly string[], name: string): Promise<string> {
  const cwd = join(work, name);
  mkdirSync(cwd);
  const r = await node([...entry, ...args, '--out', 'out'], cwd);
  assert.equal(r.code, 0, `${name}: ${r.stderr}`);
  return readFileSync(join(cwd, 'out', 'results.json'), 'utf8');
}

test('package.json bin is the bundle launcher; it prints the version of the package it sits in', async () => {
  assert.equal(pkgJson.bin.clinreg, './dist/bundle/clinreg.mjs');
  assert.ok(existsSync(bin), 'build-cli.mjs wrote the bin');
  assert.match(readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  const r = await node([bin, '--version'], work);
  assert.deepEqual(r, { code: 0, stdout: `${pkgJson.version}\n`, stderr: '' });
});

test('bundle: bad input is one line and exit 2, as from the sources', async () => {
  const args = ['predict', 'nodir', 'x.csv'];
  const [bundled, source] = await Promise.all([node([bin, ...args], work), node([...sourceCliArgs(), ...args], work)]);
  assert.equal(bundled.code, 2);
  assert.deepEqual(bundled, source);
});

test('bundle: doctor finds the kernels of the copied package and picks the tier the sources pick', async () => {
  const [bundled, source] = await Promise.all([node([bin, 'doctor'], work), node([...sourceCliArgs(), 'doctor'], work)]);
  assert.equal(bundled.code, 0, bundled.stderr);
  const line = (r: Run, key: string): string | undefined => r.stdout.split('\n').find((l) => l.startsWith(`${key} `));
  assert.equal(line(bundled, 'kernels'), line(source, 'kernels'));
  // The lines naming kernel files (native, wasm) name the copy's.
  const paths = bundled.stdout.split('\n').filter((l) => /^(native|wasm) +\//.test(l));
  if (existsSync(join(pkg, 'build', 'wasm'))) assert.ok(paths.length >= 1, bundled.stdout);
  for (const l of paths) assert.ok(l.includes(join(pkg, 'build')), l);
});

test('bundle: train on CGD writes the results.json of the unbundled CLI, byte for byte', { timeout: 240_000 }, async () => {
  const args = ['train', CGD, ...CGD_ROLES, '--epochs', '30', '--update-sizes', 'none', '--mc', '5'];
  const [bundled, source] = await Promise.all([results([bin], args, 'train-bundle'), results(sourceCliArgs(), args, 'train-source')]);
  assert.equal(bundled, source);
});

test('bundle: sweep on 2 worker threads (bundled job-thread) equals the unbundled run', { timeout: 240_000 }, async () => {
  const args = ['sweep', CGD, ...CGD_ROLES, '--grid', 'dropout=0.1,0.5', 'epochs=20', '--threads', '2'];
  const bundled = await results([bin], args, 'sweep-bundle');
  const source = await results(sourceCliArgs(), args, 'sweep-source');
  assert.equal(bundled, source);
});

test('bundle: demo on a worker thread (bundled develop-thread) reads the copy\'s data and equals the unbundled run', { timeout: 240_000 }, async () => {
  const args = ['demo', '--threads', '1'];
  const bundled = await results([bin], args, 'demo-bundle');
  const source = await results(sourceCliArgs(), args, 'demo-source');
  // The one difference: the bundled data file is the copy's.
  const copyData = JSON.stringify(join(pkg, 'data', 'heart-disease'));
  const repoData = JSON.stringify(join(REPO_ROOT, 'data', 'heart-disease'));
  assert.ok(bundled.includes(copyData.slice(0, -1)), 'the copy reads its own data/');
  assert.equal(bundled.replaceAll(copyData.slice(1, -1), repoData.slice(1, -1)), source);
});
