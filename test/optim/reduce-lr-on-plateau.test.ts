import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ValueError, tensor, optim } from '../../src/index.js';

interface PlateauCase { options: optim.ReduceLROnPlateauOptions; lrs: number[]; metrics: number[]; sequence: number[][] }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/optim/schedulers.json', import.meta.url), 'utf8')) as { plateau: PlateauCase[] };

function twoGroupSgd(lrs: number[]): optim.SGD {
  return new optim.SGD(
    [{ params: [tensor([0], { requiresGrad: true })], lr: lrs[0]! }, { params: [tensor([0], { requiresGrad: true })], lr: lrs[1]! }],
    { lr: lrs[0]! },
  );
}

for (const c of fixture.plateau) {
  test(`ReduceLROnPlateau matches PyTorch's lr sequence: ${JSON.stringify(c.options)}`, () => {
    const opt = twoGroupSgd(c.lrs);
    const sched = new optim.ReduceLROnPlateau(opt, c.options);
    const seen = c.metrics.map((m) => {
      opt.step();
      sched.step(m);
      return opt.paramGroups.map((g) => g.lr);
    });
    assert.deepEqual(seen, c.sequence);
    assert.deepEqual(sched.getLastLr(), c.sequence[c.sequence.length - 1]);
  });
}

test('ReduceLROnPlateau fixture covers reductions, cooldown, per-group minLr and the eps skip', () => {
  assert.equal(fixture.plateau.length, 4);
  for (const c of fixture.plateau) assert.notDeepEqual(c.sequence[0], c.sequence[c.sequence.length - 1]);
});

test('ReduceLROnPlateau accepts a one-element tensor metric and resumes from its stateDict', () => {
  const opt = twoGroupSgd([0.1, 0.1]);
  const a = new optim.ReduceLROnPlateau(opt, { patience: 1 });
  a.step(tensor(1));
  a.step(tensor([2]));
  const snapshot = JSON.parse(JSON.stringify(a.stateDict())) as optim.ReduceLROnPlateauStateDict;
  assert.deepEqual(snapshot, { best: 1, numBadEpochs: 1, cooldownCounter: 0, lastEpoch: 2 });
  const b = new optim.ReduceLROnPlateau(opt, { patience: 1 });
  assert.equal(b.stateDict().best, null);
  b.loadStateDict(snapshot);
  b.step(3);
  assert.deepEqual(opt.paramGroups.map((g) => g.lr), [0.010000000000000002, 0.010000000000000002]);
});

test('ReduceLROnPlateau validates its options (ValueError naming the option and value)', () => {
  const opt = twoGroupSgd([0.1, 0.1]);
  const bad: [optim.ReduceLROnPlateauOptions, RegExp][] = [
    [{ factor: 1 }, /^ReduceLROnPlateau: factor must be in \(0, 1\)\. Received: factor=1\.$/],
    [{ mode: 'up' as 'min' }, /mode must be one of 'min', 'max'\. Received: mode='up'/],
    [{ thresholdMode: 'pct' as 'rel' }, /thresholdMode/],
    [{ patience: -1 }, /patience must be an integer ≥ 0\. Received: patience=-1/],
    [{ cooldown: 1.5 }, /cooldown=1\.5/],
    [{ minLr: [0.1] }, /minLr must have one value per parameter group \(2\)\. Received: 1 values/],
    [{ minLr: -1 }, /minLr\[0\]=-1/],
  ];
  for (const [options, message] of bad) {
    assert.throws(() => new optim.ReduceLROnPlateau(opt, options), (e: unknown) => {
      assert.ok(e instanceof ValueError);
      assert.equal(e.code, 'E_VALUE');
      assert.match(e.message, message);
      return true;
    });
  }
});
