import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError, tensor, optim } from '../../src/index.js';
import { fixture, replay } from './quadratic-fixture.js';

const cases = fixture.cases.filter((c) => c.optimizer === 'SGD');

test('SGD fixture has the planned cases', () => {
  assert.equal(cases.length, 6);
});

for (const c of cases) {
  test(`SGD matches PyTorch 1.13 over ${c.steps} steps: ${JSON.stringify(c.options)}${c.groups ? ' with groups' : ''}`, () => {
    replay(c);
  });
}

test('SGD hand-computed momentum and Nesterov steps', () => {
  const w = tensor([1, -2], { requiresGrad: true });
  const opt = new optim.SGD([w], { lr: 0.5, momentum: 0.5, nesterov: true });
  w.grad = tensor([2, 4]);
  opt.step(); // b = g = [2, 4]; d = g + 0.5 b = [3, 6]; w = w - 0.5 d
  assert.deepEqual(Array.from(w.data), [-0.5, -5]);
  w.grad = tensor([2, 4]);
  opt.step(); // b = 0.5 b + g = [3, 6]; d = g + 0.5 b = [3.5, 7]
  assert.deepEqual(Array.from(w.data), [-2.25, -8.5]);
});

test('SGD validates its hyper-parameters with the parameter and value in the message', () => {
  const w = tensor([1], { requiresGrad: true });
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ lr: -0.1 }, /SGD: lr must be a finite number ≥ 0\. Received: lr=-0\.1/],
    [{ lr: NaN }, /lr=NaN/],
    [{ lr: 0.1, momentum: -1 }, /momentum=-1/],
    [{ lr: 0.1, weightDecay: -1e-4 }, /weightDecay=-0\.0001/],
    [{ lr: 0.1, nesterov: true }, /nesterov requires momentum > 0 and dampening = 0/],
    [{ lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }, /dampening=0\.1/],
  ];
  for (const [options, message] of bad) {
    assert.throws(() => new optim.SGD([w], options as unknown as optim.SGDOptions), (e: unknown) => {
      assert.ok(e instanceof ValueError);
      assert.equal(e.code, 'E_VALUE');
      assert.match(e.message, message);
      return true;
    });
  }
});
