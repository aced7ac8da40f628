// Type-checks every ```ts block of README.md under the project's strict settings, importing
// 'clinreg' from src/ (so the README's library examples cannot drift from the API).
// Usage: node scripts/check-readme.mjs [--with-project] [FILE.md ...]   (default README.md); exit 1 on a type error.
//
// --with-project (`npm run typecheck`): the blocks and the whole project (tsconfig.json's include)
// are checked in ONE tsc build instead of a second tsc that type-checked all of src/ again only
// for the blocks (~12 s of CPU). The blocks are written to build/readme-check/<pid>/ (inside the
// project, so tsconfig.json's rootDir holds them) with a tsconfig that extends tsconfig.json;
// errors in them are reported at their README line.
//
// src/ is a project of its own (tsconfig.build.json, composite: what `npm run build` compiles to
// dist/), and the checked program references it: `tsc -b` compiles src/ again only when a source
// changed since its last build or that build had errors (dist/tsconfig.build.tsbuildinfo says
// which), and reports src/'s errors then; the tests, bench, examples, experiments, scripts and the
// blocks are checked against src/'s declarations in dist/. After `npm ci` (whose prepare step
// builds dist/) `npm test` so checks src/ once, not twice: ~11 s of CPU less. Same settings either
// way (tsconfig.build.json extends tsconfig.json); `npx tsc -p tsconfig.json --noEmit` still
// checks everything as one program.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const withProject = args.includes('--with-project');
const files = args.filter((a) => a !== '--with-project');
if (files.length === 0) files.push('README.md');
const parent = join(root, 'build', 'readme-check');
const dir = join(parent, String(process.pid));
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const blocks = [];
/** Block file name → [markdown file, line of its opening fence]. */
const origin = new Map();
for (const file of files) {
  const text = readFileSync(resolve(root, file), 'utf8');
  for (const m of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    const line = text.slice(0, m.index).split('\n').length;
    const name = `${file.replace(/[^A-Za-z0-9]/g, '_')}_line${line}.ts`;
    // Each block is its own module (top-level await allowed), as a user's script would be.
    writeFileSync(join(dir, name), `${m[1]}\nexport {};\n`);
    blocks.push(`${file}:${line}`);
    origin.set(name, [file, line]);
  }
}
if (blocks.length === 0) {
  console.error(`check-readme: no \`\`\`ts blocks in ${files.join(', ')}`);
  process.exit(1);
}
const project = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
// src/ comes in through the reference (see the top), so it is left out of the include here.
const srcProject = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8'));
const tsconfig = {
  extends: join(root, 'tsconfig.json'),
  // tsc -b keeps a build-info file even without emitting: here, removed with the folder.
  compilerOptions: { noEmit: true, noUnusedLocals: false, tsBuildInfoFile: join(dir, 'check.tsbuildinfo'), paths: { clinreg: [join(root, 'src/index.ts')] } },
  include: [...(withProject ? project.include.filter((p) => !srcProject.include.includes(p)).map((p) => join(root, p)) : []), join(dir, '*.ts')],
  references: [{ path: join(root, 'tsconfig.build.json') }],
};
writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-b', join(dir, 'tsconfig.json')], { cwd: root, encoding: 'utf8' });
rmSync(dir, { recursive: true, force: true });
if (readdirSync(parent).length === 0) rmSync(parent, { recursive: true, force: true });
if (r.status !== 0) {
  // build/readme-check/<pid>/README_md_line12.ts(3,5) → README.md:15:5 (the block starts after its fence line).
  const at = relative(root, dir).split('\\').join('/');
  const mapped = r.stdout.replace(new RegExp(`${at.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/([^\\s(]+)\\((\\d+),(\\d+)\\)`, 'g'), (whole, name, l, c) => {
    const o = origin.get(name);
    return o === undefined ? whole : `${o[0]}:${o[1] + Number(l)}:${c}`;
  });
  process.stdout.write(mapped);
  process.stderr.write(r.stderr);
  console.error(`check-readme: type errors${withProject ? ' in the project or' : ''} in the README examples (blocks: ${blocks.join(', ')})`);
  process.exit(1);
}
console.log(`check-readme: ${withProject ? 'the project and ' : ''}${blocks.length} TypeScript blocks type-check under strict (${blocks.join(', ')})`);
