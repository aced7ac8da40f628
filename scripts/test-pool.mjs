// The job pool of `npm test` and scripts/run-tests.mjs: runs child processes (test files, tsc,
// eslint, the examples) a few at a time, longest first, keeps each one's output together, and ends
// on one summary that repeats the failures. Not run by itself.
//
// - Concurrency: os.availableParallelism() (CLINREG_TEST_CONCURRENCY overrides it). Serial mode
//   (CLINREG_TEST_SERIAL=1 or --serial) runs one job at a time and streams its output live, in the
//   order of the list, for debugging.
// - Longest first: every job carries an estimate of its wall seconds (scripts/test-times.json,
//   written by CLINREG_TEST_RECORD=1 from a parallel run on 2 cores; a heuristic for files not in
//   it), and a free slot takes the longest job that is ready. A job may wait for a promise (the unit
//   tests wait for their esbuild bundle); the slots run ready jobs meanwhile.
// - Groups: the files that start Chromium (a multi-process browser each) are one group: a free
//   slot does not start a second one beside a running one while any other job is ready.
// - Output: a job's stdout and stderr go to one buffer, printed whole when it ends under a header
//   line, so lines of two files never interleave.
// - CPU: on Linux each job's CPU seconds (user + system, with the child processes it waited for)
//   are shown beside its wall seconds, summed in the summary and recorded in the table too. Not
//   counted: processes a job's children did not wait for — Chromium's renderer and utility
//   processes mostly (the five browser files: ~32 s counted, ~60 s of the machine's CPU measured
//   from /proc/stat over the same run, 2026-12-06) — and this process's own work (esbuild
//   transpiling and bundling the test files: ~7 s for the whole suite).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TIMES = join(root, 'scripts', 'test-times.json');

/** Whether jobs run one at a time with live output (CLINREG_TEST_SERIAL=1 or a --serial argument). */
export function serialMode(argv) {
  return process.env.CLINREG_TEST_SERIAL === '1' || argv.includes('--serial');
}

/** How many jobs run at once: 1 in serial mode, else CLINREG_TEST_CONCURRENCY or the logical cores. */
export function concurrencyFor(serial) {
  if (serial) return 1;
  const n = Number(process.env.CLINREG_TEST_CONCURRENCY ?? availableParallelism());
  return Number.isInteger(n) && n >= 1 ? n : availableParallelism();
}

/** The committed table of wall seconds per job name ({} when it is missing or unreadable). */
export function loadTimes() {
  try {
    return JSON.parse(readFileSync(TIMES, 'utf8')).seconds ?? {};
  } catch {
    return {};
  }
}

/**
 * Estimated wall seconds of a test file not in the table: ~0.4 s for the process, plus ~1 s for
 * every child process or browser it starts (counted in its source).
 */
