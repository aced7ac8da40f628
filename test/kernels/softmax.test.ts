// Softmax / log-softmax kernels and their gradients: reference against finite differences, then
// every tier against the reference.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator } from '../../src/index.js';
import { REF, TIERS, assertClose, randomArray } from './tiers.js';

describe('softmax reference', () => {
  test('rows sum to one, log-softmax is its log, large logits do not overflow', () => {
    const x = new Float32Array([1, 2, 3, 1000, 1001, 1002]);
    const y = new Float32Array(6);
    REF.softmax(2, 3, x, y, false);
    assert.ok(Math.abs(y[0]! + y[1]! + y[2]! - 1) < 1e-6);
    assert.ok(Math.abs(y[3]! - y[0]!) < 1e-6, 'shift invariance');
    const ly = new Float32Array(6);
    REF.softmax(2, 3, x, ly, true);
    for (let i = 0; i < 6; i++) assert.ok(Math.abs(Math.exp(ly[i]!) - y[i]!) < 1e-6);
  });

  test('backward matches central differences of Σ w·f(x)', () => {
    const g = new Generator(31);
    const rows = 3;
    const cols = 5;
    for (const log of [false, true]) {
      const x = randomArray(g, rows * cols, 0);
      const w = randomArray(g, rows * cols, 0);
      const y = new Float32Array(rows * cols);
      REF.softmax(rows, cols, x, y, log);
      const dx = new Float32Array(rows * cols);
      REF.softmaxBackward(rows, cols, y, w, dx, log);
      const f = (xs: Float32Array): number => {
        const out = new Float32Array(rows * cols);
        REF.softmax(rows, cols, xs, out, log);
        return out.reduce((a, v, i) => a + v * w[i]!, 0);
      };
      for (let i = 0; i < rows * cols; i++) {
        const h = 1e-2;
        const up = x.slice();
        const down = x.slice();
        up[i]! += h;
        down[i]! -= h;
        const numeric = (f(up) - f(down)) / (2 * h);
        assert.ok(Math.abs(numeric - dx[i]!) < 2e-3, `log=${log} element ${i}: ${dx[i]} vs ${numeric}`);
      }
    }
  });
});

for (const tier of TIERS) {
  describe(`softmax on ${tier.name}`, { skip: tier.skip }, () => {
    test('forward and backward, softmax and log-softmax', () => {
      tier.use();
      try {
        const g = new Generator(32);
        for (const [rows, cols] of [[1, 1], [1, 10], [32, 10], [7, 33], [5000, 2], [2048, 64]] as Array<[number, number]>) {
          const x = randomArray(g, rows * cols, 0).map((v) => v * 8);
          const dy = randomArray(g, rows * cols);
          for (const log of [false, true]) {
            const want = new Float32Array(rows * cols);
            const got = new Float32Array(rows * cols).fill(Number.NaN);
            REF.softmax(rows, cols, x, want, log);
            tier.kernels!.softmax(rows, cols, x, got, log);
            assertClose(got, want, `${tier.name} softmax ${rows}×${cols} log=${log}`, undefined, 1e-5, 1e-6);
            const dxWant = new Float32Array(rows * cols);
            const dxGot = new Float32Array(rows * cols).fill(Number.NaN);
            REF.softmaxBackward(rows, cols, want, dy, dxWant, log);
            tier.kernels!.softmaxBackward(rows, cols, want, dy, dxGot, log);
            assertClose(dxGot, dxWant, `${tier.name} softmaxBackward ${rows}×${cols} log=${log}`, undefined, 1e-5, 1e-5);
          }
        }
      } finally {
        tier.done();
      }
    });
  });
}
