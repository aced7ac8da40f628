import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError, Tensor, add, div, matmul, mul, noGrad, randn, relu, sub, sum, tensor, manualSeed } from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';

test('tensor: shape from nested arrays, item, toArray, ragged input rejected', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(x.shape, [2, 3]);
  assert.deepEqual(x.toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.equal(tensor(3).item(), 3);
  assert.throws(() => tensor([[1, 2], [3]]), ValueError);
  assert.throws(() => x.item(), ShapeError);
});

test('broadcasting add/sub/mul/div forward follows NumPy rules', () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(add(a, tensor([10, 20, 30])).toArray(), [[11, 22, 33], [14, 25, 36]]);
  assert.deepEqual(sub(a, tensor([[1], [2]])).toArray(), [[0, 1, 2], [2, 3, 4]]);
  assert.deepEqual(mul(a, 2).toArray(), [[2, 4, 6], [8, 10, 12]]);
  assert.deepEqual(div(tensor([[2], [4]]), tensor([1, 2])).toArray(), [[2, 1], [4, 2]]);
  const err = (() => { try { add(a, tensor([1, 2])); } catch (e) { return e; } return null; })();
  assert.ok(err instanceof ShapeError);
  assert.equal(err.code, 'E_SHAPE');
  assert.match(err.message, /add: shapes \[2, 3\] and \[2\]/);
});

test('gradients of broadcast binary ops match finite differences', () => {
  manualSeed(1);
  const a = randn([3, 1, 4], { requiresGrad: true });
  const b = randn([2, 4], { requiresGrad: true });
  gradcheck((x, y) => add(x, y), [a, b]);
  gradcheck((x, y) => sub(x, y), [a, b]);
  gradcheck((x, y) => mul(x, y), [a, b]);
  const pos = new Tensor(randn([2, 4]).data.map((v) => 1.5 + Math.abs(v)), [2, 4], true);
  gradcheck((x, y) => div(x, y), [a, pos]);
});

test('matmul: 2-D, batched with broadcast, vector; gradients', () => {
  assert.deepEqual(matmul(tensor([[1, 2]]), tensor([[3], [4]])).toArray(), [[11]]);
  manualSeed(2);
  const a = randn([2, 3, 4], { requiresGrad: true });
  const b = randn([4, 5], { requiresGrad: true });
  assert.deepEqual(matmul(a, b).shape, [2, 3, 5]);
  gradcheck((x, y) => matmul(x, y), [a, b]);
  const v = randn([4], { requiresGrad: true });
  assert.deepEqual(matmul(a, v).shape, [2, 3]);
  gradcheck((x, y) => matmul(x, y), [a, v]);
  assert.throws(() => matmul(randn([2, 3]), randn([4, 2])), /inner dimensions differ \(3 vs 4\)/);
});

test('sum over all, one and several dims, keepdim; gradients', () => {
  const x = tensor([[1, 2], [3, 4]]);
  assert.equal(sum(x).item(), 10);
  assert.deepEqual(sum(x, 0).toArray(), [4, 6]);
  assert.deepEqual(sum(x, -1, true).toArray(), [[3], [7]]);
  manualSeed(3);
  const y = randn([2, 3, 4], { requiresGrad: true });
  gradcheck((t) => sum(t, [0, 2]), [y]);
  gradcheck((t) => sum(t, 1, true), [y]);
});

test('relu forward/backward; noGrad records nothing; detach cuts the graph', () => {
  const x = tensor([-1, 0, 2], { requiresGrad: true });
  const y = relu(x);
  assert.deepEqual(y.toArray(), [0, 0, 2]);
  sum(y).backward();
  assert.deepEqual(x.grad?.toArray(), [0, 0, 1]);
  const z = noGrad(() => mul(x, 2));
  assert.equal(z.requiresGrad, false);
  assert.equal(x.detach().requiresGrad, false);
  assert.throws(() => z.backward(), ValueError);
});

test('gradients accumulate across backward calls and through reused tensors', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  sum(mul(x, x)).backward();
  assert.deepEqual(x.grad?.toArray(), [2, 4]);
  sum(add(x, x)).backward();
  assert.deepEqual(x.grad?.toArray(), [4, 6]);
});
