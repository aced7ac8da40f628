// Tried / handled / failed per area of issue #19, from the reliability suite: runs each area's test
// files (scripts/run-tests.mjs, one file at a time within an area, to spare a shared machine) and counts the
// tests that passed (handled), failed or were cancelled, or were skipped. Not a test file.
// Usage: node test/reliability/tally.mjs [area number ...]   (default: all seven)
// The cases each test replays are listed in test/reliability/README.md.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The seven areas and the test files that replay them. */
export const AREAS = [
  { n: 1, area: 'outputs replaced as a set', files: ['test/reliability/kill-train', 'test/reliability/output-errors', 'test/cli/output-set'] },
  { n: 2, area: 'no silent NaN', files: ['test/reliability/relu-nan', 'test/reliability/nan-kernels', 'test/reliability/fit-non-finite', 'test/reliability/preprocessing-overflow', 'test/reliability/predict-non-finite'] },
  { n: 3, area: 'Object.prototype names', files: ['test/reliability/prototype-names'] },
  { n: 4, area: 'bounded resources', files: ['test/reliability/model-files', 'test/reliability/cli-bounds', 'test/reliability/forward-batches'] },
  { n: 5, area: 'safe echoes of data text', files: ['test/reliability/safe-text'] },
  { n: 6, area: 'inputs refused', files: ['test/reliability/refused-inputs', 'test/reliability/encoding', 'test/reliability/csv-grammar', 'test/reliability/site-preconditions'] },
  { n: 7, area: 'options not ignored', files: ['test/reliability/option-keys', 'test/reliability/roc-sample-weight'] },
];

/** Counts of one run-tests output, from the runner's totals (tests, nested ones included; suites not). */
export function countResults(output) {
  const total = (name) => [...output.matchAll(new RegExp(`^ℹ ${name} (\\d+)$`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);
  return { handled: total('pass'), failed: total('fail') + total('cancelled'), skipped: total('skipped') + total('todo') };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = process.argv.slice(2).map(Number);
  const rows = [];
  for (const { n, area, files } of AREAS.filter((a) => wanted.length === 0 || wanted.includes(a.n))) {
    const r = spawnSync(process.execPath, ['scripts/run-tests.mjs', ...files], { cwd: root, encoding: 'utf8', env: { ...process.env, CLINREG_TEST_CONCURRENCY: '1' } });
    const c = countResults(`${r.stdout}\n${r.stderr}`);
    if (r.status !== 0 && c.failed === 0) c.failed = 1; // a file did not load or run
    const total = { tried: c.handled + c.failed + c.skipped, ...c };
    console.error(`area ${n}: ${files.join(', ')}: ${c.handled} handled, ${c.failed} failed, ${c.skipped} skipped`);
    rows.push(`| ${n}. ${area} | ${total.tried} | ${total.handled} | ${total.failed} | ${total.skipped} |`);
  }
  console.log(['| area | tried | handled | failed | skipped |', '| --- | --- | --- | --- | --- |', ...rows].join('\n'));
}
