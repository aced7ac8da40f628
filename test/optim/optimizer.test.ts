import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, ValueError, mul, tensor, optim } from '../../src/index.js';
import { fixture, makeOptimizer, makeParams, setGrads } from './quadratic-fixture.js';

const expectValueError = (fn: () => unknown, message: RegExp): void => {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ValueError, String(e));
    assert.equal(e.code, 'E_VALUE');
    assert.match(e.message, message);
    return true;
  });
};

test('a plain parameter list makes one group with the defaults; groups override per group', () => {
  const a = tensor([1], { requiresGrad: true });
  const b = tensor([2], { requiresGrad: true });
  const single = new optim.SGD([a, b], { lr: 0.1, momentum: 0.9 });
  assert.equal(single.paramGroups.length, 1);
  assert.deepEqual(single.paramGroups[0]!.params, [a, b]);
  assert.equal(single.paramGroups[0]!.momentum, 0.9);
  const grouped = new optim.AdamW([{ params: [a], weightDecay: 0 }, { params: new Set([b]) }], { lr: 3e-4 });
  assert.deepEqual(grouped.paramGroups.map((g) => [g.lr, g.weightDecay]), [[3e-4, 0], [3e-4, 1e-2]]);
  assert.deepEqual(grouped.paramGroups[1]!.params, [b]);
});

test('bad parameter lists are ValueErrors that say what to fix', () => {
  const a = tensor([1], { requiresGrad: true });
  expectValueError(() => new optim.Adam([]), /^Adam: params must hold at least one parameter/);
  expectValueError(() => new optim.Adam([{ params: [a] }, { params: [a] }]), /paramGroups\[1\]\.params\[0\] appears more than once/);
  expectValueError(() => new optim.Adam([mul(a, 2)]), /params\[0\] is not a leaf tensor/);
  expectValueError(() => new optim.Adam([{ params: [a], weight_decay: 0 } as never]), /paramGroups\[0\]\.weight_decay is not an option of Adam\. Expected one of: lr, betas, eps, weightDecay, amsgrad, maximize/);
  expectValueError(() => new optim.Adam([{ params: [a] }, { params: [3] } as never]), /paramGroups\[1\]\.params\[0\] must be a Tensor/);
});

test('zeroGrad sets grads to null by default, or zero-fills them in place', () => {
  const a = tensor([1, 2], { requiresGrad: true });
  const opt = new optim.SGD([a], { lr: 0.1 });
  a.grad = tensor([3, 4]);
  const g = a.grad;
  opt.zeroGrad({ setToNone: false });
  assert.equal(a.grad, g);
  assert.deepEqual(Array.from(g.data), [0, 0]);
  opt.zeroGrad();
  assert.equal(a.grad, null);
  opt.step(); // no gradient: nothing moves
  assert.deepEqual(Array.from(a.data), [1, 2]);
});

test('changing paramGroups[i].lr changes the next step (what schedulers rely on)', () => {
  const a = tensor([1], { requiresGrad: true });
  const opt = new optim.SGD([a], { lr: 0.1 });
  opt.paramGroups[0]!.lr = 0.5;
  a.grad = tensor([1]);
  opt.step();
  assert.equal(a.data[0], 0.5);
});

for (const caseIndex of [2, 8, 12, 14]) {
  const c = fixture.cases[caseIndex]!;
  test(`stateDict/loadStateDict resume reproduces an uninterrupted run exactly: ${c.optimizer} ${JSON.stringify(c.options)}`, () => {
    const straight = makeParams();
    const optA = makeOptimizer(c, straight);
    const resumed = makeParams();
    let optB = makeOptimizer(c, resumed);
    for (let step = 0; step < 8; step++) {
      if (step === 4) {
        // Checkpoint through JSON (Float32Arrays as plain arrays), then a fresh optimizer resumes.
        const snapshot = optB.stateDict();
        const json = JSON.parse(JSON.stringify(snapshot, (_k, v: unknown) => (v instanceof Float32Array ? Array.from(v) : v))) as optim.OptimizerStateDict;
        optB = makeOptimizer(c, resumed);
        optB.loadStateDict(json);
      }
      for (const [params, opt] of [[straight, optA], [resumed, optB]] as const) {
        opt.zeroGrad();
        setGrads(params);
        opt.step();
      }
    }
    for (const name of Object.keys(straight)) assert.deepEqual(Array.from(resumed[name]!.data), Array.from(straight[name]!.data));
  });
}

test('stateDict is a snapshot: later steps do not change it; indices follow group order', () => {
  const params = makeParams();
  const c = fixture.cases.find((k) => k.optimizer === 'AdamW' && k.groups !== null)!;
  const opt = makeOptimizer(c, params);
  setGrads(params);
  opt.step();
  const sd = opt.stateDict();
  assert.deepEqual(sd.paramGroups.map((g) => g.params), [[0], [1, 2]]);
  assert.deepEqual(Object.keys(sd.state), ['0', '1']); // w3 has no gradient, hence no state
  assert.equal(sd.paramGroups[1]!['lr'], 0.02);
  const before = Array.from(sd.state[0]!['expAvg'] as Float32Array);
  setGrads(params);
  opt.step();
  assert.deepEqual(Array.from(sd.state[0]!['expAvg'] as Float32Array), before);
  assert.equal(sd.state[0]!['step'], 1);
});

test('loadStateDict rejects a snapshot of another layout with a ValueError', () => {
  const a = tensor([1, 2], { requiresGrad: true });
  const b = tensor([3], { requiresGrad: true });
  const src = new optim.Adam([a, b]);
  a.grad = tensor([1, 1]);
  b.grad = tensor([1]);
  src.step();
  const sd = src.stateDict();
  expectValueError(() => new optim.Adam([{ params: [a] }, { params: [b] }]).loadStateDict(sd), /snapshot has 1 parameter groups but this optimizer has 2/);
  expectValueError(() => new optim.Adam([a]).loadStateDict(sd), /paramGroups\[0\] has 2 parameters in the snapshot but 1 here/);
  const c = new Tensor(new Float32Array(5), [5], true);
  expectValueError(() => new optim.Adam([c, b]).loadStateDict(sd), /state\[0\]\.expAvg has 2 values but its parameter has 5/);
  const badLr = { ...sd, paramGroups: [{ ...sd.paramGroups[0]!, lr: -1 }] };
  expectValueError(() => new optim.Adam([a, b]).loadStateDict(badLr), /^Adam\.loadStateDict: paramGroups\[0\]\.lr must be a finite number ≥ 0\. Received: lr=-1\./);
});
