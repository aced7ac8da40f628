// The native thread pool's hand-over between jobs (native/thread-pool.cpp). A worker that had just
// finished the last chunk of one job could claim a chunk of the next before the caller had opened
// it, when the caller had raised the chunk count but not yet the claim word: it then ran that
// chunk twice (an Adam update applied twice to one slice) or counted it done early, so the caller
// returned while the chunk still read its stack (a SIGSEGV in a 100k-row `clinreg train`). The
// race needs both threads preempted at the right instructions; CLINREG_TEST_POOL_DELAY_US makes
// both sleep there, so a child process meets it on every job: 2-chunk GEMMs alternate with
// 8-chunk Adam steps, whose state must equal the serial run's bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { kernels as K } from '../../src/index.js';
import { srcModule } from '../helpers/src-module.js';

const native = K.availableTiers().includes('native');

const CHILD = (url: string, steps: number): string => `
const K = await import(${JSON.stringify(url)});
const k = K.loadKernels('native');
function run(threads) {
  const used = K.setNumThreads(threads);
  const n = 1 << 17;
  const p = new Float32Array(n).map((_, i) => Math.sin(i)), g = new Float32Array(n).map((_, i) => Math.cos(0.7 * i));
  const m = new Float32Array(n), v = new Float32Array(n);
  const a = new Float32Array(96 * 256).fill(0.01), b = new Float32Array(256 * 96).fill(0.02), c = new Float32Array(96 * 96);
  for (let t = 1; t <= ${steps}; t++) {
    k.gemm(false, false, 96, 96, 256, a, b, c, false); // 2 chunks
    k.adam(n, p, g, m, v, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, step: t, decoupled: true }); // 8 chunks
  }
  return { state: [p, m, v], used };
}
const pooled = run(2), serial = run(1);
let differ = 0;
for (let j = 0; j < 3; j++) for (let i = 0; i < pooled.state[j].length; i++) if (pooled.state[j][i] !== serial.state[j][i]) differ++;
console.log(JSON.stringify({ differ, threads: pooled.used }));
`;

test('thread pool: a worker finishing one job never claims a chunk of the next before it opens (both threads delayed where the race needs them)', { skip: !native && 'the native tier is not built here' }, () => {
  const { args, url } = srcModule('kernels/index');
  const r = spawnSync(process.execPath, [...args, '--input-type=module', '-e', CHILD(url, 200)], {
    encoding: 'utf8',
    env: { ...process.env, CLINREG_TEST_POOL_DELAY_US: '50', CLINREG_NUM_THREADS: '2' },
    timeout: 120_000,
  });
  assert.equal(r.status, 0, `child: signal ${String(r.signal)}, stderr ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { differ: number; threads: number };
  if (out.threads < 2) return; // one hardware thread: the pool never runs a job in parallel
  assert.equal(out.differ, 0, 'Adam state after 200 steps beside GEMMs, 2 threads against 1');
});
