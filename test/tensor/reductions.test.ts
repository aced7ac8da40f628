import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, Tensor, ValueError, argmax, argmin, manualSeed, max, mean, min, randn, sum, tensor } from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';
import { checkCase, loadCases } from './fixture-cases.js';

for (const c of loadCases('reductions.json')) {
  test(`PyTorch parity (reductions): ${c.name}`, () => checkCase(c));
}

test('mean: all, one dim, several dims, keepdim; empty mean is NaN', () => {
  const x = tensor([[1, 2], [3, 4]]);
  assert.equal(mean(x).item(), 2.5);
  assert.deepEqual(mean(x, 1).toArray(), [1.5, 3.5]);
  assert.deepEqual(mean(x, [0, 1], true).shape, [1, 1]);
  assert.deepEqual(x.mean(0).toArray(), [2, 3]);
  assert.ok(Number.isNaN(mean(new Tensor(new Float32Array(0), [2, 0]), 1).data[0]));
});

test('mean / sum gradients match finite differences (one, several and all dims)', () => {
  manualSeed(11);
  const x = randn([2, 3, 4], { requiresGrad: true });
  gradcheck((t) => mean(t), [x]);
  gradcheck((t) => mean(t, 1), [x]);
  gradcheck((t) => mean(t, [0, 2], true), [x]);
  gradcheck((t) => sum(t, [2, 0]), [x]);
});

test('max / min: values over a dim, NaN propagates, ties send the gradient to the first', () => {
  const x = tensor([[1, 5, 5], [7, 2, 7]], { requiresGrad: true });
  assert.deepEqual(max(x, 1).toArray(), [5, 7]);
  assert.deepEqual(min(x, 0, true).toArray(), [[1, 2, 5]]);
  assert.equal(x.max().item(), 7);
  sum(max(x, 1)).backward();
  assert.deepEqual(x.grad?.toArray(), [[0, 1, 0], [1, 0, 0]]);
  const x2 = tensor([[1, 5, 5], [7, 2, 7]], { requiresGrad: true });
  max(x2).backward();
  assert.deepEqual(x2.grad?.toArray(), [[0, 0, 0], [0.5, 0, 0.5]]);
  const n = tensor([1, NaN, 3]);
  assert.ok(Number.isNaN(max(n).item()));
  assert.ok(Number.isNaN(min(n, 0).item()));
  assert.equal(argmax(n).item(), 1);
});

test('max / min gradients match finite differences away from ties', () => {
  manualSeed(12);
  const x = randn([3, 4, 2], { requiresGrad: true });
  gradcheck((t) => max(t, 1), [x]);
  gradcheck((t) => min(t, -1, true), [x]);
  gradcheck((t) => max(t), [x]);
});

test('argmax / argmin: flattened or along a dim, first on ties, no gradient', () => {
  const x = tensor([[1, 9, 9], [4, 0, 0]], { requiresGrad: true });
  assert.equal(argmax(x).item(), 1);
  assert.deepEqual(argmax(x, 1).toArray(), [1, 0]);
  assert.deepEqual(argmin(x, 1).toArray(), [0, 1]);
  assert.deepEqual(x.argmin(0, true).toArray(), [[0, 1, 1]]);
  assert.equal(argmax(x, 1).requiresGrad, false);
});

test('reductions reject empty inputs and bad dims with ShapeError', () => {
  const empty = new Tensor(new Float32Array(0), [0, 3]);
  for (const f of [() => max(empty), () => min(empty, 0), () => argmax(empty, 0), () => mean(tensor([1, 2]), 2)]) {
    assert.throws(f, (e: unknown) => e instanceof ShapeError && e.code === 'E_SHAPE');
  }
  assert.throws(() => max(empty), /max: cannot reduce a tensor with no elements. Received: shape \[0, 3\]/);
  assert.throws(() => mean(tensor([1, 2]), 2), /mean: dim must be in \[-1, 0\]/);
  assert.throws(() => sum(tensor([[1, 2]]), [1, -1]), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && /sum: dim 1 appears more than once. Received: dim=\[1, -1\]/.test(e.message));
});
