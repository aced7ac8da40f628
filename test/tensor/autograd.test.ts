import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add, concat, mul, reshape, sub, sum, tensor, Tensor } from '../../src/index.js';

// The engine hands a released gradient buffer to the next input without copying; these check
// that no buffer ends up shared where something accumulates into it.

test('backward(gradient) never writes into the caller\'s gradient buffer', () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const y = add(reshape(x, [3, 1]), reshape(x, [3, 1]));
  const seed = new Tensor(Float32Array.of(1, 10, 100), [3, 1]);
  y.backward(seed);
  assert.deepEqual(Array.from(seed.data), [1, 10, 100]);
  assert.deepEqual(x.grad?.toArray(), [2, 20, 200]);
  const leaf = tensor([1, 2], { requiresGrad: true });
  leaf.backward(new Tensor(Float32Array.of(3, 4), [2]));
  leaf.backward(new Tensor(Float32Array.of(3, 4), [2]));
  assert.deepEqual(leaf.grad?.toArray(), [6, 8]);
});

test('pass-through gradients reaching several inputs and shared subgraphs add up correctly', () => {
  const a = tensor([1, 2], { requiresGrad: true });
  const b = tensor([3, 4], { requiresGrad: true });
  const s = add(a, b);
  const v = reshape(s, [2, 1]);
  // s feeds two consumers; v passes its gradient through; a and b both receive s's gradient.
  const loss = sum(add(mul(reshape(v, [2]), 2), sub(s, a)));
  loss.backward();
  assert.deepEqual(a.grad?.toArray(), [2, 2]);
  assert.deepEqual(b.grad?.toArray(), [3, 3]);
  assert.notEqual(a.grad?.data, b.grad?.data);
  const c = tensor([1, 1], { requiresGrad: true });
  sum(concat([add(c, c), reshape(c, [2])])).backward();
  assert.deepEqual(c.grad?.toArray(), [3, 3]);
});
