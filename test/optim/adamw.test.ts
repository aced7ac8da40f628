import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError, tensor, optim } from '../../src/index.js';
import { fixture, replay } from './quadratic-fixture.js';

const cases = fixture.cases.filter((c) => c.optimizer === 'AdamW');

test('AdamW fixture has the planned cases', () => {
  assert.equal(cases.length, 4);
});

for (const c of cases) {
  test(`AdamW matches PyTorch 1.13 bit for bit over ${c.steps} steps: ${JSON.stringify(c.options)}${c.groups ? ' with groups' : ''}`, () => {
    replay(c);
  });
}

test('AdamW decay is decoupled: a zero gradient still shrinks the weight by (1 − lr·wd)', () => {
  const w = tensor([2, -4], { requiresGrad: true });
  const opt = new optim.AdamW([w], { lr: 0.1, weightDecay: 0.5 });
  assert.equal(opt.paramGroups[0]!.weightDecay, 0.5);
  w.grad = tensor([0, 0]);
  opt.step();
  const decay = Math.fround(1 - 0.1 * 0.5);
  assert.deepEqual(Array.from(w.data), [Math.fround(2 * decay), Math.fround(-4 * decay)]);
  // Adam's coupled decay would instead move the weight by ≈ lr against sign(w): a different answer.
  const v = tensor([2, -4], { requiresGrad: true });
  const adam = new optim.Adam([v], { lr: 0.1, weightDecay: 0.5 });
  v.grad = tensor([0, 0]);
  adam.step();
  assert.ok(Math.abs(v.data[0]! - 1.9) < 1e-6 && Math.abs(v.data[1]! + 3.9) < 1e-6);
});

test('AdamW defaults: lr 1e-3, weightDecay 1e-2', () => {
  const opt = new optim.AdamW([tensor([1], { requiresGrad: true })]);
  assert.equal(opt.defaults.lr, 1e-3);
  assert.equal(opt.defaults.weightDecay, 1e-2);
});

test('AdamW rejects a negative weightDecay in a group with the group named', () => {
  const w = tensor([1], { requiresGrad: true });
  assert.throws(() => new optim.AdamW([{ params: [w], weightDecay: -1e-4 }], { lr: 3e-4 }), (e: unknown) => {
    assert.ok(e instanceof ValueError);
    assert.equal(e.code, 'E_VALUE');
    assert.equal(e.message, 'AdamW: paramGroups[0].weightDecay must be a finite number ≥ 0. Received: weightDecay=-0.0001.');
    return true;
  });
});
