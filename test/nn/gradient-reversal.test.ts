import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, randn, ones, ValueError } from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';
import { caught } from './fixture.js';

test('GradientReversal is the identity forward and −λ·g backward; λ is settable between steps', () => {
  const grl = new nn.GradientReversal(0.5);
  const x = randn([3, 2], { requiresGrad: true });
  const y = grl.forward(x);
  assert.deepEqual([...y.data], [...x.data]);
  y.backward(ones([3, 2]));
  assert.deepEqual([...x.grad!.data], new Array(6).fill(-0.5));
  grl.lambda = 2;
  x.grad = null;
  grl.forward(x).backward(ones([3, 2]));
  assert.deepEqual([...x.grad!.data], new Array(6).fill(-2));
  assert.equal(grl.toString(), 'GradientReversal(lambda=2)');
});

test('two reversals with λ·λ′ = 1 give back the true gradient (finite differences of the identity)', () => {
  gradcheck((v) => nn.functional.gradientReversal(nn.functional.gradientReversal(v, 2), 0.5).mul(v), [randn([4], { requiresGrad: true })]);
});

test('GradientReversal rejects a negative or non-finite λ (constructor and setter)', () => {
  const e = caught(() => new nn.GradientReversal(-1));
  assert.ok(e instanceof ValueError);
  assert.equal(e.code, 'E_VALUE');
  assert.equal(e.message, 'GradientReversal: lambda must be a finite number ≥ 0. Received: lambda=-1.');
  const grl = new nn.GradientReversal();
  assert.throws(() => { grl.lambda = Number.NaN; }, ValueError);
  assert.equal(grl.lambda, 1);
});
