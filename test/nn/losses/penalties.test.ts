import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, manualSeed, randn, tensor, ValueError } from '../../../src/index.js';
import { gradcheck } from '../../helpers/gradcheck.js';
import { caught } from '../fixture.js';

test('l1Penalty = λ·Σ|w| and l2Penalty = λ·Σw² over all parameters, with gradients λ·sign(w) and 2λ·w', () => {
  const a = tensor([1, -2, 0], { requiresGrad: true });
  const b = tensor([[3]], { requiresGrad: true });
  const l1 = nn.l1Penalty([a, b], 0.5);
  assert.equal(l1.item(), 3);
  l1.backward();
  assert.deepEqual([...a.grad!.data], [0.5, -0.5, 0]);
  assert.deepEqual([...b.grad!.data], [0.5]);
  a.grad = null;
  b.grad = null;
  const l2 = nn.l2Penalty([a, b], 0.5);
  assert.equal(l2.item(), 7);
  l2.backward();
  assert.deepEqual([...a.grad!.data], [1, -2, 0]);
  assert.deepEqual([...b.grad!.data], [3]);
});

test('penalties on model.parameters() add to a loss and match finite differences', () => {
  manualSeed(16);
  const lin = new nn.Linear(3, 2);
  const loss = nn.l2Penalty(lin.parameters(), 1e-2).add(nn.l1Penalty(lin.parameters(), 1e-3));
  loss.backward();
  assert.ok(lin.weight.grad !== null && lin.bias!.grad !== null);
  const p = randn([5], { requiresGrad: true });
  gradcheck((v) => nn.l2Penalty([v], 0.3), [p]);
  gradcheck((v) => nn.l1Penalty([v], 0.3), [p], { eps: 1e-3 });
});

test('penalties reject a negative λ', () => {
  const e = caught(() => nn.l2Penalty([], -1));
  assert.ok(e instanceof ValueError);
  assert.equal(e.code, 'E_VALUE');
  assert.equal(e.message, 'l2Penalty: lambda must be a finite number ≥ 0. Received: lambda=-1.');
});
