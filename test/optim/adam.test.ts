import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError, tensor, optim } from '../../src/index.js';
import { fixture, replay } from './quadratic-fixture.js';

const cases = fixture.cases.filter((c) => c.optimizer === 'Adam');

test('Adam fixture has the planned cases', () => {
  assert.equal(cases.length, 5);
});

for (const c of cases) {
  test(`Adam matches PyTorch 1.13 bit for bit over ${c.steps} steps: ${JSON.stringify(c.options)}${c.groups ? ' with groups' : ''}`, () => {
    replay(c);
  });
}

test('Adam defaults are PyTorch\'s and the first step moves each weight by about lr', () => {
  const w = tensor([1, -1, 0.5], { requiresGrad: true });
  const opt = new optim.Adam([w]);
  const g = opt.paramGroups[0]!;
  assert.deepEqual([g.lr, [...g.betas], g.eps, g.weightDecay, g.amsgrad, g.maximize], [1e-3, [0.9, 0.999], 1e-8, 0, false, false]);
  w.grad = tensor([3, -0.2, 1e-3]);
  opt.step();
  // step 1: m̂ = g, v̂ = g², so Δ = −lr·g/(|g| + eps) ≈ −lr·sign(g)
  const delta = Array.from(w.data).map((v, i) => v - [1, -1, 0.5][i]!);
  delta.forEach((d, i) => assert.ok(Math.abs(d - -1e-3 * Math.sign([3, -0.2, 1e-3][i]!)) < 1e-7, `element ${i}: ${d}`));
  assert.equal(opt.state.get(w)?.['step'], 1);
});

test('Adam validates lr, betas, eps and weightDecay (ValueError naming optimizer, parameter, value)', () => {
  const w = tensor([1], { requiresGrad: true });
  const bad: [optim.AdamOptions, RegExp][] = [
    [{ lr: -1e-3 }, /^Adam: lr must be a finite number ≥ 0\. Received: lr=-0\.001\.$/],
    [{ betas: [1, 0.999] }, /^Adam: betas\[0\] must be in \[0, 1\)\. Received: betas=\[1, 0\.999\]\.$/],
    [{ betas: [0.9, -0.1] }, /betas\[1\]/],
    [{ eps: -1 }, /eps=-1/],
    [{ weightDecay: -0.5 }, /weightDecay=-0\.5/],
  ];
  for (const [options, message] of bad) {
    assert.throws(() => new optim.Adam([w], options), (e: unknown) => {
      assert.ok(e instanceof ValueError);
      assert.equal(e.code, 'E_VALUE');
      assert.match(e.message, message);
      return true;
    });
  }
  assert.throws(() => new optim.Adam([{ params: [w], eps: -1 }]), {
    name: 'ValueError',
    code: 'E_VALUE',
    message: 'Adam: paramGroups[0].eps must be a finite number ≥ 0. Received: eps=-1.',
  });
});
