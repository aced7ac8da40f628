// Batch-norm kernels over [n, c, s]: reference statistics by hand and backward against central
// differences, then every tier against the reference (s = 1 as BatchNorm1d, s > 1 as 2d).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator } from '../../src/index.js';
import { REF, TIERS, assertClose, randomArray } from './tiers.js';

describe('batchnorm reference', () => {
  test('batch mean, biased variance and normalised output', () => {
    const x = new Float32Array([1, 10, 3, 20]); // [n=2, c=2]
    const y = new Float32Array(4);
    const mean = new Float32Array(2);
    const variance = new Float32Array(2);
    REF.batchNormTrain(2, 2, 1, x, new Float32Array([2, 1]), new Float32Array([0, 5]), 0, y, mean, variance);
    assert.deepEqual([...mean], [2, 15]);
    assert.deepEqual([...variance], [1, 25]);
    assert.deepEqual([...y], [-2, 4, 2, 6]);
  });

  test('backward matches central differences (with and without affine)', () => {
    const g = new Generator(41);
    const [n, c, s] = [3, 2, 4];
    const x = randomArray(g, n * c * s, 0);
    const w = randomArray(g, n * c * s, 0);
    for (const gamma of [null, new Float32Array([1.5, -0.5])]) {
      const f = (xs: Float32Array): number => {
        const y = new Float32Array(xs.length);
        REF.batchNormTrain(n, c, s, xs, gamma, null, 1e-5, y, new Float32Array(c), new Float32Array(c));
        return y.reduce((a, v, i) => a + v * w[i]!, 0);
      };
      const mean = new Float32Array(c);
      const variance = new Float32Array(c);
      REF.batchNormTrain(n, c, s, x, gamma, null, 1e-5, new Float32Array(x.length), mean, variance);
      const dx = new Float32Array(x.length);
      REF.batchNormBackward(n, c, s, x, w, gamma, mean, variance, 1e-5, dx, null, null);
      for (let i = 0; i < x.length; i++) {
        const up = x.slice();
        const down = x.slice();
        up[i]! += 1e-2;
        down[i]! -= 1e-2;
        const numeric = (f(up) - f(down)) / 2e-2;
        assert.ok(Math.abs(numeric - dx[i]!) < 5e-3 * (1 + Math.abs(numeric)), `element ${i}: ${dx[i]} vs ${numeric}`);
      }
    }
  });
});

// [257, 66, 1] and [200, 83, 1]: channel counts that leave lanes over in the wasm tier's
// four- and two-channel steps, above its module threshold (16,384 elements).
const SHAPES: Array<[number, number, number]> = [[2, 1, 1], [64, 128, 1], [7, 13, 1], [4096, 64, 1], [257, 66, 1], [200, 83, 1], [3, 5, 7], [32, 16, 64], [2, 3, 1025]];

for (const tier of TIERS) {
  describe(`batchnorm on ${tier.name}`, { skip: tier.skip }, () => {
    test('train forward, backward and channel affine', () => {
      tier.use();
      try {
        const g = new Generator(42);
        for (const [n, c, s] of SHAPES) {
          const size = n * c * s;
          const x = randomArray(g, size, 0).map((v) => 3 + 2 * v);
          const dy = randomArray(g, size);
          const gamma = randomArray(g, c, 0);
          const beta = randomArray(g, c, 0);
          for (const affine of [false, true]) {
            const what = `${tier.name} [${n}, ${c}, ${s}] affine=${affine}`;
            const gm = affine ? gamma : null;
            const want = { y: new Float32Array(size), mean: new Float32Array(c), variance: new Float32Array(c) };
            const got = { y: new Float32Array(size).fill(Number.NaN), mean: new Float32Array(c), variance: new Float32Array(c) };
            REF.batchNormTrain(n, c, s, x, gm, affine ? beta : null, 1e-5, want.y, want.mean, want.variance);
            tier.kernels!.batchNormTrain(n, c, s, x, gm, affine ? beta : null, 1e-5, got.y, got.mean, got.variance);
            assertClose(got.mean, want.mean, `${what} mean`);
            assertClose(got.variance, want.variance, `${what} variance`, undefined, 1e-5, 1e-6);
            assertClose(got.y, want.y, `${what} y`, undefined, 1e-4, 1e-4);
            const dxWant = new Float32Array(size);
            const dxGot = new Float32Array(size).fill(Number.NaN);
            const dgWant = new Float32Array(c);
            const dbWant = new Float32Array(c);
            const dgGot = new Float32Array(c).fill(Number.NaN);
            const dbGot = new Float32Array(c).fill(Number.NaN);
            REF.batchNormBackward(n, c, s, x, dy, gm, want.mean, want.variance, 1e-5, dxWant, dgWant, dbWant);
            tier.kernels!.batchNormBackward(n, c, s, x, dy, gm, want.mean, want.variance, 1e-5, dxGot, dgGot, dbGot);
            assertClose(dxGot, dxWant, `${what} dx`, undefined, 1e-4, 1e-4);
            assertClose(dgGot, dgWant, `${what} dgamma`, undefined, 1e-4, 1e-4);
            assertClose(dbGot, dbWant, `${what} dbeta`, undefined, 1e-4, 1e-4);
          }
          const yWant = new Float32Array(size);
          const yGot = new Float32Array(size).fill(Number.NaN);
          REF.channelAffine(n, c, s, x, gamma, beta, yWant);
          tier.kernels!.channelAffine(n, c, s, x, gamma, beta, yGot);
          assertClose(yGot, yWant, `${tier.name} channelAffine [${n}, ${c}, ${s}]`, undefined, 1e-5, 1e-6);
        }
      } finally {
        tier.done();
      }
    });
  });
}

describe('batchnorm on wasm, [n, c] lanes and [n, c, s] chains', { skip: TIERS.find((t) => t.name === 'wasm')?.skip ?? 'no wasm tier' }, () => {
  // The output y is the float32 affine map (x·scale + shift rounded twice), within tolerance above.
  // [n, c, s]: channels interleaved four (statistics) or two (gradient sums) at a time, dx in
  // f64x2 pairs; c and s chosen to leave remainders.
  test('batch statistics and gradients equal the reference bit for bit', () => {
    const wasm = TIERS.find((t) => t.name === 'wasm')!.kernels!;
    const g = new Generator(7);
    for (const [n, c, s] of [[4096, 64, 1], [257, 66, 1], [200, 83, 1], [8, 11, 130], [3, 16, 1027]] as const) {
      const size = n * c * s;
      const x = randomArray(g, size, 0).map((v) => 3 + 2 * v);
      const dy = randomArray(g, size);
      const gamma = randomArray(g, c, 0);
      const beta = randomArray(g, c, 0);
      const run = (k: typeof wasm): Float32Array[] => {
        const y = new Float32Array(size);
        const mean = new Float32Array(c);
        const variance = new Float32Array(c);
        k.batchNormTrain(n, c, s, x, gamma, beta, 1e-5, y, mean, variance);
        const dx = new Float32Array(size);
        const dg = new Float32Array(c);
        const db = new Float32Array(c);
        k.batchNormBackward(n, c, s, x, dy, gamma, mean, variance, 1e-5, dx, dg, db);
        return [y, mean, variance, dx, dg, db];
      };
      const want = run(REF);
      const got = run(wasm);
      ['mean', 'variance', 'dx', 'dgamma', 'dbeta'].forEach((name, i) => assert.deepEqual(got[i + 1], want[i + 1], `[${n}, ${c}, ${s}] ${name}`));
    }
  });
});
