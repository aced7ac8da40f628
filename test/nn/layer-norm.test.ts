import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, manualSeed, randn, ShapeError, ValueError } from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';
import { assertTensor, caught, loadFixture, setData, t, type TensorJson } from './fixture.js';

interface LnCase {
  normalizedShape: number[];
  affine: boolean;
  x: TensorJson;
  weight?: TensorJson;
  bias?: TensorJson;
  out: TensorJson;
  gout: TensorJson;
  gradX: TensorJson;
  gradWeight?: TensorJson;
  gradBias?: TensorJson;
}

test('LayerNorm matches PyTorch forward and backward (2-D and 1-D normalised shape, with and without affine)', () => {
  const { cases } = loadFixture<{ cases: LnCase[] }>('layer-norm');
  for (const c of cases) {
    const ln = new nn.LayerNorm(c.normalizedShape, { elementwiseAffine: c.affine });
    if (c.weight) setData(ln.weight!, c.weight);
    if (c.bias) setData(ln.bias!, c.bias);
    const x = t(c.x, true);
    const y = ln.forward(x);
    assertTensor(y, c.out, 'out');
    y.backward(t(c.gout));
    assertTensor(x.grad, c.gradX, 'gradX');
    if (c.gradWeight) assertTensor(ln.weight!.grad, c.gradWeight, 'gradWeight');
    if (c.gradBias) assertTensor(ln.bias!.grad, c.gradBias, 'gradBias');
    if (!c.affine) assert.deepEqual([...ln.stateDict().keys()], []);
  }
});

test('LayerNorm is the same in training and eval; keys; repr', () => {
  manualSeed(2);
  const ln = new nn.LayerNorm(6);
  const x = randn([3, 6]);
  const a = ln.forward(x);
  ln.eval();
  assert.deepEqual([...ln.forward(x).data], [...a.data]);
  assert.deepEqual([...ln.stateDict().keys()], ['weight', 'bias']);
  assert.equal(ln.toString(), 'LayerNorm((6,), eps=0.00001, elementwise_affine=true)');
});

test('functional.layerNorm gradients match finite differences', () => {
  manualSeed(10);
  gradcheck(
    (x, w, b) => nn.functional.layerNorm(x, [3, 2], { weight: w, bias: b }),
    [randn([2, 3, 2], { requiresGrad: true }), randn([3, 2], { requiresGrad: true }), randn([3, 2], { requiresGrad: true })],
    { eps: 1e-3, atol: 3e-3 },
  );
});

test('LayerNorm errors: trailing shape mismatch → ShapeError; eps ≤ 0 → ValueError', () => {
  const e = caught(() => new nn.LayerNorm(64).forward(randn([2, 32])));
  assert.ok(e instanceof ShapeError);
  assert.equal(e.code, 'E_SHAPE');
  assert.equal(e.message, 'LayerNorm([64]): expected input [..., 64], received [2, 32].');
  const v = caught(() => new nn.LayerNorm(4, { eps: 0 }));
  assert.ok(v instanceof ValueError);
  assert.match(v.message, /LayerNorm: eps must be a finite number > 0\. Received: eps=0\./);
});
