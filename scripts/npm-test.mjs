// `npm run test:parallel`: the stages of `npm test` (typecheck, lint, examples, unit tests) started together.
// Usage: node scripts/npm-test.mjs [substring-filter ...]   (filters go to scripts/run-tests.mjs)
// Environment: CLINREG_TEST_SERIAL=1 runs the stages one after another, stopping at the first
//              failure, as `npm run typecheck && npm run lint && npm run examples && npm run test:unit`.
//
// Speed (npm test ≤ 3 min on 2 cores): tsc, check-readme, eslint and the examples are each one
// single-threaded process (~60 s of CPU together), so run one after another they kept one of two
// cores idle for about a minute before the unit tests began. Here they run beside the unit tests,
// which fill the other core. The unit tests print as they run; a check prints one status line when
// it ends, and its output is printed whole after the unit tests. Every stage runs to its end: the
// exit status is 1 when any stage failed, and the stages that failed are named last.
//
// Not `npm test` itself (yet): on the shared 2-core box of session 4 an A/B (checks one after
// another, then the unit tests of test/cli/train.test, test/cli/validate-predict,
// test/reliability/site-preconditions, test/metrics and test/data/, vs all together; alternating,
// load 4–10) gave 119 vs 88 s and
// 87 vs 116 s of wall — no difference the noise let through — and ~10 % more CPU when run together.
// On a quiet 2-core machine the checks' ~57 s of one core should mostly hide under the unit tests;
// measure it there before making it the default.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const checks = [
  { name: 'typecheck', command: npm, args: ['run', '--silent', 'typecheck'] },
  { name: 'lint', command: npm, args: ['run', '--silent', 'lint'] },
  { name: 'examples', command: npm, args: ['run', '--silent', 'examples'] },
];
const unit = { name: 'unit tests', command: process.execPath, args: [join(root, 'scripts', 'run-tests.mjs'), ...process.argv.slice(2)] };
const seconds = (t0) => ((performance.now() - t0) / 1000).toFixed(1);

/** Output of the checks, printed after the unit tests (so that it does not cut into their lines). */
const heldOutput = [];

/** Run one stage; `live` streams its output, else it is kept for `heldOutput`. */
function run(stage, live) {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(stage.command, stage.args, { cwd: root, stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    let held = '';
    if (!live) {
      child.stdout.setEncoding('utf8').on('data', (s) => (held += s));
      child.stderr.setEncoding('utf8').on('data', (s) => (held += s));
    }
    const done = (code) => {
      const ok = code === 0;
      const status = `=== ${stage.name}: ${ok ? 'passed' : `FAILED (exit ${code})`} in ${seconds(t0)} s`;
      if (!live) heldOutput.push(`\n=== ${stage.name}\n${held}${status}\n`);
      console.log(status);
      resolve(ok);
    };
    child.on('error', (err) => {
      held += `${err.message}\n`;
      done(null);
    });
    child.on('close', done);
  });
}

const t0 = performance.now();
const stages = [...checks, unit];
let failed;
if (process.env.CLINREG_TEST_SERIAL === '1') {
  failed = [];
  for (const stage of stages) {
    if (!(await run(stage, true))) {
      failed.push(stage.name);
      break;
    }
  }
} else {
  const results = await Promise.all(stages.map((stage) => run(stage, stage === unit)));
  failed = stages.filter((_, i) => !results[i]).map((s) => s.name);
  process.stdout.write(heldOutput.join(''));
}
console.log(`\nnpm test: ${failed.length === 0 ? 'all stages passed' : `FAILED: ${failed.join(', ')}`} (${seconds(t0)} s)`);
process.exit(failed.length === 0 ? 0 : 1);
