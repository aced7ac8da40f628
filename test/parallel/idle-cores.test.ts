import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpus } from 'node:os';
import { parallel } from '../../src/index.js';

test('idleWorkers: the idle cores (cores less the load, rounded) but the calling thread’s, at most one per task', () => {
  assert.equal(parallel.idleWorkers(8, 0, 2), 1, 'idle 2-core machine: one worker');
  assert.equal(parallel.idleWorkers(8, 0.4, 2), 1, 'load 0.4 rounds to 2 idle cores');
  assert.equal(parallel.idleWorkers(8, 0.6, 2), 0, 'load 0.6: one idle core, the calling thread’s');
  assert.equal(parallel.idleWorkers(8, 14, 2), 0, 'overloaded: none');
  assert.equal(parallel.idleWorkers(3, 1, 16), 3, 'at most one per task');
  assert.equal(parallel.idleWorkers(0, 0, 16), 0, 'no task, no worker');
  assert.equal(parallel.idleWorkers(20, 2.5, 16), 13, '16 cores less a load of 2.5: 13.5 rounds to 14 idle, less this thread');
});

test('IdleCoresProbe: null before its window is long enough to tell, then the idle cores of the window (0 to the core count)', () => {
  const probe = new parallel.IdleCoresProbe();
  assert.equal(probe.idleCores(60_000), null, 'a minute has not passed');
  const t0 = performance.now();
  while (performance.now() - t0 < 60) Math.sqrt(t0); // this thread busy for 60 ms
  const idle = probe.idleCores();
  assert.ok(idle !== null && Number.isFinite(idle), String(idle));
  // This thread kept one core busy all along: at most the others (plus one 10 ms tick of slack per core) were idle.
  assert.ok(idle >= 0 && idle <= cpus().length - 1 + (cpus().length * 10) / 60, `idle ${idle} of ${cpus().length} cores`);
});
