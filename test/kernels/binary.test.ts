// Elementwise arithmetic (Kernels.binary) and sums along a dimension (Kernels.sumAlong): the
// reference against hand values and plain arithmetic, then every tier against the reference, bit
// for bit for arithmetic (each result is the float32 rounding of the exact operation), on sizes
// that cross the vector width and the threading cut, same-shape and block-broadcast, swapped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator } from '../../src/index.js';
import { REF, TIERS, abs, assertClose, randomArray } from './tiers.js';

const F = [(x: number, y: number) => x + y, (x: number, y: number) => x - y, (x: number, y: number) => x * y, (x: number, y: number) => x / y];

/** Plain arithmetic, rounded to float32 like the kernels. */
function expected(op: number, a: Float32Array, b: Float32Array, mid: number, inner: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const bv = mid === 0 ? b[i]! : b[Math.floor(i / inner) % mid]!;
    out[i] = (op & 4) === 0 ? F[op & 3]!(a[i]!, bv) : F[op & 3]!(bv, a[i]!);
  }
  return out;
}

// [n, mid, inner]: same shape, row bias, column broadcast, scalar, conv-style channel block.
const CASES: Array<[number, number, number]> = [
  [1, 0, 1], [7, 0, 1], [33, 0, 1], [8192, 0, 1], [70001, 0, 1],
  [64 * 128, 128, 1], [3 * 17, 17, 1], [64 * 5, 1, 5], [1000, 1, 1000], [2 * 3 * 49, 3, 49], [4096 * 128, 128, 1], [4096 * 20, 4096, 20],
];

describe('binary / sumAlong reference', () => {
  test('hand values: add, sub, mul, div, swapped, broadcast', () => {
    const out = new Float32Array(4);
    REF.binary(1, 4, new Float32Array([5, 6, 7, 8]), new Float32Array([1, 2]), out, 2, 1);
    assert.deepEqual([...out], [4, 4, 6, 6]);
    REF.binary(1 | 4, 4, new Float32Array([5, 6, 7, 8]), new Float32Array([1, 2]), out, 2, 2);
    assert.deepEqual([...out], [-4, -5, -5, -6]);
    REF.binary(3, 4, new Float32Array([1, -1, 0, 2]), new Float32Array([0, 0, 0, 4]), out, 0, 1);
    assert.deepEqual([...out], [Infinity, -Infinity, NaN, 0.5]);
    const s = new Float32Array(2);
    REF.sumAlong(1, 2, 2, new Float32Array([1, 2, 3, 4]), s, 1);
    assert.deepEqual([...s], [4, 6]);
    REF.sumAlong(2, 2, 1, new Float32Array([1, 2, 3, 4]), s, 0.5);
    assert.deepEqual([...s], [1.5, 3.5]);
  });

  test('the reference equals plain float32 arithmetic for every operation and layout', () => {
    const g = new Generator(3);
    for (const [n, mid, inner] of CASES.slice(0, 10)) {
      const a = randomArray(g, n);
      const b = randomArray(g, mid === 0 ? n : mid, 0);
      for (let op = 0; op < 8; op++) {
        const out = new Float32Array(n);
        REF.binary(op, n, a, b, out, mid, inner);
        assert.deepEqual(out, expected(op, a, b, mid, inner), `op ${op}, [${n}, ${mid}, ${inner}]`);
      }
    }
  });
});

for (const tier of TIERS) {
  describe(`binary / sumAlong on ${tier.name}`, { skip: tier.skip }, () => {
    test('arithmetic equals the reference bit for bit (NaN and ±Infinity included)', () => {
      tier.use();
      try {
        const g = new Generator(5);
        for (const [n, mid, inner] of CASES) {
          const a = randomArray(g, n);
          const b = randomArray(g, mid === 0 ? n : mid);
          a[0] = NaN;
          for (let op = 0; op < 8; op++) {
            const want = new Float32Array(n);
            REF.binary(op, n, a, b, want, mid, inner);
            const got = new Float32Array(n).fill(7);
            tier.kernels!.binary(op, n, a, b, got, mid, inner);
            assert.deepEqual(got, want, `op ${op}, [${n}, ${mid}, ${inner}]`);
          }
          const inPlace = a.slice();
          tier.kernels!.binary(2, n, inPlace, b, inPlace, mid, inner);
          assert.deepEqual(inPlace, expected(2, a, b, mid, inner), 'in place');
        }
      } finally {
        tier.done();
      }
    });

    test('sumAlong matches the reference over [outer, n, inner] views', () => {
      tier.use();
      try {
        const g = new Generator(6);
        for (const [outer, n, inner] of [[1, 1, 1], [1, 4096, 128], [64, 128, 1], [3, 17, 33], [2, 5, 7], [4096, 128, 1], [1, 70001, 1], [5, 3, 4096]]) {
          const x = randomArray(g, outer * n * inner);
          const want = new Float32Array(outer * inner);
          REF.sumAlong(outer, n, inner, x, want, 0.25);
          const got = new Float32Array(outer * inner).fill(7);
          tier.kernels!.sumAlong(outer, n, inner, x, got, 0.25);
          const scale = new Float32Array(outer * inner);
          REF.sumAlong(outer, n, inner, abs(x), scale, 0.25);
          assertClose(got, want, `sumAlong [${outer}, ${n}, ${inner}]`, scale, 1e-6, 1e-7);
        }
      } finally {
        tier.done();
      }
    });
  });
}
