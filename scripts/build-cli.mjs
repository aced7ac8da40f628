// Bundles the clinreg CLI and its worker-thread entries for Node with esbuild (ESM, code splitting):
//   dist/bundle/clinreg.mjs         the executable (package.json "bin"): turns on source maps for
//                                   --debug, then imports cli.mjs
//   dist/bundle/cli.mjs             src/cli/main.ts
//   dist/bundle/<name>.mjs          each worker-thread entry src/**/<name>.ts (a module calling
//                                   serveTasks: develop-thread, job-thread, stats-thread, ...)
//   dist/bundle/chunks/*.mjs        code shared by the entries, and what they import lazily (the
//                                   library behind each command, vega/vega-lite, the kernel host)
// Why: unbundled, every clinreg process and every worker thread loads ~420 modules one by one
// (~0.5 s of CPU before any work). The dependencies are bundled too, except bullmq and ioredis
// (optional peer dependencies, loaded only by `clinreg sweep --redis` / `clinreg worker`).
// Files outside the bundle (package.json, data/, build/wasm, build/native, build/browser) are found
// through src/package-root.ts; CLINREG_BUNDLE_DIR tells it the bundle's folder so that worker
// pools start the bundled worker entries. Source maps (*.map) are written beside the files; the
// package leaves them out (package.json "files"), as it does dist's.
// Usage: node scripts/build-cli.mjs [--quiet]
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The bundle's folder, relative to the package root (also what src/package-root.ts is told). */
const BUNDLE_DIR = 'dist/bundle';
const out = join(root, BUNDLE_DIR);
const quiet = process.argv.includes('--quiet');

/** The executable: source maps cost start-up time, so they are read only when a stack trace is asked for. */
const LAUNCHER = `#!/usr/bin/env node
// The clinreg executable (written by scripts/build-cli.mjs). With --debug, stack traces point
// into src/ through the bundle's source maps.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
await import('./cli.mjs');
`;

// Bundled CommonJS dependencies (commander, cli-progress) call require() for Node's modules;
// an ESM file has no require, so each output file gets one.
const REQUIRE_SHIM = "import { createRequire as __clinregCreateRequire } from 'node:module'; const require = __clinregCreateRequire(import.meta.url);";

/** The TypeScript sources under src/ as [path relative to the root, text], in sorted order. */
function sourceFiles(dir = 'src', out = []) {
  for (const name of readdirSync(join(root, dir)).sort()) {
    const rel = `${dir}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) sourceFiles(rel, out);
    else if (name.endsWith('.ts')) out.push([rel, readFileSync(join(root, rel), 'utf8')]);
  }
  return out;
}
const SOURCES = sourceFiles();

/**
 * Every worker-thread entry under src/: a module that calls serveTasks (parallel/serve-tasks.ts) at
 * its top level, named by its file name (src/package-root.ts's workerModule asks for that name).
 */
function workerEntries() {
  const entries = {};
  for (const [rel, text] of SOURCES) {
    if (!/^serveTasks\(/m.test(text)) continue;
    const entry = basename(rel, '.ts');
    if (entry in entries) throw new Error(`build-cli: two worker entries named ${entry}: ${entries[entry]} and ${rel}`);
    entries[entry] = rel;
  }
  return entries;
}

// Written in place, chunks first, entries last, each file by rename: chunk names carry a hash of
// their contents, so a clinreg process started before a rebuild still finds the chunks it imports
// later (the library behind a command, vega when the charts render). Chunks no entry refers to any
// more are removed once they are STALE_MS old.
const STALE_MS = 10 * 60_000;
mkdirSync(join(out, 'chunks'), { recursive: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', ...workerEntries() },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // No keepNames: its __name(fn, "name") call around every function of every module (vega's
  // thousands included) cost ~45 ms of start-up CPU per thread. Error classes and module reprs print
  // constructor.name, so renamedSourceClasses() below fails the build if the bundle renamed a
  // class of src/ (esbuild renames a top-level name only where two modules clash).
  keepNames: false,
  sourcemap: 'linked',
  external: ['bullmq', 'ioredis'],
  define: { CLINREG_BUNDLE_DIR: JSON.stringify(BUNDLE_DIR) },
  banner: { js: REQUIRE_SHIM },
  metafile: true,
  write: false,
  logLevel: 'warning',
});
/**
 * Classes declared in src/ whose bundled name differs (esbuild's `Name2` for a clashing top-level
 * name): `class X` in the sources, `class X<digits>` or `X<digits> = class` in the output.
 */
function renamedSourceClasses(outputs) {
  const declared = new Set();
  for (const [, text] of SOURCES) for (const m of text.matchAll(/\bclass\s+([A-Za-z_$][\w$]*)/g)) declared.add(m[1]);
  const renamed = new Set();
  for (const f of outputs) {
    for (const m of f.text.matchAll(/\b(?:class\s+([A-Za-z_$][\w$]*?)(\d+)\b|([A-Za-z_$][\w$]*?)(\d+)\s*=\s*class\b)/g)) {
      const base = m[1] ?? m[3];
      if (declared.has(base) && !declared.has(base + (m[2] ?? m[4]))) renamed.add(`${base} → ${base}${m[2] ?? m[4]} in ${basename(f.path)}`);
    }
  }
  return [...renamed];
}
const renamed = renamedSourceClasses(result.outputFiles.filter((o) => o.path.endsWith('.mjs')));
if (renamed.length > 0) {
  console.error(`build-cli: the bundle renamed ${renamed.length} class(es) of src/ (their constructor.name would change): ${renamed.join('; ')}. Fix: rename the class or the clashing declaration.`);
  process.exit(1);
}

/** Write by rename, so a process that reads while this script writes never sees half a file. */
function writeAtomic(path, data, mode = 0o644) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode });
  renameSync(tmp, path);
}
const isChunk = (path) => dirname(path) === join(out, 'chunks');
for (const f of result.outputFiles.filter((o) => isChunk(o.path))) writeAtomic(f.path, f.contents);
for (const f of result.outputFiles.filter((o) => !isChunk(o.path))) writeAtomic(f.path, f.contents);
writeAtomic(join(out, 'clinreg.mjs'), LAUNCHER, 0o755);
const current = new Set(result.outputFiles.map((o) => o.path));
for (const name of readdirSync(join(out, 'chunks'))) {
  const path = join(out, 'chunks', name);
  if (!current.has(path) && Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { force: true });
}

if (!quiet) {
  const files = result.outputFiles.filter((o) => o.path.endsWith('.mjs'));
  const bytes = (f) => statSync(join(out, f)).size;
  const top = readdirSync(out).filter((f) => f.endsWith('.mjs'));
  const chunks = files.filter((o) => isChunk(o.path));
  const chunkBytes = chunks.reduce((s, o) => s + o.contents.length, 0);
  console.log(`${BUNDLE_DIR}: ${top.map((f) => `${f} ${(bytes(f) / 1024).toFixed(1)} KB`).join(', ')}; ${chunks.length} chunks ${(chunkBytes / 1024).toFixed(0)} KB (${files.length} files from esbuild)`);
}
