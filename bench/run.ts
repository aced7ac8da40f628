// `npm run bench`: runs every benchmark bench/*.ts (except this file and the README table's
// generator) one after another, each in its own process (so peak memory and JIT state do not leak
// between them), forwarding arguments; then rewrites the README's table of latest results from
// bench/results/ (bench/readme-table.ts), whether or not every benchmark finished: each row names
// the date of the run it comes from.
// Usage: npm run bench [-- --only-bench engine,metrics] [-- other args passed to each bench]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const argv = process.argv.slice(2);
const at = argv.indexOf('--only-bench');
const only = at >= 0 ? new Set(argv[at + 1]?.split(',') ?? []) : null;
const forwarded = at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 2)] : argv;

const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && f !== 'readme-table.ts')
  .sort()
  .filter((f) => only === null || only.has(basename(f, '.ts')));

let failed = 0;
for (const file of benches) {
  console.log(`\n=== bench/${file} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join('bench', file), ...forwarded], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.log(`bench/${file} exited with status ${result.status ?? result.signal}`);
  }
}
console.log(`\n${benches.length - failed}/${benches.length} benchmarks finished.`);
const table = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'readme-table.ts')], { stdio: 'inherit' });
process.exit(failed === 0 && table.status === 0 ? 0 : 1);
