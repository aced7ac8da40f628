import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError, type Tensor, nn, optim } from '../../src/index.js';

class Mixed extends nn.Module {
  declare readonly body: nn.Sequential;
  declare readonly norm: nn.LayerNorm;
  constructor() {
    super();
    this.registerModule('body', new nn.Sequential(new nn.Linear(5, 4), new nn.BatchNorm1d(4), new nn.ReLU(), new nn.Linear(4, 20)));
    this.registerModule('norm', new nn.LayerNorm([4, 5]));
  }

  forward(x: Tensor): Tensor {
    return this.norm.forward(this.body.forward(x).reshape([-1, 4, 5]));
  }
}

const namesOf = (model: nn.Module, params: Tensor[]): string[] => {
  const byTensor = new Map([...model.namedParameters()].map(([n, p]) => [p, n] as [Tensor, string]));
  return params.map((p) => byTensor.get(p)!);
};

test('paramGroupsWithoutDecay exempts biases and every normalisation parameter (a 2-D LayerNorm weight included)', () => {
  const model = new Mixed();
  const [decay, exempt] = optim.paramGroupsWithoutDecay(model, { weightDecay: 1e-4 });
  assert.deepEqual(namesOf(model, decay.params), ['body.0.weight', 'body.3.weight']);
  assert.deepEqual(namesOf(model, exempt.params), ['body.0.bias', 'body.1.weight', 'body.1.bias', 'body.3.bias', 'norm.weight', 'norm.bias']);
  assert.equal(decay.weightDecay, 1e-4);
  assert.equal(exempt.weightDecay, 0);
  assert.deepEqual(model.stateDict().get('norm.weight')!.shape, [4, 5]);
});

test('paramGroupsWithoutDecay feeds AdamW: decayed weights shrink by (1 − lr·wd), exempt ones do not move', () => {
  const model = new Mixed();
  const opt = new optim.AdamW(optim.paramGroupsWithoutDecay(model, { weightDecay: 0.5 }), { lr: 0.1 });
  assert.deepEqual(opt.paramGroups.map((g) => g.weightDecay), [0.5, 0]);
  const before = new Map([...model.namedParameters()].map(([n, p]) => [n, p.data.slice()] as [string, Float32Array]));
  for (const p of model.parameters()) p.grad = p.clone().mul(0);
  opt.step();
  const decay = Math.fround(1 - 0.1 * 0.5);
  for (const [name, p] of model.namedParameters()) {
    const expected = name === 'body.0.weight' || name === 'body.3.weight' ? before.get(name)!.map((v) => v * decay) : before.get(name)!;
    assert.deepEqual(Array.from(p.data), Array.from(expected), name);
  }
});

test('without weightDecay the optimizer default applies; frozen parameters are left out', () => {
  const model = new Mixed();
  const frozen = [...model.namedParameters()].find(([n]) => n === 'body.3.weight')![1];
  frozen.requiresGrad = false;
  const groups = optim.paramGroupsWithoutDecay(model);
  assert.equal('weightDecay' in groups[0], false);
  assert.equal(groups[0].params.includes(frozen), false);
  const opt = new optim.AdamW(groups);
  assert.deepEqual(opt.paramGroups.map((g) => g.weightDecay), [1e-2, 0]);
});

test('paramGroupsWithoutDecay validates its inputs', () => {
  assert.throws(() => optim.paramGroupsWithoutDecay(new Mixed(), { weightDecay: -1 }), (e: unknown) => {
    assert.ok(e instanceof ValueError);
    assert.equal(e.code, 'E_VALUE');
    assert.equal(e.message, 'paramGroupsWithoutDecay: weightDecay must be a finite number ≥ 0. Received: weightDecay=-1.');
    return true;
  });
  assert.throws(() => optim.paramGroupsWithoutDecay({} as nn.Module), { name: 'ValueError', code: 'E_VALUE', message: /model must be an nn\.Module/ });
});
