// Runs every test/**/*.test.ts with Node's built-in test runner.
// Usage: node scripts/run-tests.mjs [--serial] [substring-filter ...]
// Environment: CLINREG_TEST_CONCURRENCY (test files run at once; default: os.availableParallelism()),
//              CLINREG_TEST_SERIAL=1 (one at a time, output live), CLINREG_TEST_RECORD=1 (write the
//              measured times to scripts/test-times.json), CLINREG_TEST_TSX=1 (run the .ts files
//              through tsx instead, as before).
//
// Speed (npm test ≤ 3 min on 2 cores): loading src/ through tsx cost ~1.1 s of CPU in every test
// process (105 files: ~2 of the ~5 CPU-minutes of the suite). So src/ and test/ are transpiled
// once per run with esbuild — the transpiler tsx itself uses, so the JavaScript is the same — into
// build/test-js/<pid>/ (same layout; every other file and folder linked in), and the test files
// run there as plain JavaScript, several processes at a time. Type checking stays with
// `npm run typecheck`. The folder is removed at exit; parallel runs each get their own.
//
// Loading those ~420 modules one by one still cost ~0.45 s of CPU in every test process and in
// every `clinreg` child process the CLI tests spawn (~1 in 3 of the suite's CPU time). So each
// test file, and the CLI entry src/cli/main.ts, is also bundled by esbuild (the same sources,
// one module graph per process; node_modules stay external): the test processes run
// build/test-js/<pid>/bundled/test/**.test.js and src/cli/main.js there is the CLI bundle.
// `import.meta.url` in every bundled source file becomes the URL of that file's own transpiled
// copy, so relative paths (package.json, data/, worker threads, the native addon) resolve as
// they do unbundled, and class and function names are kept (keepNames: the bundle would rename
// clashing names, and reprs print `constructor.name`). CLINREG_TEST_BUNDLE=0 runs the per-file
// transpiled tests and CLI instead.
//
// Several test files run at once, one process each (scripts/test-pool.mjs: os.availableParallelism()
// at a time, longest first from scripts/test-times.json, each file's output printed whole when it
// ends, a summary with the failures repeated at the end, exit 1 on any failure). Each file runs as
// `node --test-reporter=spec FILE.js` — node:test runs a file's tests by itself — rather than
// under `node --test`, whose runner process per file cost ~0.1 s of CPU (~20 s over the suite).
// The test files of a folder share processes of up to ~30 s each (SHARED_FOLDERS below), and the
// files that start Chromium share one process and one browser (CLINREG_TEST_GROUP=0 runs every
// file alone). CLINREG_TEST_SERIAL=1 (or --serial) runs them one at a time with live output, for debugging;
// CLINREG_TEST_CONCURRENCY=n sets how many run at once.
// `npm test` (scripts/npm-test.mjs) runs these jobs in one pool with typecheck, lint and examples.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importMetaUrlPlugin } from './import-meta-url-plugin.mjs';
import { concurrencyFor, groupOf, guessSeconds, loadTimes, recordTimes, runPool, serialMode, summarise } from './test-pool.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function walk(dir, keep) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path, keep));
    else if (keep(name)) out.push(path);
  }
  return out;
}

/** The test files (test/, *.test.ts) whose path contains one of `filters`; all of them without filters. */
export function testFiles(filters) {
  return walk('test', (n) => n.endsWith('.test.ts')).filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
}

/** Whether a folder holds TypeScript at any depth (else it is linked in whole). */
function hasTs(dir) {
  return readdirSync(dir).some((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? hasTs(p) : n.endsWith('.ts');
  });
}

/** Links everything of `dir` that is not TypeScript into `out/dir`, folder by folder. */
function linkNonTs(dir, out) {
  for (const name of readdirSync(dir)) {
    const src = join(dir, name);
    const dst = join(out, src);
    if (statSync(src).isDirectory()) {
      if (hasTs(src)) {
        mkdirSync(dst, { recursive: true });
        linkNonTs(src, out);
      } else symlinkSync(relative(dirname(dst), src), dst);
    } else if (!name.endsWith('.ts') || name.endsWith('.d.ts')) symlinkSync(relative(dirname(dst), src), dst);
  }
}