export function guessSeconds(file) {
  const text = source(file);
  const spawns = (text.match(/\b(runCli|spawn|spawnSync|execFile|chromium\.launch|launch)\(/g) ?? []).length;
  return text === '' ? 1 : 0.4 + spawns;
}

/** 'chromium' for a test file that starts Chromium, else undefined. */
export function groupOf(file) {
  return /\b(withChromium|launchPersistentContext|chromium\.launch)\(/.test(source(file)) ? 'chromium' : undefined;
}

/** The text of a file of the project ('' when it cannot be read). */
function source(file) {
  try {
    return readFileSync(join(root, file), 'utf8');
  } catch {
    return '';
  }
}

/** Sums of the node:test summary lines (`ℹ tests 3`, `ℹ pass 3`, …) in one output. */
export function countTests(output) {
  const counts = { tests: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  for (const m of plain.matchAll(/^ℹ (tests|pass|fail|cancelled|skipped|todo) (\d+)$/gm)) counts[m[1]] += Number(m[2]);
  return counts;
}

/**
 * CPU seconds (user + system) of the reaped children of this process so far (Linux: cutime and
 * cstime of /proc/self/stat, in USER_HZ = 100 ticks a second), or undefined elsewhere. A child's
 * figure includes its own children that it waited for (the CLI runs a test spawns, Chromium).
 */
function childrenCpu() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state is field 3 of stat(5), so cutime (16) and cstime (17) are at 13 and 14 here.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

let reapedCpu = childrenCpu();

/** Start one job; resolves with its result (never rejects). `live` also writes its output through as it comes. */
function start(job, live) {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let output = '';
    let child;
    try {
      const args = typeof job.args === 'function' ? job.args() : job.args;
      // Live: written through as it comes (colours kept on a terminal) and kept for the summary's counts.
      const colour = live && process.stdout.isTTY ? { FORCE_COLOR: '1' } : {};
      child = spawn(job.command, args, { cwd: job.cwd ?? root, env: { ...process.env, ...colour, ...job.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      resolve({ job, ok: false, code: null, signal: null, seconds: 0, output: `${err.message}\n` });
      return;
    }
    child.stdout.setEncoding('utf8').on('data', (s) => {
      output += s;
      if (live) process.stdout.write(s);
    });
    child.stderr.setEncoding('utf8').on('data', (s) => {
      output += s;
      if (live) process.stderr.write(s);
    });
    let settled = false;
    // A job that hangs fails after job.timeoutSeconds instead of holding `npm test` forever.
    const timer = job.timeoutSeconds === undefined ? undefined : setTimeout(() => {
      output += `\n${job.name}: killed after ${job.timeoutSeconds} s (timeout)\n`;
      child.kill('SIGKILL');
    }, job.timeoutSeconds * 1000);
    // CPU: the growth of this process's reaped-children time when this child is reaped ('exit' is
    // emitted right after the wait; two children reaped in one event-loop turn count as the first).
    let cpu;
    child.on('exit', () => {
      const now = childrenCpu();
      if (now === undefined || reapedCpu === undefined) return;
      cpu = now - reapedCpu;
      reapedCpu = now;
    });
    const done = (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const seconds = (performance.now() - t0) / 1000;
      resolve({ job, ok: code === 0, code, signal, seconds, cpu, output });
    };
    child.on('error', (err) => {
      output += `${err.message}\n`;
      done(null, null);
    });
    child.on('close', done);
  });
}

/** The header a job's output is printed under. */
function header(r) {
  const status = r.ok ? 'ok' : `FAILED (${r.signal ?? `exit ${r.code}`})`;
  return `\n━━ ${r.job.name}: ${status} in ${r.seconds.toFixed(1)} s${r.cpu === undefined ? '' : ` (${r.cpu.toFixed(1)} s CPU)`}`;
}

/**
 * Runs `jobs` ({ name, kind ('test' for a test file, else 'check'), command, args (or a function
 * returning them, called at the start), env?, estimate, group? (jobs of one group do not run
 * side by side while another ready job can run instead), timeoutSeconds? (SIGKILL after it),
 * ready? (a promise; the job waits for it and fails with its error when it rejects) }) `concurrency` at a time, longest estimate first among
 * the ready ones, or one at a time in list order with live output when `serial`.
 * Resolves with one result per job ({ job, ok, code, signal, seconds, output }), in finishing order.
 */
export async function runPool(jobs, { concurrency, serial }) {
  const results = [];
  if (serial) {
    for (const job of jobs) {
      try {
        await job.ready;
      } catch (err) {
        results.push({ job, ok: false, code: null, signal: null, seconds: 0, output: `${err?.stack ?? err}\n` });
        continue;
      }
      console.log(`\n━━ ${job.name}`);
      const r = await start(job, true);
      console.log(header(r).trimStart());
      results.push(r);
    }
    return results;
  }
  const waiting = jobs.map((job) => ({ job, ready: job.ready === undefined, error: undefined }));
  const sleepers = [];
  const wake = () => sleepers.splice(0).forEach((resolve) => resolve());
  for (const w of waiting) {
    if (w.ready) continue;
    w.job.ready.then(
      () => ((w.ready = true), wake()),
      (err) => ((w.ready = true), (w.error = err), wake()),
    );
  }
  /** Groups of the jobs running now (a job with a group waits while another of its group runs, unless nothing else is ready). */
  const running = new Map();
  const next = () => {
    let best = -1;
    let fallback = -1;
    for (let i = 0; i < waiting.length; i++) {
      const w = waiting[i];
      if (!w.ready) continue;
      if (fallback === -1 || w.job.estimate > waiting[fallback].job.estimate) fallback = i;
      if ((running.get(w.job.group) ?? 0) > 0) continue;
      if (best === -1 || w.job.estimate > waiting[best].job.estimate) best = i;
    }
    const i = best === -1 ? fallback : best;
    return i === -1 ? undefined : waiting.splice(i, 1)[0];
  };
  const slot = async () => {
    while (waiting.length > 0) {
      const w = next();
      if (w === undefined) {
        await new Promise((resolve) => sleepers.push(resolve));
        continue;
      }
      const group = w.job.group;
      if (group !== undefined) running.set(group, (running.get(group) ?? 0) + 1);
      const r = w.error !== undefined ? { job: w.job, ok: false, code: null, signal: null, seconds: 0, output: `${w.error?.stack ?? w.error}\n` } : await start(w.job, false);
      if (group !== undefined) running.set(group, running.get(group) - 1);
      process.stdout.write(`${header(r)}\n${r.output}`);
      results.push(r);
    }
    wake();
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, slot));
  return results;
}

/**
 * Prints the summary (test counts, slowest jobs, then every failure again) and returns the exit
 * status: 0 when every job passed and the test files passed every test.
 */
export function summarise(results, { wallSeconds, concurrency, title }) {
  const files = results.filter((r) => r.job.kind === 'test');
  const counts = countTests(files.map((r) => r.output).join('\n'));
  const failed = results.filter((r) => !r.ok);
  const lines = [`\n━━━━ ${title}: ${results.length} jobs, ${concurrency} at a time, ${wallSeconds.toFixed(1)} s wall`];
  if (files.length > 0) {
    const fileCount = files.reduce((n, r) => n + (r.job.files ?? 1), 0);
    lines.push(`  test files: ${fileCount} (${files.length} processes), tests: ${counts.tests}, passed: ${counts.pass}, failed: ${counts.fail}, cancelled: ${counts.cancelled}, skipped: ${counts.skipped}, todo: ${counts.todo}`);
  }
  for (const r of results.filter((x) => x.job.kind !== 'test')) lines.push(`  ${r.job.name}: ${r.ok ? 'passed' : 'FAILED'} in ${r.seconds.toFixed(1)} s`);
  const slowest = [...results].sort((a, b) => b.seconds - a.seconds).slice(0, 5);
  lines.push(`  slowest: ${slowest.map((r) => `${r.job.name} ${r.seconds.toFixed(1)} s`).join(', ')}`);
  const timed = results.filter((r) => r.cpu !== undefined);
  if (timed.length > 0) {
    const total = timed.reduce((sum, r) => sum + r.cpu, 0);
    const costliest = [...timed].sort((a, b) => b.cpu - a.cpu).slice(0, 5);
    lines.push(`  CPU of the jobs: ${total.toFixed(1)} s (user + system, with the child processes they waited for: not all of Chromium's); most: ${costliest.map((r) => `${r.job.name} ${r.cpu.toFixed(1)} s`).join(', ')}`);
  }
  for (const r of failed) {
    const at = r.output.search(/^✖ failing tests:$/m);
    lines.push(`\n✖ FAILED ${r.job.name} (${r.signal ?? `exit ${r.code}`}, ${r.seconds.toFixed(1)} s)`, at === -1 ? r.output.trimEnd() : r.output.slice(at).trimEnd());
  }
  const status = failed.length === 0 && counts.fail === 0 && counts.cancelled === 0 ? 0 : 1;
  lines.push(status === 0 ? `\n${title}: all passed` : `\n${title}: FAILED: ${failed.map((r) => r.job.name).join(', ') || 'tests failed'}`);
  console.log(lines.join('\n'));
  return status;
}

/** The committed table's CPU seconds per job name ({} when missing). */
function loadCpu() {
  try {
    return JSON.parse(readFileSync(TIMES, 'utf8')).cpu ?? {};
  } catch {
    return {};
  }
}

/** With CLINREG_TEST_RECORD=1: merges the measured wall seconds (and CPU seconds) into scripts/test-times.json. */
export function recordTimes(results, concurrency) {
  if (process.env.CLINREG_TEST_RECORD !== '1') return;
  const seconds = loadTimes();
  const cpu = loadCpu();
  // A process of several files is named by its folder and file count, which change as files come
  // and go; its figures are kept only from this run (estimates come from the files' own entries).
  const current = new Set(results.map((r) => r.job.name));
  for (const table of [seconds, cpu]) for (const name of Object.keys(table)) if (name.endsWith(' files, one process)') && !current.has(name)) delete table[name];
  for (const r of results) {
    if (!r.ok) continue;
    seconds[r.job.name] = Math.round(r.seconds * 10) / 10;
    if (r.cpu !== undefined) cpu[r.job.name] = Math.round(r.cpu * 10) / 10;
  }
  const order = (table) => Object.fromEntries(Object.entries(table).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  const doc = {
    about: `Wall seconds per job of a parallel run (${concurrency} at a time): the longest-first order of scripts/test-pool.mjs; cpu: user + system seconds of each job's process and the children it waited for. Refresh with CLINREG_TEST_RECORD=1 npm test.`,
    seconds: order(seconds),
    cpu: order(cpu),
  };
  writeFileSync(TIMES, `${JSON.stringify(doc, null, 1)}\n`);
  console.log(`test-times: ${results.length} entries written to scripts/test-times.json`);
}
