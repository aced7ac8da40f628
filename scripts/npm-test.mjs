// `npm test`: typecheck (the project and the README's code blocks in one tsc program), lint, the
// examples and every unit test file, as jobs of one pool across the cores (scripts/test-pool.mjs).
// Usage: node scripts/npm-test.mjs [--serial] [substring-filter ...]   (filters select unit test files)
// Environment: CLINREG_TEST_SERIAL=1 (or --serial): one job at a time, output live, in the order
//              typecheck, lint, examples, test files — for debugging. CLINREG_TEST_CONCURRENCY=n:
//              n jobs at a time (default os.availableParallelism()). CLINREG_TEST_RECORD=1: write the
//              measured wall times to scripts/test-times.json (the longest-first order).
//
// Speed (issue #20, npm test ≤ 3 min on 2 cores): run one after another, tsc, eslint and the
// examples (one single-threaded process each, ~45 s of CPU) kept a core idle before the unit tests
// began, and one long test file at the end could keep the other idle. Here every check and every
// test file is a job; a free core takes the longest ready job (estimates from the committed table),
// so the long CLI and browser files start first, the checks run beside them while the unit tests
// are being bundled, and the run ends on short files. Each job's output is printed whole when it
// ends (no interleaved lines); the summary at the end repeats every failure, and the exit status
// is 1 when any job or test failed. Every stage runs to its end (a type error does not hide a
// failing test).
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cleanupOnSignals, testFiles, unitJobs } from './run-tests.mjs';
import { concurrencyFor, loadTimes, recordTimes, runPool, serialMode, summarise } from './test-pool.mjs';

const root = process.cwd(); // run-tests.mjs changed to the repository root
const argv = process.argv.slice(2);
const serial = serialMode(argv);
const concurrency = concurrencyFor(serial);
const files = testFiles(argv.filter((a) => a !== '--serial'));
if (files.length === 0) {
  console.error('npm test: no test files matched', argv.join(' '));
  process.exit(1);
}
const times = loadTimes();
const node = (name, args, fallback) => ({ name, kind: 'check', command: process.execPath, args, estimate: times[name] ?? fallback });
const checks = [
  node('typecheck', [join(root, 'scripts', 'check-readme.mjs'), '--with-project'], 30),
  node('lint', [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.'], 20),
  node('examples', [join(root, 'scripts', 'run-examples.mjs')], 10),
];
const t0 = performance.now();
const unit = unitJobs(files);
cleanupOnSignals(unit.cleanup);
let status;
try {
  const results = await runPool([...checks, ...unit.jobs], { concurrency, serial });
  recordTimes(results, concurrency);
  status = summarise(results, { wallSeconds: (performance.now() - t0) / 1000, concurrency, title: 'npm test' });
} finally {
  unit.cleanup();
}
process.exit(status);
