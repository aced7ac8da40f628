import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, exp, logSoftmax, manualSeed, randn, sigmoid, softmax, sum, tanh, tensor } from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';
import { checkCase, loadCases } from './fixture-cases.js';

for (const c of loadCases('activations.json')) {
  test(`PyTorch parity (activations): ${c.name}`, () => checkCase(c));
}

test('sigmoid is stable at the extremes and symmetric', () => {
  const y = sigmoid(tensor([-1000, -100, 0, 100, 1000]));
  assert.equal(y.data[0], 0);
  assert.ok(y.data[1]! > 0 && y.data[1]! < 1e-40);
  assert.equal(y.data[2], 0.5);
  assert.equal(y.data[3], 1);
  assert.equal(y.data[4], 1);
  assert.ok(!Array.from(y.data).some(Number.isNaN));
  const x = tensor([-3, -0.5, 0.5, 3]);
  const s = sigmoid(x).data;
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(s[i]! + s[3 - i]! - 1) < 1e-7);
});

test('sigmoid / tanh gradients match finite differences', () => {
  manualSeed(31);
  const x = randn([3, 5], { requiresGrad: true });
  gradcheck((t) => sigmoid(t), [x]);
  gradcheck((t) => tanh(t), [x]);
  gradcheck((t) => x.sigmoid().mul(t.tanh()), [x]);
});

test('softmax rows sum to 1; logSoftmax = log(softmax) without overflow on huge logits', () => {
  const x = tensor([[1000, 1001, 1002], [-1000, 0, 1000]]);
  const p = softmax(x, 1);
  const s = sum(p, 1).data;
  for (const v of s) assert.ok(Math.abs(v - 1) < 1e-6);
  const lp = logSoftmax(x, -1);
  assert.ok(Array.from(lp.data).every(Number.isFinite));
  const back = exp(lp).data;
  for (let i = 0; i < back.length; i++) assert.ok(Math.abs(back[i]! - p.data[i]!) < 1e-6);
  assert.deepEqual(x.softmax(0).shape, [2, 3]);
});

test('softmax / logSoftmax fused gradients match finite differences on every dim', () => {
  manualSeed(32);
  const x = randn([2, 3, 4], { requiresGrad: true });
  for (const d of [0, 1, 2, -1]) {
    gradcheck((t) => softmax(t, d), [x]);
    gradcheck((t) => logSoftmax(t, d), [x]);
  }
});

test('softmax / logSoftmax reject a dimension out of range with ShapeError', () => {
  const x = tensor([[1, 2]]);
  assert.throws(() => softmax(x, 2), (e: unknown) => e instanceof ShapeError && e.code === 'E_SHAPE' && /softmax: dim must be in \[-2, 1\]/.test(e.message));
  assert.throws(() => logSoftmax(x, -3), /logSoftmax: dim must be in \[-2, 1\].*Received: dim=-3/);
});
