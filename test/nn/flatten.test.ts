import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, randn, ones, ShapeError, ValueError } from '../../src/index.js';
import { caught } from './fixture.js';

test('Flatten keeps the batch dimension by default, shares data and reshapes the gradient back', () => {
  const x = randn([2, 3, 1, 1], { requiresGrad: true });
  const y = new nn.Flatten().forward(x);
  assert.deepEqual(y.shape, [2, 3]);
  assert.deepEqual([...y.data], [...x.data]);
  y.backward(ones([2, 3]));
  assert.deepEqual(x.grad!.shape, [2, 3, 1, 1]);
  assert.deepEqual(new nn.Flatten(0).forward(randn([2, 3, 4])).shape, [24]);
  assert.deepEqual(new nn.Flatten(1, 2).forward(randn([2, 3, 4, 5])).shape, [2, 12, 5]);
  assert.equal(new nn.Flatten().toString(), 'Flatten(start_dim=1, end_dim=-1)');
});

test('Flatten: a dimension out of range is a ShapeError at forward; a non-integer one a ValueError', () => {
  const e = caught(() => new nn.Flatten(3).forward(randn([2, 3])));
  assert.ok(e instanceof ShapeError);
  assert.equal(e.code, 'E_SHAPE');
  const v = caught(() => new nn.Flatten(1.5));
  assert.ok(v instanceof ValueError);
  assert.equal(v.message, 'Flatten: startDim must be an integer. Received: startDim=1.5.');
});
