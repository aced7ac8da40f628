import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, manualSeed, randn, tensor, ShapeError, ValueError } from '../../../src/index.js';
import { gradcheck } from '../../helpers/gradcheck.js';
import { assertTensor, caught, loadFixture, t, type TensorJson } from '../fixture.js';

interface CeCase {
  input: TensorJson;
  target: number[];
  targetShape: number[];
  weight?: TensorJson;
  labelSmoothing: number;
  reduction: nn.Reduction;
  ignoreIndex?: number;
  out: TensorJson;
  gout: TensorJson;
  gradInput: TensorJson;
}

test('CrossEntropyLoss matches PyTorch with class weight + label smoothing (mean/sum/none), ignoreIndex, [N, C, d] input', () => {
  const { cases } = loadFixture<{ cases: CeCase[] }>('cross-entropy');
  for (const [k, c] of cases.entries()) {
    const loss = new nn.CrossEntropyLoss({
      labelSmoothing: c.labelSmoothing,
      reduction: c.reduction,
      ...(c.weight ? { weight: t(c.weight) } : {}),
      ...(c.ignoreIndex !== undefined ? { ignoreIndex: c.ignoreIndex } : {}),
    });
    const x = t(c.input, true);
    const y = loss.forward(x, { data: Int32Array.from(c.target), shape: c.targetShape });
    assertTensor(y, c.out, `case ${k} out`);
    y.backward(t(c.gout));
    assertTensor(x.grad, c.gradInput, `case ${k} gradInput`);
  }
});

test('crossEntropy accepts Int32Array, number[] and Tensor targets; stable for huge logits', () => {
  const x = tensor([[2, 0, 0], [0, 1, 5]]);
  const a = nn.functional.crossEntropy(x, Int32Array.of(0, 2)).item();
  assert.equal(nn.functional.crossEntropy(x, [0, 2]).item(), a);
  assert.equal(nn.functional.crossEntropy(x, tensor([0, 2])).item(), a);
  const expected = (-(2 - Math.log(Math.exp(2) + 2)) - (5 - Math.log(1 + Math.exp(1) + Math.exp(5)))) / 2;
  assert.ok(Math.abs(a - expected) < 1e-6);
  assert.equal(nn.functional.crossEntropy(tensor([[1000, 0]]), [0]).item(), 0);
  assert.ok(Math.abs(nn.functional.crossEntropy(tensor([[1000, 0]]), [1]).item() - 1000) < 1e-3);
});

test('crossEntropy gradients match finite differences (weight, smoothing, ignore, spatial)', () => {
  manualSeed(13);
  const w = tensor([0.5, 2, 1]);
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    gradcheck((x) => nn.functional.crossEntropy(x, [0, 2, 1, 2], { weight: w, labelSmoothing: 0.2, reduction }), [randn([4, 3], { requiresGrad: true })]);
  }
  gradcheck((x) => nn.functional.crossEntropy(x, { data: Int32Array.of(0, 2, -100, 1), shape: [2, 2] }, { weight: w, labelSmoothing: 0.1 }), [randn([2, 3, 2], { requiresGrad: true })]);
});

test('CrossEntropyLoss errors: target shape, out-of-range class, weight size, labelSmoothing', () => {
  const ce = new nn.CrossEntropyLoss();
  const s = caught(() => ce.forward(randn([4, 3]), [0, 1, 2]));
  assert.ok(s instanceof ShapeError);
  assert.equal(s.code, 'E_SHAPE');
  assert.equal(s.message, 'crossEntropy: target shape [3] must be [4] (the input [4, 3] without the class dimension).');
  const v = caught(() => ce.forward(randn([2, 3]), [0, 3]));
  assert.ok(v instanceof ValueError);
  assert.equal(v.message, 'crossEntropy: targets must be class indices in [0, 2] or ignoreIndex (-100). Received: target[1]=3.');
  assert.throws(() => new nn.CrossEntropyLoss({ weight: tensor([1, 2]) }).forward(randn([2, 3]), [0, 1]), /weight must have one entry per class, shape \[3\]\. Received: \[2\]/);
  assert.throws(() => new nn.CrossEntropyLoss({ labelSmoothing: -0.1 }), /CrossEntropyLoss: labelSmoothing must be a finite number in \[0, 1\]\. Received: labelSmoothing=-0\.1\./);
  assert.deepEqual([...new nn.CrossEntropyLoss({ weight: tensor([1, 2]) }).stateDict().keys()], ['weight']);
});
