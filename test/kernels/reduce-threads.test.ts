// Sums on the native tier (Kernels.sum, Kernels.sumAlong) against a compensated float64
// reference: accumulated in double, so the full sum is within ~1e-13 of the exact value and each
// sumAlong output is the exact sum rounded once to float32; column sums in float (sumRows) equal
// the reference's row-order loop bit for bit; and all of them give the same bits with 1 and 2
// threads (the parallel split is by fixed blocks and whole columns, never inside a column's order).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator } from '../../src/index.js';
import { REF, TIERS, randomArray, withThreads } from './tiers.js';

/** Neumaier-compensated float64 sum of x[start + k·stride], k < count (error ~1e-16 relative to Σ|x|). */
function exactSum(x: Float32Array, start: number, count: number, stride: number): number {
  let s = 0;
  let c = 0;
  for (let k = 0; k < count; k++) {
    const v = x[start + k * stride]!;
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

for (const tier of TIERS.filter((t) => t.name.startsWith('native'))) {
  describe(`sum / sumAlong on ${tier.name}: double accumulation, thread-count invariant`, { skip: tier.skip }, () => {
    test('sum is within 1e-13·Σ|x| of the exact sum, and bit-identical on 1 and 2 threads', () => {
      tier.use();
      try {
        const g = new Generator(21);
        // Around the 16,384-element block, the threading cut (65,536) and a 2 MB tensor.
        for (const n of [16383, 16385, 65536 + 7, 4096 * 128, 1_000_003]) {
          const x = randomArray(g, n);
          for (let i = 0; i < n; i += 97) x[i] = x[i]! * 1e4; // a wide range of magnitudes
          const one = withThreads(1, () => tier.kernels!.sum(n, x));
          const two = withThreads(2, () => tier.kernels!.sum(n, x));
          assert.ok(Object.is(one, two), `sum n=${n}: 1 thread ${one}, 2 threads ${two}`);
          let mag = 0;
          for (let i = 0; i < n; i++) mag += Math.abs(x[i]!);
          const exact = exactSum(x, 0, n, 1);
          assert.ok(Math.abs(one - exact) <= 1e-13 * mag, `sum n=${n}: ${one} vs exact ${exact}`);
        }
      } finally {
        tier.done();
      }
    });

    test('sumAlong outputs are the exact sums rounded to float32, the same on 1 and 2 threads', () => {
      tier.use();
      try {
        const g = new Generator(22);
        for (const [outer, n, inner] of [[1, 4096, 128], [4096, 128, 1], [1001, 67, 1], [2, 9000, 45], [1, 200_001, 1], [3, 40_000, 1], [1, 70_000, 8]] as const) {
          const x = randomArray(g, outer * n * inner);
          for (const scale of [1, 0.25]) {
            const one = withThreads(1, () => {
              const out = new Float32Array(outer * inner);
              tier.kernels!.sumAlong(outer, n, inner, x, out, scale);
              return out;
            });
            const two = withThreads(2, () => {
              const out = new Float32Array(outer * inner);
              tier.kernels!.sumAlong(outer, n, inner, x, out, scale);
              return out;
            });
            assert.deepEqual(two, one, `sumAlong [${outer}, ${n}, ${inner}] scale ${scale}: 1 vs 2 threads`);
            const want = new Float32Array(outer * inner);
            for (let o = 0; o < outer; o++) {
              for (let j = 0; j < inner; j++) want[o * inner + j] = exactSum(x, o * n * inner + j, n, inner) * scale;
            }
            assert.deepEqual(one, want, `sumAlong [${outer}, ${n}, ${inner}] scale ${scale}: exact sum rounded once`);
          }
        }
      } finally {
        tier.done();
      }
    });

    test('sumRows equals the reference row-order float loop bit for bit, on 1 and 2 threads', () => {
      tier.use();
      try {
        const g = new Generator(23);
        for (const [m, n] of [[4096, 128], [4096, 64], [300, 1000], [70_000, 20], [33, 7]] as const) {
          const x = randomArray(g, m * n);
          const want = new Float32Array(n);
          REF.sumRows(m, n, x, want, false);
          for (const threads of [1, 2]) {
            const got = withThreads(threads, () => {
              const out = new Float32Array(n).fill(5);
              tier.kernels!.sumRows(m, n, x, out, false);
              return out;
            });
            assert.deepEqual(got, want, `sumRows ${m}×${n} on ${threads} thread(s)`);
          }
        }
      } finally {
        tier.done();
      }
    });
  });
}