/** Transpiles src/ and test/ into a fresh folder and bundles `files`; returns it, or null when esbuild is missing. */
async function transpile(files) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return null;
  }
  const out = join('build', 'test-js', String(process.pid));
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const sources = [...walk('src', (n) => n.endsWith('.ts') && !n.endsWith('.d.ts')), ...walk('test', (n) => n.endsWith('.ts') && !n.endsWith('.d.ts'))];
  await esbuild.build({
    entryPoints: sources,
    outdir: out,
    outbase: '.',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  // Everything else the code reaches through relative paths (data/, package.json, dist/, fixtures,
  // the .ts sources that child processes run through tsx) is linked in; build/ is the real one.
  for (const name of readdirSync('.')) {
    if (['src', 'test', 'build', 'node_modules', '.git'].includes(name)) continue;
    symlinkSync(join('..', '..', '..', name), join(out, name));
  }
  symlinkSync(join('..', '..'), join(out, 'build'));
  linkNonTs('src', out);
  linkNonTs('test', out);
  for (const ts of sources) symlinkSync(relative(dirname(join(out, ts)), ts), join(out, ts));
  if (process.env.CLINREG_TEST_BUNDLE !== '0') await bundle(esbuild, out, files);
  return out;
}

/** esbuild plugin: `import.meta.url` of a bundled source file is the URL of its transpiled copy in `out`. */
function ownUrl(out) {
  const url = (_path, rel) => pathToFileURL(resolve(out, rel.replace(/\.ts$/, '.js').replace(/\.mts$/, '.mjs'))).href;
  return importMetaUrlPlugin(root, url, 'clinreg-own-import-meta-url');
}

/** Bundles the selected test files into `out/bundled/`, the CLI entry over `out/src/cli/main.js` and the tests' CLI host over `out/test/cli/cli-host.js`. */
async function bundle(esbuild, out, files) {
  const common = { bundle: true, splitting: true, keepNames: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', sourcemap: 'linked', logLevel: 'warning', plugins: [ownUrl(out)] };
  await Promise.all([
    esbuild.build({ ...common, entryPoints: files, outbase: '.', outdir: join(out, 'bundled'), chunkNames: 'chunks/[name]-[hash]' }),
    // The CLI entry, and the tests' CLI host (test/cli/cli-host.ts: main() for many runs in one process), over their transpiled copies.
    esbuild.build({ ...common, entryPoints: { 'src/cli/main': join('src', 'cli', 'main.ts'), 'test/cli/cli-host': join('test', 'cli', 'cli-host.ts') }, outdir: out, chunkNames: 'main-chunks/[name]-[hash]' }),
  ]);
}

/**
 * Folders whose test files share processes: the files of a folder that pass `shareable` run one
 * after another in one process (node:test runs the imported files' tests in order), which saves
 * the ~0.3 s of CPU a process spends starting and loading the library (measured: test/tensor,
 * test/optim and test/metrics, 29 files, 251 tests: 11.3 s of CPU one process each, 2.6 s in one)
 * and, for files that run the CLI, the start of one CLI host per file (test/cli/cli-host.ts) and a
 * cold JIT in it (8 files of test/cli: 14.1 s of CPU one process each, 8.2 s in one). A file that
 * changes what the next file would see (process.env, the kernel tier, process handlers or the
 * working directory, top-level beforeEach/afterEach hooks) or starts its own worker threads or
 * Chromium (ALONE) still runs alone, as does every file with CLINREG_TEST_GROUP=0. Child processes
 * (runCli, spawn) do not stop a file sharing: they are the file's own, waited for in its tests.
 */
const SHARED_FOLDERS = ['test/adapt/', 'test/browser/', 'test/build/', 'test/checks/', 'test/cli/', 'test/conformal/', 'test/data/', 'test/develop/', 'test/export/', 'test/federated/', 'test/io/', 'test/kernels/', 'test/metrics/', 'test/model-selection/', 'test/nn/', 'test/optim/', 'test/parallel/', 'test/parity/', 'test/recommend/', 'test/reliability/', 'test/report/', 'test/stats/', 'test/sweep/', 'test/tensor/', 'test/train/', 'test/update/', 'test/validate/'];
const ALONE = /\b(Worker|beforeEach|afterEach|setKernels|useKernels|loadKernels|chromium|setSourceMapsEnabled)\b|process\.env(\.\w+|\[[^\]]+\])\s*=(?!=)|delete process\.env|process\.(exit|on|once|chdir|exitCode)\b/;

/**
 * A kernel tier set and put back within the file (`const previous = k.setKernels(...);` and, as
 * many times, `k.setKernels(previous)`, in a finally) changes nothing the next file sees.
 */
const SET_TIER = /const previous = (?:\w+\.)?setKernels\([^;]*\);/g;
const PUT_BACK = /(?:\w+\.)?setKernels\(previous\)/g;

/** Whether a test file may share a process with the other files of its folder. */
function shareable(name) {
  if (!SHARED_FOLDERS.some((d) => name.startsWith(d))) return false;
  let text;
  try {
    text = readFileSync(name, 'utf8');
  } catch {
    return false;
  }
  const set = text.match(SET_TIER)?.length ?? 0;
  if (set !== (text.match(PUT_BACK)?.length ?? 0)) return false;
  return !ALONE.test(set === 0 ? text : text.replace(SET_TIER, '').replace(PUT_BACK, ''));
}

/**
 * A folder's shared files (its sub-folders' with them) are split into processes of at most ~GROUP_SECONDS of estimated wall
 * time each (first fit, longest first; a longer file is a process of its own), so that a folder
 * of long CLI files does not become one job that the other core waits at the end of the run for.
 */
const GROUP_SECONDS = Number(process.env.CLINREG_TEST_GROUP_SECONDS ?? 30);

/** `members` (with `estimate(name)`) in chunks of at most GROUP_SECONDS, each in name order. */
function chunks(members, estimate) {
  const bins = [];
  for (const m of [...members].sort((a, b) => estimate(b) - estimate(a) || a.localeCompare(b))) {
    const bin = bins.find((b) => b.seconds + estimate(m) <= GROUP_SECONDS);
    if (bin === undefined) bins.push({ seconds: estimate(m), members: [m] });
    else {
      bin.seconds += estimate(m);
      bin.members.push(m);
    }
  }
  return bins.map((b) => b.members.sort()).sort((a, b) => a[0].localeCompare(b[0]));
}

/** A test file still running after this many seconds is killed and fails (CLINREG_TEST_FILE_TIMEOUT_S; default 20 min). */
const FILE_TIMEOUT_S = Number(process.env.CLINREG_TEST_FILE_TIMEOUT_S ?? 1200);

/**
 * One pool job per test file, ready once src/ and test/ are transpiled and bundled (started here).
 * `cleanup()` removes the transpiled tree; call it when the jobs have ended.
 */
export function unitJobs(files) {
  const times = loadTimes();
  const tsx = process.env.CLINREG_TEST_TSX === '1';
  let out = null;
  const ready = tsx
    ? Promise.resolve()
    : transpile(files).then((dir) => {
        out = dir;
        if (dir === null) console.error('run-tests: esbuild not found; running the .ts files through tsx');
      });
  const runDir = join('build', 'test-js', String(process.pid));
  const path = (f) => (out === null ? f : join(out, process.env.CLINREG_TEST_BUNDLE === '0' ? '' : 'bundled', f.replace(/\.ts$/, '.js')));
  const node = (entry) => (out === null ? ['--test-reporter=spec', '--import', 'tsx', entry] : ['--test-reporter=spec', '--enable-source-maps', entry]);
  // A folder of this run that test files may share work through (test/export/calculator-fixture.ts: one training for the calculator files).
  const cache = resolve(join(runDir, 'cache'));
  const env = { CLINREG_TEST_CACHE: cache };
  const estimate = (name) => times[name] ?? guessSeconds(name);
  const grouped = new Map();
  const jobs = [];
  const sharing = process.env.CLINREG_TEST_GROUP !== '0';
  /** The test files that start Chromium: one process for all of them (one browser, test/export/chromium-page.ts). */
  const browserFiles = [];
  for (const f of files) {
    const name = f.split('\\').join('/');
    if (sharing && groupOf(name) === 'chromium') browserFiles.push(name);
    else if (sharing && shareable(name)) {
      // Sub-folders share with their folder (test/checks/shift/ with test/checks/).
      const dir = SHARED_FOLDERS.find((d) => name.startsWith(d));
      grouped.set(dir, [...(grouped.get(dir) ?? []), name]);
    } else jobs.push({ name, kind: 'test', command: process.execPath, args: () => node(path(f)), env, estimate: estimate(name), group: groupOf(f), timeoutSeconds: FILE_TIMEOUT_S, ready });
  }
  /** One process running `members` in order, as one job named `label`. */
  const shared = (label, members, group) => {
    if (members.length === 1) return { name: members[0], kind: 'test', command: process.execPath, args: () => node(path(members[0])), env, estimate: estimate(members[0]), group, timeoutSeconds: FILE_TIMEOUT_S, ready };
    const args = () => {
      // One module importing the test files in order: node:test runs their tests one after another.
      const entry = resolve(runDir, 'groups', `${label.replace(/[^A-Za-z0-9]+/g, '_')}.mjs`);
      mkdirSync(dirname(entry), { recursive: true });
      writeFileSync(entry, members.map((m) => `import ${JSON.stringify(pathToFileURL(resolve(path(m))).href)};\n`).join(''));
      return node(entry);
    };
    const seconds = members.reduce((sum, m) => sum + Math.max(0.1, estimate(m) - 0.3), 0.3);
    return { name: `${label} (${members.length} files, one process)`, kind: 'test', files: members.length, command: process.execPath, args, env, estimate: seconds, group, timeoutSeconds: FILE_TIMEOUT_S, ready };
  };
  for (const [dir, members] of grouped) {
    const parts = chunks(members, estimate);
    parts.forEach((part, k) => jobs.push(shared(parts.length === 1 ? `${dir}**.test.ts` : `${dir}**.test.ts part ${k + 1}/${parts.length}`, part, undefined)));
  }
  if (browserFiles.length > 0) jobs.push(shared('Chromium test files', browserFiles.sort(), 'chromium'));
  const cleanup = () => {
    rmSync(runDir, { recursive: true, force: true });
    if (existsSync(join('build', 'test-js')) && readdirSync(join('build', 'test-js')).length === 0) rmSync(join('build', 'test-js'), { recursive: true, force: true });
  };
  return { jobs, ready, cleanup };
}

/** Removes `cleanup`'s tree on Ctrl-C or SIGTERM too. */
export function cleanupOnSignals(cleanup) {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
    process.on(signal, () => {
      cleanup();
      process.exit(code);
    });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const files = testFiles(argv.filter((a) => a !== '--serial'));
  if (files.length === 0) {
    console.error('run-tests: no test files matched', argv.join(' '));
    process.exit(1);
  }
  const serial = serialMode(argv);
  const concurrency = concurrencyFor(serial);
  const t0 = performance.now();
  const { jobs, cleanup } = unitJobs(files);
  cleanupOnSignals(cleanup);
  let status;
  try {
    const results = await runPool(jobs, { concurrency, serial });
    recordTimes(results, concurrency);
    status = summarise(results, { wallSeconds: (performance.now() - t0) / 1000, concurrency, title: 'run-tests' });
  } finally {
    cleanup();
  }
  process.exit(status);
}
