import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ShapeError, ValueError, add, cat, concat, flatten, manualSeed, mul, permute, randn, reshape, slice, squeeze, stack, sum,
  tensor, transpose, unsqueeze, view, zeros,
} from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';
import { checkCase, loadCases } from './fixture-cases.js';

for (const c of loadCases('shape-ops.json')) {
  test(`PyTorch parity (shape ops): ${c.name}`, () => checkCase(c));
}

const isShape = (e: unknown): boolean => e instanceof ShapeError && e.code === 'E_SHAPE';
const isValue = (e: unknown): boolean => e instanceof ValueError && e.code === 'E_VALUE';

test('reshape / view share data, infer one -1, and pass gradients through', () => {
  const x = tensor([1, 2, 3, 4, 5, 6], { requiresGrad: true });
  const y = reshape(x, [2, -1]);
  assert.deepEqual(y.shape, [2, 3]);
  assert.equal(y.data, x.data);
  assert.deepEqual(view(x, [3, 2]).shape, [3, 2]);
  assert.deepEqual(x.reshape([-1, 1, 2]).shape, [3, 1, 2]);
  sum(mul(y, y)).backward();
  assert.deepEqual(x.grad?.toArray(), [2, 4, 6, 8, 10, 12]);
});

test('reshape errors: two -1 and bad entries are ValueError; a size mismatch is ShapeError', () => {
  const x = zeros([2, 3]);
  assert.throws(() => reshape(x, [-1, -1]), isValue);
  assert.throws(() => reshape(x, [-1, -1]), /reshape: only one dimension can be -1. Received: shape=\[-1, -1\]/);
  assert.throws(() => reshape(x, [2.5, 2]), isValue);
  assert.throws(() => view(x, [-2, 3]), isValue);
  assert.throws(() => reshape(x, [4, 2]), isShape);
  assert.throws(() => reshape(x, [4, -1]), /reshape: shape \[4, -1\] is invalid for input of shape \[2, 3\] \(6 elements\)/);
});

test('flatten, squeeze, unsqueeze: shapes as PyTorch, errors on bad dims', () => {
  const x = zeros([2, 1, 3, 1]);
  assert.deepEqual(flatten(x).shape, [6]);
  assert.deepEqual(flatten(x, 1).shape, [2, 3]);
  assert.deepEqual(x.flatten(1, 2).shape, [2, 3, 1]);
  assert.deepEqual(flatten(tensor(5)).shape, [1]);
  assert.deepEqual(squeeze(x).shape, [2, 3]);
  assert.deepEqual(squeeze(x, 0).shape, [2, 1, 3, 1]);
  assert.deepEqual(squeeze(x, -1).shape, [2, 1, 3]);
  assert.deepEqual(unsqueeze(zeros([3]), 0).shape, [1, 3]);
  assert.deepEqual(unsqueeze(zeros([3]), -1).shape, [3, 1]);
  assert.deepEqual(tensor(1).unsqueeze(0).shape, [1]);
  assert.throws(() => flatten(x, 2, 1), isValue);
  assert.throws(() => flatten(x, 4), isShape);
  assert.throws(() => unsqueeze(zeros([3]), 2), isShape);
  assert.throws(() => unsqueeze(zeros([3]), 2), /unsqueeze: dim must be in \[-2, 1\] for a tensor of rank 1. Received: dim=2/);
});

test('transpose / permute: values, identity orders share data, gradients', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(transpose(x, 0, 1).toArray(), [[1, 4], [2, 5], [3, 6]]);
  assert.deepEqual(x.permute([1, 0]).toArray(), [[1, 4], [2, 5], [3, 6]]);
  const ones = zeros([3, 1, 4]);
  assert.equal(permute(ones, [1, 0, 2]).data, ones.data, 'moving a size-1 dim keeps the order');
  assert.equal(transpose(x, 1, 1).data, x.data);
  manualSeed(41);
  const y = randn([2, 3, 4, 2], { requiresGrad: true });
  gradcheck((t) => permute(t, [3, 1, 0, 2]), [y]);
  gradcheck((t) => transpose(t, 1, -1), [y]);
  gradcheck((t) => permute(t, [0, 2, 3, 1]), [y]);
});

test('permute rejects anything but a permutation with ValueError; transpose bad dims with ShapeError', () => {
  const x = zeros([2, 3, 4]);
  for (const dims of [[0, 1], [0, 1, 1], [0, 1, 3], [0, 1, 1.5]]) assert.throws(() => permute(x, dims), isValue);
  assert.throws(() => permute(x, [0, 0, 1]), /permute: dims must be a permutation of 0..2 for shape \[2, 3, 4\]. Received: dims=\[0, 0, 1\]/);
  assert.throws(() => transpose(x, 0, 3), isShape);
});

test('concat / cat / stack: values, gradients, shape errors naming every shape', () => {
  const a = tensor([[1, 2]]);
  const b = tensor([[3, 4], [5, 6]]);
  assert.deepEqual(concat([a, b]).toArray(), [[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(cat([a, tensor([[7, 8]])], 1).toArray(), [[1, 2, 7, 8]]);
  assert.deepEqual(stack([tensor([1, 2]), tensor([3, 4])], 1).toArray(), [[1, 3], [2, 4]]);
  assert.deepEqual(stack([tensor(1), tensor(2)]).toArray(), [1, 2]);
  manualSeed(42);
  const p = randn([2, 3], { requiresGrad: true });
  const q = randn([2, 1], { requiresGrad: true });
  const r = randn([2, 70], { requiresGrad: true });
  gradcheck((u, v, w) => concat([u, v, w], 1), [p, q, r]);
  gradcheck((u, v) => stack([u, v], 1), [p, randn([2, 3], { requiresGrad: true })]);
  gradcheck((u) => concat([u, u], 0), [p]);
  assert.throws(() => concat([a, tensor([[1, 2, 3]])]), isShape);
  assert.throws(() => concat([a, tensor([[1, 2, 3]])]), /concat: tensors must match in every dimension except dim 0. Received shapes: \[1, 2\], \[1, 3\]/);
  assert.throws(() => concat([]), isValue);
  assert.throws(() => stack([a, b]), /stack: all tensors must have the same shape. Received shapes: \[1, 2\], \[2, 2\]/);
  assert.throws(() => stack([]), isValue);
  assert.throws(() => stack([a], 3), isShape);
});

test('slice: narrow semantics with negative indices; out-of-range is a ValueError, never shortened', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(slice(x, 1, 1, 3).toArray(), [[2, 3], [5, 6]]);
  assert.deepEqual(slice(x, 0, 1).toArray(), [[4, 5, 6]]);
  assert.deepEqual(x.slice(-1, -2).toArray(), [[2, 3], [5, 6]]);
  assert.deepEqual(slice(x, 1, 2, 2).shape, [2, 0]);
  assert.throws(() => slice(x, 1, 0, 4), isValue);
  assert.throws(() => slice(x, 1, 0, 4), /slice: end must be an integer in \[start, 3\].*Received: start=0, end=4/);
  assert.throws(() => slice(x, 1, 2, 1), isValue);
  assert.throws(() => slice(x, 1, -4), isValue);
  assert.throws(() => slice(x, 2, 0), isShape);
  manualSeed(43);
  const y = randn([3, 4, 2], { requiresGrad: true });
  gradcheck((t) => slice(t, 1, 1, 3), [y]);
  gradcheck((t) => add(slice(t, 0, 0, 1), slice(t, 0, 2)), [y]);
});
