// Runs every test/**/*.test.ts with Node's built-in test runner.
// Usage: node scripts/run-tests.mjs [substring-filter ...]
// Environment: CLINREG_TEST_CONCURRENCY (test files run at once; default: logical cores + 1),
//              CLINREG_TEST_TSX=1 (run the .ts files through tsx instead, as before).
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
// Slow files start first (SLOW_FIRST, measured on 2 cores) so that the run does not end on one
// long file while the other cores idle.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

const filters = process.argv.slice(2);
/**
 * Files that take longest (CPU or waiting on Chromium/child processes), slowest first: they start
 * before the rest. Measured one file at a time on 2 cores (`/tmp/team/test-times.md`, session 4).
 */
const SLOW_FIRST = [
  'test/reliability/kill-train.test.ts',
  'test/export/calculator-unlike-sites.test.ts',
  'test/export/calculator-browser.test.ts',
  'test/cli/new-user-files.test.ts',
  'test/report/browser.test.ts',
  'test/sweep/sweep-cli.test.ts',
  'test/cli/federated.test.ts',
  'test/export/calculator-breast.test.ts',
  'test/reliability/site-preconditions.test.ts',
  'test/reliability/output-errors.test.ts',
  'test/reliability/prototype-names.test.ts',
  'test/cli/train.test.ts',
  'test/reliability/refused-inputs.test.ts',
  'test/export/export-cli.test.ts',
  'test/cli/calibration-flags.test.ts',
  'test/cli/real-data-train-validate.test.ts',
  'test/sweep/run-sweep.test.ts',
  'test/report/updating-section.test.ts',
  'test/report/report.test.ts',
  'test/cli/validate-predict.test.ts',
];
const rank = (f) => {
  const i = SLOW_FIRST.indexOf(f.split('\\').join('/'));
  return i === -1 ? SLOW_FIRST.length : i;
};
const files = walk('test', (n) => n.endsWith('.test.ts'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .map((f, i) => [f, i])
  .sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1])
  .map(([f]) => f);
if (files.length === 0) {
  console.error('run-tests: no test files matched', filters.join(' '));
  process.exit(1);
}

const concurrency = Number(process.env.CLINREG_TEST_CONCURRENCY ?? availableParallelism() + 1);
const runnerFlags = ['--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`];

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

/** Transpiles src/ and test/ into a fresh folder; returns it, or null when esbuild is missing. */
async function transpile() {
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
  if (process.env.CLINREG_TEST_BUNDLE !== '0') await bundle(esbuild, out);
  return out;
}

/** esbuild plugin: `import.meta.url` of a bundled source file is the URL of its transpiled copy in `out`. */
function ownUrl(out) {
  const abs = resolve(root);
  return {
    name: 'clinreg-own-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.(ts|mts|js|mjs)$/ }, (args) => {
        const rel = relative(abs, args.path);
        if (rel.startsWith('..') || rel.split(/[\\/]/)[0] === 'node_modules') return undefined;
        const url = pathToFileURL(resolve(out, rel.replace(/\.ts$/, '.js').replace(/\.mts$/, '.mjs'))).href;
        const contents = readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(url));
        return { contents, loader: /\.m?ts$/.test(args.path) ? 'ts' : 'js' };
      });
    },
  };
}

/** Bundles the selected test files into `out/bundled/` and the CLI entry over `out/src/cli/main.js`. */
async function bundle(esbuild, out) {
  const common = { bundle: true, splitting: true, keepNames: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', sourcemap: 'linked', logLevel: 'warning', plugins: [ownUrl(out)] };
  await Promise.all([
    esbuild.build({ ...common, entryPoints: files, outbase: '.', outdir: join(out, 'bundled'), chunkNames: 'chunks/[name]-[hash]' }),
    esbuild.build({ ...common, entryPoints: [join('src', 'cli', 'main.ts')], outdir: join(out, 'src', 'cli'), entryNames: '[name]', chunkNames: 'main-chunks/[name]-[hash]' }),
  ]);
}

const out = process.env.CLINREG_TEST_TSX === '1' ? null : await transpile();
const cleanup = () => out !== null && rmSync(out, { recursive: true, force: true });
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(signal, () => {
    cleanup();
    process.exit(code);
  });
}
let status;
try {
  const argv =
    out === null
      ? ['--import', 'tsx', ...runnerFlags, ...files]
      : ['--enable-source-maps', ...runnerFlags, ...files.map((f) => join(out, process.env.CLINREG_TEST_BUNDLE === '0' ? '' : 'bundled', f.replace(/\.ts$/, '.js')))];
  if (out === null && process.env.CLINREG_TEST_TSX !== '1') console.error('run-tests: esbuild not found; running the .ts files through tsx');
  status = spawnSync(process.execPath, argv, { stdio: 'inherit' }).status ?? 1;
} finally {
  cleanup();
}
if (out !== null && existsSync(join('build', 'test-js')) && readdirSync(join('build', 'test-js')).length === 0) {
  rmSync(join('build', 'test-js'), { recursive: true, force: true });
}
process.exit(status);
