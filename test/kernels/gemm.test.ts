// GEMM parity: every tier (each native ISA path, wasm) against the TypeScript reference, on odd
// sizes, all transpose variants, accumulate, GEMV shapes (m = 1, n = 1), k = 1, k = 0, sizes past
// the packing blocks (k > 256, n > 1024) and past the threading threshold.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator, ValueError, kernels as K } from '../../src/index.js';
import { REF, TIERS, abs, assertClose, randomArray } from './tiers.js';

type Shape = [m: number, n: number, k: number];

const SHAPES: Shape[] = [
  [1, 1, 1], [1, 1, 7], [1, 17, 1], [17, 1, 1], [1, 33, 20], [64, 1, 20], [64, 1, 64], [3, 5, 7],
  [13, 31, 17], [12, 32, 9], [25, 65, 33], [64, 128, 20], [64, 20, 128], [20, 128, 64], [7, 9, 300],
  [100, 3, 129], [5, 1100, 3], [96, 130, 257], [130, 200, 150],
];

function reference(ta: boolean, tb: boolean, [m, n, k]: Shape, a: Float32Array, b: Float32Array, c0: Float32Array, acc: boolean): { c: Float32Array; scale: Float32Array } {
  const c = c0.slice();
  REF.gemm(ta, tb, m, n, k, a, b, c, acc);
  const scale = acc ? abs(c0) : new Float32Array(m * n);
  REF.gemm(ta, tb, m, n, k, abs(a), abs(b), scale, true);
  return { c, scale };
}

for (const tier of TIERS) {
  describe(`gemm on ${tier.name}`, { skip: tier.skip }, () => {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        test(`transA=${ta} transB=${tb}, ${SHAPES.length} shapes, with and without accumulate`, () => {
          tier.use();
          try {
            const g = new Generator(7 + (ta ? 2 : 0) + (tb ? 1 : 0));
            for (const shape of SHAPES) {
              const [m, n, k] = shape;
              const a = randomArray(g, m * k);
              const b = randomArray(g, k * n);
              for (const acc of [false, true]) {
                const c0 = acc ? randomArray(g, m * n, 0) : new Float32Array(m * n).fill(Number.NaN);
                const { c: expected, scale } = reference(ta, tb, shape, a, b, acc ? c0 : new Float32Array(m * n), acc);
                const c = c0.slice();
                tier.kernels!.gemm(ta, tb, m, n, k, a, b, c, acc);
                assertClose(c, expected, `${tier.name} gemm ${ta ? 'T' : 'N'}${tb ? 'T' : 'N'} ${m}×${n}×${k} acc=${acc}`, scale);
              }
            }
          } finally {
            tier.done();
          }
        });
      }
    }

    test('k = 0 writes zeros (or leaves C when accumulating)', () => {
      tier.use();
      try {
        const c = new Float32Array([1, 2, 3, 4, 5, 6]);
        tier.kernels!.gemm(false, false, 2, 3, 0, new Float32Array(0), new Float32Array(0), c, true);
        assert.deepEqual([...c], [1, 2, 3, 4, 5, 6]);
        tier.kernels!.gemm(false, false, 2, 3, 0, new Float32Array(0), new Float32Array(0), c, false);
        assert.deepEqual([...c], [0, 0, 0, 0, 0, 0]);
      } finally {
        tier.done();
      }
    });

    test('operates on subarray views (offsets into a larger buffer)', () => {
      tier.use();
      try {
        const g = new Generator(3);
        const big = randomArray(g, 200);
        const a = big.subarray(10, 10 + 6 * 4);
        const b = big.subarray(50, 50 + 4 * 5);
        const out = new Float32Array(40).fill(9);
        const c = out.subarray(7, 7 + 6 * 5);
        const expected = new Float32Array(30);
        REF.gemm(false, false, 6, 5, 4, a, b, expected, false);
        tier.kernels!.gemm(false, false, 6, 5, 4, a, b, c, false);
        assertClose(c, expected, `${tier.name} views`);
        assert.equal(out[6], 9);
        assert.equal(out[37], 9);
      } finally {
        tier.done();
      }
    });
  });
}

describe('gemm reference', () => {
  test('matches a hand-computed product', () => {
    const c = new Float32Array(4);
    REF.gemm(false, false, 2, 2, 3, new Float32Array([1, 2, 3, 4, 5, 6]), new Float32Array([7, 8, 9, 10, 11, 12]), c, false);
    assert.deepEqual([...c], [58, 64, 139, 154]);
  });
});

describe('tier loading', () => {
  test('an unknown tier is a ValueError', () => {
    assert.throws(() => K.loadKernels('gpu' as K.KernelTier), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
  });

  test('the active tier is the fastest available unless CLINREG_KERNELS forces one', () => {
    const info = K.kernelInfo();
    const forced = process.env['CLINREG_KERNELS'];
    assert.equal(info.tier, forced !== undefined && forced !== '' ? forced : K.availableTiers()[0]);
    assert.equal(K.kernels().tier, info.tier);
    assert.ok(info.reason.length > 0);
  });

  test('setNumThreads validates and reports the count in force', () => {
    assert.throws(() => K.setNumThreads(0), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
    const before = K.getNumThreads();
    try {
      assert.equal(K.setNumThreads(1), 1);
      assert.equal(K.getNumThreads(), 1);
    } finally {
      K.setNumThreads(before);
    }
  });
});

describe('native argument checks', { skip: K.availableTiers().includes('native') ? false : 'native tier not built' }, () => {
  test('arrays shorter than the sizes, or of the wrong type, throw instead of touching memory', () => {
    const native = K.loadKernels('native');
    const a = new Float32Array(6);
    assert.throws(() => native.gemm(false, false, 2, 3, 3, a, new Float32Array(9), new Float32Array(5), false), RangeError);
    assert.throws(() => native.gemm(false, false, 2, 3, 3, new Float64Array(6) as unknown as Float32Array, new Float32Array(9), new Float32Array(6), false), TypeError);
    assert.throws(() => native.relu(-1, a, a), TypeError);
  });
});
