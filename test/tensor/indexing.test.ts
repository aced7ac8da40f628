import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, Tensor, ValueError, gather, indexSelect, manualSeed, randn, sum, tensor } from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';
import { checkCase, loadCases } from './fixture-cases.js';

for (const c of loadCases('indexing.json')) {
  test(`PyTorch parity (indexing): ${c.name}`, () => checkCase(c));
}

const isShape = (e: unknown): boolean => e instanceof ShapeError && e.code === 'E_SHAPE';
const isValue = (e: unknown): boolean => e instanceof ValueError && e.code === 'E_VALUE';

test('gather takes an Int32Array-backed index or a Tensor of integers; gradient scatters and adds', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
  const picked = gather(x, 1, { data: Int32Array.of(2, 0), shape: [2, 1] });
  assert.deepEqual(picked.toArray(), [[3], [4]]);
  assert.deepEqual(x.gather(0, tensor([[1, 0, 1]])).toArray(), [[4, 2, 6]]);
  sum(gather(x, 1, tensor([[0, 0], [2, 1]]))).backward();
  assert.deepEqual(x.grad?.toArray(), [[2, 0, 0], [0, 1, 1]]);
  manualSeed(51);
  const y = randn([3, 4, 2], { requiresGrad: true });
  gradcheck((t) => gather(t, 1, { data: Int32Array.of(3, 0, 0, 1, 2, 2), shape: [3, 1, 2] }), [y]);
  gradcheck((t) => gather(t, 0, { data: Int32Array.of(2, 2, 0, 1), shape: [2, 1, 2] }), [y]);
});

test('gather errors: rank mismatch and oversize index are ShapeError, bad positions ValueError', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.throws(() => gather(x, 1, tensor([0, 1])), isShape);
  assert.throws(() => gather(x, 1, tensor([[0], [1], [0]])), isShape);
  assert.throws(() => gather(x, 1, tensor([[3]])), isValue);
  assert.throws(() => gather(x, 1, tensor([[3]])), /gather: index values must be integers in \[0, 2\] \(dimension 1 of input \[2, 3\]\). Received: index\[0\]=3/);
  assert.throws(() => gather(x, 1, tensor([[0.5]])), isValue);
  assert.throws(() => gather(x, 1, { data: Int32Array.of(-1), shape: [1, 1] }), isValue);
  assert.throws(() => gather(x, 1, { data: Int32Array.of(0, 1), shape: [1, 1] }), isShape);
});

test('indexSelect picks rows (minibatches) and columns; repeats accumulate in the gradient', () => {
  const x = tensor([[1, 2], [3, 4], [5, 6]], { requiresGrad: true });
  assert.deepEqual(indexSelect(x, 0, Int32Array.of(2, 0)).toArray(), [[5, 6], [1, 2]]);
  assert.deepEqual(x.indexSelect(1, [1]).toArray(), [[2], [4], [6]]);
  assert.deepEqual(indexSelect(x, 0, tensor([1])).toArray(), [[3, 4]]);
  assert.deepEqual(indexSelect(x, 0, []).shape, [0, 2]);
  sum(indexSelect(x, 0, [1, 1, 0])).backward();
  assert.deepEqual(x.grad?.toArray(), [[1, 1], [2, 2], [0, 0]]);
  manualSeed(52);
  const wide = randn([5, 80], { requiresGrad: true });
  const rows = indexSelect(wide, 0, Int32Array.of(4, 0, 4));
  for (let j = 0; j < 80; j++) assert.equal(rows.data[j], wide.data[4 * 80 + j]);
  gradcheck((t) => indexSelect(t, 0, [4, 0, 4]), [randn([5, 3], { requiresGrad: true })]);
  gradcheck((t) => indexSelect(t, -1, [2, 0]), [randn([2, 3, 3], { requiresGrad: true })]);
});

test('indexSelect errors: out-of-range or fractional positions ValueError; 2-D indices or a scalar input ShapeError', () => {
  const x = tensor([[1, 2], [3, 4]]);
  assert.throws(() => indexSelect(x, 0, [2]), isValue);
  assert.throws(() => indexSelect(x, 0, [2]), /indexSelect: indices values must be integers in \[0, 1\] \(dimension 0 of input \[2, 2\]\). Received: indices\[0\]=2/);
  assert.throws(() => indexSelect(x, 0, [0.5]), isValue);
  assert.throws(() => indexSelect(x, 0, Int32Array.of(-1)), isValue);
  assert.throws(() => indexSelect(x, 0, tensor([[0]])), isShape);
  assert.throws(() => indexSelect(new Tensor(Float32Array.of(1), []), 0, [0]), isShape);
  assert.throws(() => indexSelect(x, 2, [0]), isShape);
});
