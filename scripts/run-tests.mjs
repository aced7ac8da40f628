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
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

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
const files = walk('test', (n) => n.endsWith('.test.ts')).filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
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
  return out;
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
      : ['--enable-source-maps', ...runnerFlags, ...files.map((f) => join(out, f.replace(/\.ts$/, '.js')))];
  if (out === null && process.env.CLINREG_TEST_TSX !== '1') console.error('run-tests: esbuild not found; running the .ts files through tsx');
  status = spawnSync(process.execPath, argv, { stdio: 'inherit' }).status ?? 1;
} finally {
  cleanup();
}
if (out !== null && existsSync(join('build', 'test-js')) && readdirSync(join('build', 'test-js')).length === 0) {
  rmSync(join('build', 'test-js'), { recursive: true, force: true });
}
process.exit(status);
