import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, manualSeed, randn, ShapeError, ValueError } from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';
import { assertTensor, caught, loadFixture, setData, t, type TensorJson } from './fixture.js';

interface LinearCase {
  inFeatures: number;
  outFeatures: number;
  bias: boolean;
  x: TensorJson;
  weight: TensorJson;
  biasValue?: TensorJson;
  out: TensorJson;
  gout: TensorJson;
  gradX: TensorJson;
  gradWeight: TensorJson;
  gradBias?: TensorJson;
}

test('Linear matches PyTorch forward and backward (2-D and 3-D input, with and without bias)', () => {
  const { cases } = loadFixture<{ cases: LinearCase[] }>('linear');
  for (const c of cases) {
    const lin = new nn.Linear(c.inFeatures, c.outFeatures, { bias: c.bias });
    setData(lin.weight, c.weight);
    if (c.biasValue) setData(lin.bias!, c.biasValue);
    const x = t(c.x, true);
    const y = lin.forward(x);
    assertTensor(y, c.out, 'out');
    y.backward(t(c.gout));
    assertTensor(x.grad, c.gradX, 'gradX');
    assertTensor(lin.weight.grad, c.gradWeight, 'gradWeight');
    if (c.gradBias) assertTensor(lin.bias!.grad, c.gradBias, 'gradBias');
    else assert.equal(lin.bias, null);
  }
});

test('Linear initialisation: weight and bias within ±1/√in, parameters and keys', () => {
  manualSeed(3);
  const lin = new nn.Linear(20, 128);
  const bound = 1 / Math.sqrt(20);
  assert.deepEqual(lin.weight.shape, [128, 20]);
  assert.ok(lin.weight.data.every((v) => Math.abs(v) <= bound));
  assert.ok(lin.bias!.data.every((v) => Math.abs(v) <= bound));
  // Uniform on ±bound: the sample variance is near bound²/3.
  const w = lin.weight.data;
  const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
  assert.ok(Math.abs(variance / (bound * bound / 3) - 1) < 0.1, `variance ${variance}`);
  assert.deepEqual([...lin.stateDict().keys()], ['weight', 'bias']);
  assert.equal(lin.parameters().length, 2);
  assert.ok(lin.parameters().every((p) => p.requiresGrad));
  assert.equal(lin.toString(), 'Linear(in_features=20, out_features=128, bias=true)');
});

test('functional.linear gradients match finite differences', () => {
  manualSeed(4);
  gradcheck((x, w, b) => nn.functional.linear(x, w, b), [randn([3, 4], { requiresGrad: true }), randn([2, 4], { requiresGrad: true }), randn([2], { requiresGrad: true })]);
  gradcheck((x, w) => nn.functional.linear(x, w), [randn([2, 2, 3], { requiresGrad: true }), randn([5, 3], { requiresGrad: true })]);
});

test('Linear errors: wrong input width is a ShapeError naming the layer and both shapes; bad sizes a ValueError', () => {
  const lin = new nn.Linear(20, 128);
  const e = caught(() => lin.forward(randn([32, 10])));
  assert.ok(e instanceof ShapeError);
  assert.equal(e.code, 'E_SHAPE');
  assert.equal(e.message, 'Linear(20→128): expected input [..., 20], received [32, 10].');
  const v = caught(() => new nn.Linear(0, 3));
  assert.ok(v instanceof ValueError);
  assert.equal(v.code, 'E_VALUE');
  assert.match(v.message, /Linear: inFeatures must be a positive integer\. Received: inFeatures=0\./);
  assert.throws(() => nn.functional.linear(randn([2, 3]), randn([4, 3]), randn([3])), ShapeError);
});
