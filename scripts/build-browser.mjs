// Bundles the browser build of clinreg with esbuild (platform=browser, ESM, minified):
//   build/browser/clinreg.browser.js  the library entry src/browser/index.ts (clinreg/browser)
//   build/browser/calculator.js       the calculator page script that `clinreg export` inlines
// and writes build/browser/sizes.json (bytes and gzipped bytes of each).
// The only Node-only module on the import graph, src/kernels/node-host.ts (loaded by the kernel
// selector only when it runs in Node), is replaced by a host with no files, so the bundle also
// runs in Node (TypeScript kernels, or wasm through useWasmKernels); any other `node:` import
// fails the build, so nothing reachable from the browser entry needs Node.
// Usage: node scripts/build-browser.mjs [--quiet]
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build', 'browser');
const quiet = process.argv.includes('--quiet');

/** What the kernel selector finds on the host of a browser bundle: no native addon, no wasm file. */
const NO_FILES_HOST = `
const none = '(not in the browser bundle)';
export const nativePath = none;
export const wasmSimdPath = none;
export const wasmRelaxedPath = none;
export function exists() { return false; }
export function requireAddon() { throw new Error('clinreg browser bundle: no native addon'); }
export function readBytes() { throw new Error('clinreg browser bundle: no file system'); }
export function enableRelaxedSimd() {}
export function cpuFlagsFromProc() { return []; }
`;

/** esbuild plugin: node-host.ts becomes a host without files in browser bundles. */
const browserHost = {
  name: 'clinreg-browser-host',
  setup(b) {
    b.onResolve({ filter: /\/node-host\.js$/ }, (args) =>
      args.importer.endsWith(join('kernels', 'select.ts')) ? { path: 'node-host', namespace: 'clinreg-empty' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'clinreg-empty' }, () => ({ contents: NO_FILES_HOST, loader: 'js' }));
  },
};

/** Write by rename, so test processes that rebuild while another reads never see half a file. */
function writeAtomic(path, data) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

const bundles = [
  { entry: 'src/browser/index.ts', file: 'clinreg.browser.js' },
  { entry: 'src/browser/calculator/main.ts', file: 'calculator.js' },
];

mkdirSync(out, { recursive: true });
const sizes = {};
for (const { entry, file } of bundles) {
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['es2022'],
    minify: true,
    legalComments: 'none',
    write: false,
    plugins: [browserHost],
    // csv-parse's own browser build (same parser, with its Buffer polyfill); its Node build needs Buffer.
    alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' },
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  if (result.outputFiles[0].text.includes('</script')) throw new Error(`${file}: contains '</script' and could not be inlined in a page`);
  writeAtomic(join(out, file), code);
  sizes[file] = { bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}
writeAtomic(join(out, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
if (!quiet) {
  for (const [file, s] of Object.entries(sizes)) {
    console.log(`build/browser/${file}: ${(s.bytes / 1024).toFixed(1)} KB, ${(s.gzipBytes / 1024).toFixed(1)} KB gzipped`);
  }
}
