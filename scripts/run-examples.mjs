// Runs every examples/*.ts; each example asserts its own claim and exits non-zero when it fails.
//
// Speed: through tsx an example spent ~2 s of CPU compiling and loading ~420 modules before its
// own work (the examples themselves take ~0.1–0.3 s). So the examples are bundled once with
// esbuild — the transpiler tsx uses — into build/examples-js/<pid>/ and run as JavaScript;
// `import.meta.url` in every bundled file stays the URL of its .ts source, as under tsx, so paths
// resolve (and worker threads start) exactly as before. Without esbuild, or with
// CLINREG_EXAMPLES_TSX=1, they run through tsx. The folder is removed at exit.
import { readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importMetaUrlPlugin } from './import-meta-url-plugin.mjs';

const files = readdirSync('examples').filter((f) => f.endsWith('.ts')).sort();

/** Bundles the examples into a fresh folder; returns it, or null (then tsx runs them). */
async function bundle() {
  if (process.env.CLINREG_EXAMPLES_TSX === '1') return null;
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return null;
  }
  const out = join('build', 'examples-js', String(process.pid));
  // import.meta.url stays the URL of the .ts source, as under tsx.
  const ownUrl = importMetaUrlPlugin('.', (path) => pathToFileURL(path).href, 'clinreg-source-import-meta-url');
  await esbuild.build({
    entryPoints: files.map((f) => join('examples', f)),
    outdir: out,
    bundle: true,
    splitting: true,
    keepNames: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [ownUrl],
  });
  return out;
}

const out = await bundle();
let failed = 0;
try {
  for (const file of files) {
    console.log(`\n=== examples/${file}`);
    const argv = out === null ? ['--import', 'tsx', `examples/${file}`] : ['--enable-source-maps', join(out, file.replace(/\.ts$/, '.js'))];
    const r = spawnSync(process.execPath, argv, { stdio: 'inherit' });
    if (r.status !== 0) {
      failed += 1;
      console.error(`examples/${file} failed (exit ${r.status})`);
    }
  }
} finally {
  if (out !== null) {
    rmSync(out, { recursive: true, force: true });
    if (readdirSync(join('build', 'examples-js')).length === 0) rmSync(join('build', 'examples-js'), { recursive: true, force: true });
  }
}
console.log(`\nexamples: ${files.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
