// Runs every examples/*.ts; each example asserts its own claim and exits non-zero when it fails.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const files = readdirSync('examples').filter((f) => f.endsWith('.ts')).sort();
let failed = 0;
for (const file of files) {
  console.log(`\n=== examples/${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `examples/${file}`], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed += 1;
    console.error(`examples/${file} failed (exit ${r.status})`);
  }
}
console.log(`\nexamples: ${files.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
