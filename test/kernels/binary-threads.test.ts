// Elementwise arithmetic on the native tier around the threading cut (65,536 element-operations,
// native/parallel.h) and at odd sizes: 1 and 2 threads give the same bits as the reference, so no
// element is skipped, computed twice or read across a chunk boundary, whichever thread runs a
// chunk (the pool may also hand every chunk to the caller when its worker gets no core).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator } from '../../src/index.js';
import { BINARY_OPS, REF, TIERS, randomArray, withThreads } from './tiers.js';

// [n, mid, inner]: same shape just below, at and above the cut and odd sizes; a [rows, 128] bias
// with rows around 65,536 / 128; a column broadcast ([rows, 1] against [rows, 128]); a scalar.
const CASES: Array<[number, number, number]> = [
  [65535, 0, 1], [65536, 0, 1], [65537, 0, 1], [65536 + 15, 0, 1], [131075, 0, 1], [4096 * 128 + 5, 0, 1],
  [511 * 128, 128, 1], [512 * 128, 128, 1], [513 * 128, 128, 1], [1023 * 33, 33, 1],
  [513 * 128, 513, 128], [1025 * 64, 1025, 64], [70001, 1, 70001],
];

for (const tier of TIERS.filter((t) => t.name.startsWith('native'))) {
  describe(`binary on ${tier.name}: 1 and 2 threads around the threading cut`, { skip: tier.skip }, () => {
    test('every operation gives the reference bits on 1 and on 2 threads', () => {
      tier.use();
      try {
        const g = new Generator(31);
        for (const [n, mid, inner] of CASES) {
          const a = randomArray(g, n);
          const b = randomArray(g, mid === 0 ? n : mid);
          for (const op of BINARY_OPS) {
            const want = new Float32Array(n);
            REF.binary(op, n, a, b, want, mid, inner);
            for (const threads of [1, 2]) {
              // Several calls: the pool's serial fallback (after calls the caller ran alone) is
              // taken or not depending on the machine; each call must give the same bits.
              for (let rep = 0; rep < 3; rep++) {
                const got = withThreads(threads, () => {
                  const out = new Float32Array(n).fill(7);
                  tier.kernels!.binary(op, n, a, b, out, mid, inner);
                  return out;
                });
                assert.deepEqual(got, want, `op ${op}, [${n}, ${mid}, ${inner}] on ${threads} thread(s), call ${rep + 1}`);
              }
            }
          }
        }
      } finally {
        tier.done();
      }
    });
  });
}
