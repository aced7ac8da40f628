import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError, parallel } from '../../src/index.js';

type Task = { kind: 'square' | 'throw' | 'die' | 'plain-throw' | 'overlap'; x: number };
type Reply = { x: number; square: Float64Array };
const module = new URL(import.meta.url.endsWith('.ts') ? './echo-worker.ts' : './echo-worker.js', import.meta.url);

test('WorkerPool: results in task order, doubles bit for bit, more tasks than workers', async () => {
  const pool = new parallel.WorkerPool<Task, Reply>(module, { workers: 2 });
  try {
    assert.equal(pool.size, 2);
    const xs = [3, 1, 4, 1, 5, 9, 2, 6];
    const out = await pool.map(xs.map((x) => ({ kind: 'square', x })));
    assert.deepEqual(out.map((r) => r.x), xs);
    out.forEach((r, i) => assert.deepEqual(Array.from(r.square), [xs[i]! * xs[i]!, Math.PI / xs[i]!]));
  } finally {
    await pool.close();
  }
});

test('WorkerPool: a task error keeps its code; a dying worker fails its task with E_WORKER and is replaced', async () => {
  const pool = new parallel.WorkerPool<Task, Reply>(module, { workers: 1 });
  try {
    await assert.rejects(pool.run({ kind: 'throw', x: 7 }), (e) => e instanceof parallel.WorkerTaskError && e.code === 'E_VALUE' && e.remoteName === 'ValueError' && e.message.includes('x=7'));
    await assert.rejects(pool.run({ kind: 'plain-throw', x: 0 }), (e) => e instanceof parallel.WorkerTaskError && e.code === 'E_WORKER' && e.remoteName === 'TypeError');
    await assert.rejects(pool.run({ kind: 'die', x: 0 }), (e) => e instanceof parallel.WorkerTaskError && e.code === 'E_WORKER' && /exited with code 3/.test(e.message));
    assert.equal((await pool.run({ kind: 'square', x: 2 })).square[0], 4); // the replacement worker serves
  } finally {
    await pool.close();
  }
  await assert.rejects(pool.run({ kind: 'square', x: 1 }), ValueError);
  assert.throws(() => new parallel.WorkerPool(module, { workers: 0 }), (e) => e instanceof ValueError && /workers must be a positive integer/.test(e.message));
});

test('WorkerPool: a module that does not load fails the tasks with E_WORKER instead of restarting threads forever', async () => {
  const pool = new parallel.WorkerPool<Task, Reply>(new URL('./no-such-worker.js', import.meta.url), { workers: 2 });
  await assert.rejects(pool.run({ kind: 'square', x: 1 }), (e) => e instanceof parallel.WorkerTaskError && e.code === 'E_WORKER');
  await assert.rejects(pool.run({ kind: 'square', x: 1 }), ValueError); // closed
  await pool.close();
});

test('WorkerPool pipeline: 2 sends a worker its next task before it answers the first; 1 never does', async () => {
  for (const pipeline of [1, 2]) {
    const pool = new parallel.WorkerPool<Task, Reply>(module, { workers: 1, pipeline });
    try {
      const out = await pool.map([{ kind: 'overlap', x: 1000 }, { kind: 'overlap', x: 1 }]);
      assert.equal(out[1]!.square[0], pipeline, `pipeline ${pipeline}: tasks held at once`);
    } finally {
      await pool.close();
    }
  }
  assert.throws(() => new parallel.WorkerPool(module, { workers: 1, pipeline: 0 }), (e) => e instanceof ValueError && /pipeline must be a positive integer/.test(e.message));
});
