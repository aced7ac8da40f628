// Integration tests of the Redis sweep path. They need a Redis server: set CLINREG_TEST_REDIS_URL
// (.ci/run starts redis-server on 127.0.0.1 and sets it). Without it they are skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweep } from '../../src/index.js';
import { cliArgs, REPO_ROOT } from '../cli/run-cli.js';

const URL = process.env['CLINREG_TEST_REDIS_URL'];
const skip = URL === undefined ? 'CLINREG_TEST_REDIS_URL is not set (start redis-server and set it to redis://127.0.0.1:PORT to run the Redis sweep tests)' : false;
const HEART = 'data/heart-disease/heart_disease_4sites.csv';
const roles = { target: 'num', positive: '>0', site: 'site' };
// A fresh seed per run gives a fresh sweep id, so results left in Redis by an earlier run are not reused.
const freshSeed = (): number => (Date.now() % 1_000_000) * 10 + (process.pid % 10);

function sameNumbers(a: sweep.SweepResult, b: sweep.SweepResult): void {
  assert.equal(a.configs.length, b.configs.length);
  a.configs.forEach((c, i) => {
    const d = b.configs[i]!;
    assert.deepEqual(Array.from(c.validation.predictions.yProb), Array.from(d.validation.predictions.yProb));
    assert.equal(c.logLoss, d.logLoss);
    assert.deepEqual(c.validation.crossSite.sites.map((s) => [s.site, s.auc, s.oe, s.slope]), d.validation.crossSite.sites.map((s) => [s.site, s.auc, s.oe, s.slope]));
  });
  assert.equal(a.chosen, b.chosen);
}

test('Redis sweep with 2 workers equals the in-process run of the same plan, number for number', { skip }, async () => {
  const plan = sweep.planSweep(sweep.dataRef(HEART, roles), { grid: sweep.parseGrid(['dropout=0.1,0.5']), base: { epochs: 3, patience: 2, hiddenSizes: [8] }, seed: freshSeed() });
  const workers = await Promise.all([1, 2].map(() => sweep.startSweepWorker({ redis: URL!, concurrency: 1 })));
  try {
    const remote = await sweep.runSweepOnRedis(plan, { redis: URL!, timeoutMs: 120_000, pollMs: 100 });
    assert.equal(remote.duplicates, 0);
    sameNumbers(remote, await sweep.runSweep(plan, { threads: 0 }));
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
});

test('a worker that finds other bytes at the data path fails the job at once (E_SWEEP_JOB naming the SHA-256 check)', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-redis-'));
  const taken: string[] = [];
  const worker = await sweep.startSweepWorker({ redis: URL!, concurrency: 1 });
  try {
    const file = join(dir, 'heart.csv');
    // Other bytes than the bundled file (one age changed), so no thread has this content cached.
    writeFileSync(file, readFileSync(HEART, 'utf8').replace('cleveland,63,', 'cleveland,64,'));
    const plan = sweep.planSweep(sweep.dataRef(file, roles), { grid: sweep.parseGrid(['dropout=0.3']), base: { epochs: 2 }, seed: freshSeed() });
    writeFileSync(file, 'site,age,num\na,1,0\n');
    await assert.rejects(sweep.runSweepOnRedis(plan, { redis: URL!, timeoutMs: 60_000, pollMs: 100 }), (e: Error & { code?: string }) => e.code === 'E_SWEEP_JOB' && /SHA-256/.test(e.message) && /after 1 try/.test(e.message));
    // The sweep gave up: its jobs no worker had taken are withdrawn; none waits in the queue for a worker.
    await worker.close();
    const again = await sweep.startSweepWorker({ redis: URL!, concurrency: 1, onEvent: (e) => taken.push(e.jobId) });
    await new Promise((r) => setTimeout(r, 1500));
    await again.close();
    assert.deepEqual(taken.filter((id) => id.startsWith(plan.id)), []);
  } finally {
    await worker.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** `clinreg worker` as a child process; resolves `started` with the first job of sweep `prefix` it starts. */
function startWorker(lockMs: number, prefix: string): { child: ChildProcess; lines: string[]; started: Promise<string> } {
  const child = spawn(process.execPath, [...cliArgs(), 'worker', '--redis', URL!, '--concurrency', '1', '--lock-duration', String(lockMs)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buffer = '';
  const started = new Promise<string>((resolve) => {
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      buffer += s;
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (line.startsWith(`started ${prefix}`)) resolve(line.slice(8));
      }
    });
  });
  child.stderr!.resume();
  return { child, lines, started };
}

const exited = (child: ChildProcess): Promise<void> => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

test('a worker SIGKILLed mid-job: its job is retried by another worker, no result lost or counted twice, numbers equal the in-process run', { skip, timeout: 180_000 }, async () => {
  const plan = sweep.planSweep(sweep.dataRef(HEART, roles), { grid: sweep.parseGrid(['dropout=0.1,0.5']), base: { epochs: 12, patience: 12, hiddenSizes: [8] }, seed: freshSeed() });
  const collected: string[] = [];
  const submitted = sweep.runSweepOnRedis(plan, { redis: URL!, timeoutMs: 150_000, pollMs: 100, onJob: (r) => collected.push(r.jobId) });
  const doomed = startWorker(3000, plan.id);
  const killedJob = await doomed.started;
  doomed.child.kill('SIGKILL');
  await exited(doomed.child);
  const others = [startWorker(3000, plan.id), startWorker(3000, plan.id)];
  try {
    const remote = await submitted;
    assert.ok(plan.jobs.some((j) => j.id === killedJob), `the killed worker had started a job of this sweep (${killedJob})`);
    assert.ok(!doomed.lines.includes(`completed ${killedJob}`), 'the killed worker did not finish its job');
    const completed = others.flatMap((w) => w.lines.filter((l) => l.startsWith('completed ')).map((l) => l.slice(10)));
    assert.equal(completed.filter((id) => id === killedJob).length, 1, 'the killed job ran to completion once, on another worker');
    assert.deepEqual([...collected].sort(), plan.jobs.map((j) => j.id).sort(), 'every job collected exactly once');
    assert.equal(remote.duplicates, 0);
    sameNumbers(remote, await sweep.runSweep(plan, { threads: 0 }));
  } finally {
    for (const w of others) w.child.kill('SIGTERM');
    await Promise.all(others.map((w) => exited(w.child)));
  }
});
