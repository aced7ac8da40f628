import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ValueError, tensor, optim } from '../../src/index.js';

interface CosineCase { options: { tMax: number; etaMin: number }; lrs: number[]; epochs: number; sequence: number[][] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/optim/schedulers.json', import.meta.url), 'utf8')) as { cosine: CosineCase[] };

function twoGroupSgd(lrs: number[]): optim.SGD {
  return new optim.SGD(
    [{ params: [tensor([0, 0], { requiresGrad: true })], lr: lrs[0]! }, { params: [tensor([0, 0, 0], { requiresGrad: true })], lr: lrs[1]! }],
    { lr: lrs[0]! },
  );
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.abs(b) + 1e-18;

for (const c of fixture.cosine) {
  test(`CosineAnnealingLR matches PyTorch's get_last_lr for ${c.epochs} epochs: tMax ${c.options.tMax}, etaMin ${c.options.etaMin}`, () => {
    const opt = twoGroupSgd(c.lrs);
    const sched = new optim.CosineAnnealingLR(opt, c.options);
    const seen = [sched.getLastLr()];
    for (let e = 0; e < c.epochs; e++) {
      opt.step();
      sched.step();
      seen.push(sched.getLastLr());
    }
    assert.equal(seen.length, c.sequence.length);
    seen.forEach((lrs, e) => lrs.forEach((lr, g) => assert.ok(close(lr, c.sequence[e]![g]!), `epoch ${e} group ${g}: ${lr} vs ${c.sequence[e]![g]}`)));
    assert.deepEqual(opt.paramGroups.map((g) => g.lr), seen[seen.length - 1]);
    assert.deepEqual(opt.paramGroups.map((g) => g.initialLr), c.lrs);
  });
}

test('CosineAnnealingLR follows the closed form inside the first half-period', () => {
  const opt = twoGroupSgd([0.1, 0.02]);
  const sched = new optim.CosineAnnealingLR(opt, { tMax: 4, etaMin: 0.01 });
  for (let t = 1; t <= 4; t++) {
    sched.step();
    const expected = 0.01 + ((0.1 - 0.01) * (1 + Math.cos((Math.PI * t) / 4))) / 2;
    assert.ok(Math.abs(opt.paramGroups[0]!.lr - expected) < 1e-15);
  }
  assert.ok(Math.abs(opt.paramGroups[0]!.lr - 0.01) < 1e-15);
});

test('CosineAnnealingLR state round-trips and resumes the same sequence', () => {
  const a = twoGroupSgd([0.1, 0.05]);
  const sa = new optim.CosineAnnealingLR(a, { tMax: 6 });
  for (let e = 0; e < 3; e++) sa.step();
  const b = twoGroupSgd([0.1, 0.05]);
  b.loadStateDict(a.stateDict());
  const sb = new optim.CosineAnnealingLR(b, { tMax: 6 });
  sb.loadStateDict(sa.stateDict());
  for (let e = 0; e < 5; e++) {
    sa.step();
    sb.step();
    assert.deepEqual(sb.getLastLr(), sa.getLastLr());
  }
});

test('CosineAnnealingLR validates tMax and etaMin', () => {
  const opt = twoGroupSgd([0.1, 0.1]);
  assert.throws(() => new optim.CosineAnnealingLR(opt, { tMax: 0 }), {
    name: 'ValueError', code: 'E_VALUE', message: 'CosineAnnealingLR: tMax must be an integer ≥ 1. Received: tMax=0.',
  });
  assert.throws(() => new optim.CosineAnnealingLR(opt, { tMax: 10, etaMin: -1e-3 }), (e: unknown) => e instanceof ValueError && /etaMin=-0\.001/.test(e.message));
  assert.equal(opt.paramGroups[0]!.initialLr, undefined, 'a rejected scheduler leaves the optimizer untouched');
});
