// Bundles the browser build of clinreg with esbuild (platform=browser, ESM, minified):
//   build/browser/clinreg.browser.js  the library entry src/browser/index.ts (clinreg/browser)
//   build/browser/calculator.js       the calculator page script that `clinreg export` inlines
// and writes build/browser/sizes.json (bytes and gzipped bytes of each).
// The only Node-only module on the import graph, src/kernels/node-host.ts (loaded by the kernel
// selector only when it runs in Node), is replaced by an empty module; any other `node:` import
// fails the build, so nothing reachable from the browser entry needs Node.
// Usage: node scripts/build-browser.mjs [--quiet]
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build', 'browser');
const quiet = process.argv.includes('--quiet');

/** esbuild plugin: node-host.ts becomes an empty module in browser bundles. */
const browserHost = {
  name: 'clinreg-browser-host',
  setup(b) {
    b.onResolve({ filter: /\/node-host\.js$/ }, (args) =>
      args.importer.endsWith(join('kernels', 'select.ts')) ? { path: 'node-host', namespace: 'clinreg-empty' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'clinreg-empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

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
  writeFileSync(join(out, file), code);
  sizes[file] = { bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}
writeFileSync(join(out, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
if (!quiet) {
  for (const [file, s] of Object.entries(sizes)) {
    console.log(`build/browser/${file}: ${(s.bytes / 1024).toFixed(1)} KB, ${(s.gzipBytes / 1024).toFixed(1)} KB gzipped`);
  }
}
