// Adam / AdamW kernel: the reference against PyTorch 1.13's update rule written out for one
// element over three steps, then every tier against the reference.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Generator, kernels as K } from '../../src/index.js';
import { REF, TIERS, assertClose, randomArray } from './tiers.js';

const H: K.AdamStep = { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, step: 1, decoupled: true };

describe('adam reference', () => {
  test('three AdamW and Adam steps follow torch.optim formulas', () => {
    for (const decoupled of [true, false]) {
      const p = new Float32Array([0.5]);
      const m = new Float32Array(1);
      const v = new Float32Array(1);
      let ep = 0.5;
      let em = 0;
      let ev = 0;
      const grads = [0.3, -0.2, 0.05];
      grads.forEach((grad, i) => {
        const step = i + 1;
        REF.adam(1, p, new Float32Array([grad]), m, v, { ...H, step, decoupled });
        let gr = grad;
        if (decoupled) ep *= 1 - H.lr * H.weightDecay;
        else gr += H.weightDecay * ep;
        em = H.beta1 * em + (1 - H.beta1) * gr;
        ev = H.beta2 * ev + (1 - H.beta2) * gr * gr;
        const denom = Math.sqrt(ev) / Math.sqrt(1 - H.beta2 ** step) + H.eps;
        ep -= (H.lr / (1 - H.beta1 ** step)) * (em / denom);
        assert.ok(Math.abs(p[0]! - ep) < 1e-6, `decoupled=${decoupled} step ${step}: ${p[0]} vs ${ep}`);
      });
    }
  });
});

for (const tier of TIERS) {
  describe(`adam on ${tier.name}`, { skip: tier.skip }, () => {
    test('five steps of AdamW and Adam on parameter vectors of several sizes', () => {
      tier.use();
      try {
        const g = new Generator(51);
        for (const n of [1, 15, 2689, 100003]) {
          for (const decoupled of [true, false]) {
            const p0 = randomArray(g, n, 0);
            const want = { p: p0.slice(), m: new Float32Array(n), v: new Float32Array(n) };
            const got = { p: p0.slice(), m: new Float32Array(n), v: new Float32Array(n) };
            for (let step = 1; step <= 5; step++) {
              const grad = randomArray(g, n);
              REF.adam(n, want.p, grad, want.m, want.v, { ...H, step, decoupled });
              tier.kernels!.adam(n, got.p, grad, got.m, got.v, { ...H, step, decoupled });
            }
            const what = `${tier.name} n=${n} decoupled=${decoupled}`;
            assertClose(got.p, want.p, `${what} param`, undefined, 1e-5, 1e-6);
            assertClose(got.m, want.m, `${what} exp_avg`, undefined, 1e-5, 1e-7);
            assertClose(got.v, want.v, `${what} exp_avg_sq`, undefined, 1e-5, 1e-9);
          }
        }
      } finally {
        tier.done();
      }
    });
  });
}

describe('adam on wasm, bit for bit', { skip: TIERS.find((t) => t.name === 'wasm')?.skip ?? 'no wasm tier' }, () => {
  test('five Adam and AdamW steps equal the reference exactly (SIMD lanes and tail)', () => {
    const wasm = TIERS.find((t) => t.name === 'wasm')!.kernels!;
    const g = new Generator(52);
    for (const n of [3, 15, 2689]) {
      for (const decoupled of [true, false]) {
        const p0 = randomArray(g, n, 0);
        const want = { p: p0.slice(), m: new Float32Array(n), v: new Float32Array(n) };
        const got = { p: p0.slice(), m: new Float32Array(n), v: new Float32Array(n) };
        for (let step = 1; step <= 5; step++) {
          const grad = randomArray(g, n);
          REF.adam(n, want.p, grad, want.m, want.v, { ...H, step, decoupled });
          wasm.adam(n, got.p, grad, got.m, got.v, { ...H, step, decoupled });
        }
        assert.deepEqual([got.p, got.m, got.v], [want.p, want.m, want.v], `n=${n} decoupled=${decoupled}`);
      }
    }
  });
});
