// Memory-bound kernels (linear epilogue, column sums, sum, ReLU): reference values by hand, then
// every tier against the reference, on sizes that cross the vector width and the threading cut.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator } from '../../src/index.js';
import { REF, TIERS, abs, assertClose, randomArray } from './tiers.js';

describe('elementwise reference', () => {
  test('linear adds the bias and applies ReLU', () => {
    const y = new Float32Array(4);
    // x = [[1, 2], [3, 4]], w = [[1, 0], [0, -1]] (out × in), bias = [0.5, 1]
    REF.linear(2, 2, 2, new Float32Array([1, 2, 3, 4]), new Float32Array([1, 0, 0, -1]), new Float32Array([0.5, 1]), y, true);
    assert.deepEqual([...y], [1.5, 0, 3.5, 0]);
    REF.linear(2, 2, 2, new Float32Array([1, 2, 3, 4]), new Float32Array([1, 0, 0, -1]), null, y, false);
    assert.deepEqual([...y], [1, -2, 3, -4]);
  });

  test('sumRows, sum, relu, reluBackward', () => {
    const out = new Float32Array([10, 20]);
    REF.sumRows(2, 2, new Float32Array([1, 2, 3, 4]), out, true);
    assert.deepEqual([...out], [14, 26]);
    assert.equal(REF.sum(3, new Float32Array([1, 2, 3, 100])), 6);
    const y = new Float32Array(3);
    REF.relu(3, new Float32Array([-1, 0, 2]), y);
    assert.deepEqual([...y], [0, 0, 2]);
    const dx = new Float32Array(3);
    REF.reluBackward(3, y, new Float32Array([5, 6, 7]), dx);
    assert.deepEqual([...dx], [0, 0, 7]);
  });
});

const LINEAR_SHAPES: Array<[number, number, number]> = [[1, 1, 1], [3, 17, 5], [64, 128, 20], [64, 1, 64], [257, 33, 9], [4096, 64, 128]];
const SIZES = [1, 7, 16, 33, 1000, 70001];

for (const tier of TIERS) {
  describe(`elementwise on ${tier.name}`, { skip: tier.skip }, () => {
    test('linear with and without bias / ReLU', () => {
      tier.use();
      try {
        const g = new Generator(21);
        for (const [m, n, k] of LINEAR_SHAPES) {
          const x = randomArray(g, m * k);
          const w = randomArray(g, n * k);
          const bias = randomArray(g, n, 0);
          for (const b of [null, bias]) {
            for (const relu of [false, true]) {
              const want = new Float32Array(m * n);
              const got = new Float32Array(m * n).fill(Number.NaN);
              REF.linear(m, n, k, x, w, b, want, relu);
              tier.kernels!.linear(m, n, k, x, w, b, got, relu);
              const scale = new Float32Array(m * n);
              REF.gemm(false, true, m, n, k, abs(x), abs(w), scale, false);
              if (b !== null) for (let i = 0; i < m * n; i++) scale[i]! += Math.abs(b[i % n]!);
              assertClose(got, want, `${tier.name} linear ${m}×${n}×${k} bias=${b !== null} relu=${relu}`, scale);
            }
          }
        }
      } finally {
        tier.done();
      }
    });

    test('dropout from random bits keeps exactly the elements whose uniform draw is ≥ p', () => {
      tier.use();
      try {
        for (const p of [0.1, 0.4, 0.5, 0.999]) {
          for (const n of [1, 13, 4097, 70001]) {
            const g = new Generator(23);
            const x = randomArray(g, n);
            const bits = new Uint32Array(n);
            const twin = new Generator(99);
            new Generator(99).fillUint32(bits);
            const scale = 1 / (1 - p);
            const y = new Float32Array(n).fill(Number.NaN);
            const mask = new Float32Array(n).fill(Number.NaN);
            tier.kernels!.dropout(n, x, bits, Math.ceil(p * 4294967296), scale, y, mask);
            for (let i = 0; i < n; i++) {
              const keep = twin.random() >= p;
              assert.equal(mask[i], keep ? Math.fround(scale) : 0, `${tier.name} dropout p=${p} mask[${i}]`);
              // y = x·mask as PyTorch: a dropped negative is −0 (assert.equal tells 0 from −0).
              assert.equal(y[i], Math.fround(x[i]! * (keep ? Math.fround(scale) : 0)), `${tier.name} dropout p=${p} y[${i}]`);
            }
          }
        }
      } finally {
        tier.done();
      }
    });

    test('sumRows (overwrite and accumulate), sum, relu, reluBackward', () => {
      tier.use();
      try {
        const g = new Generator(22);
        for (const [m, n] of [[1, 1], [5, 3], [64, 128], [4096, 20], [3, 70001]] as Array<[number, number]>) {
          const x = randomArray(g, m * n);
          for (const acc of [false, true]) {
            const start = randomArray(g, n, 0);
            const want = start.slice();
            const got = start.slice();
            REF.sumRows(m, n, x, want, acc);
            tier.kernels!.sumRows(m, n, x, got, acc);
            const scale = new Float32Array(n);
            REF.sumRows(m, n, abs(x), scale, false);
            if (acc) for (let j = 0; j < n; j++) scale[j]! += Math.abs(start[j]!);
            assertClose(got, want, `${tier.name} sumRows ${m}×${n} acc=${acc}`, scale);
            // The wasm tier adds rows in the reference's order and float32 rounding: exact.
            if (tier.name === 'wasm') assert.deepEqual(got, want, `wasm sumRows ${m}×${n} acc=${acc} bit for bit`);
          }
        }
        for (const n of SIZES) {
          const x = randomArray(g, n + 3);
          const s = tier.kernels!.sum(n, x);
          assert.ok(Math.abs(s - REF.sum(n, x)) <= 1e-5 * REF.sum(n, abs(x)) + 1e-6, `${tier.name} sum n=${n}`);
          const want = new Float32Array(n);
          const got = new Float32Array(n).fill(Number.NaN);
          REF.relu(n, x, want);
          tier.kernels!.relu(n, x, got);
          assert.deepEqual(got, want, `${tier.name} relu n=${n}`);
          const dy = randomArray(g, n);
          const dxWant = new Float32Array(n);
          const dxGot = new Float32Array(n).fill(Number.NaN);
          REF.reluBackward(n, want, dy, dxWant);
          tier.kernels!.reluBackward(n, want, dy, dxGot);
          assert.deepEqual(dxGot, dxWant, `${tier.name} reluBackward n=${n}`);
        }
      } finally {
        tier.done();
      }
    });
  });
}
