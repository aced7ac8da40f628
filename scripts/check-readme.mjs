// Type-checks every ```ts block of README.md under the project's strict settings, importing
// 'clinreg' from src/ (so the README's library examples cannot drift from the API).
// Usage: node scripts/check-readme.mjs [FILE.md ...]   (default README.md); exit 1 on a type error.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['README.md'];
const dir = mkdtempSync(join(tmpdir(), 'clinreg-readme-'));
const blocks = [];
for (const file of files) {
  const text = readFileSync(resolve(root, file), 'utf8');
  for (const m of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    const line = text.slice(0, m.index).split('\n').length;
    const name = `${file.replace(/[^A-Za-z0-9]/g, '_')}_line${line}.ts`;
    // Each block is its own module (top-level await allowed), as a user's script would be.
    writeFileSync(join(dir, name), `${m[1]}\nexport {};\n`);
    blocks.push(`${file}:${line}`);
  }
}
if (blocks.length === 0) {
  console.error(`check-readme: no \`\`\`ts blocks in ${files.join(', ')}`);
  process.exit(1);
}
const base = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')).compilerOptions;
const tsconfig = {
  compilerOptions: {
    ...base,
    noEmit: true,
    noUnusedLocals: false,
    rootDir: undefined,
    outDir: undefined,
    declaration: false,
    sourceMap: false,
    baseUrl: undefined,
    paths: { clinreg: [join(root, 'src/index.ts')] },
    typeRoots: [join(root, 'node_modules/@types')],
  },
  include: [join(dir, '*.ts')],
};
writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n'); // ES modules, as clinreg is
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
rmSync(dir, { recursive: true, force: true });
if (r.status !== 0) {
  process.stdout.write(r.stdout.replace(/(\.\.\/)*[^\s(]*clinreg-readme-[^/]+\//g, ''));
  process.stderr.write(r.stderr);
  console.error(`check-readme: type errors in the README examples (blocks: ${blocks.join(', ')})`);
  process.exit(1);
}
console.log(`check-readme: ${blocks.length} TypeScript blocks type-check under strict (${blocks.join(', ')})`);
