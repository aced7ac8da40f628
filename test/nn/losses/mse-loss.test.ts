import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, manualSeed, randn, ShapeError } from '../../../src/index.js';
import { gradcheck } from '../../helpers/gradcheck.js';
import { assertTensor, caught, loadFixture, t, type TensorJson } from '../fixture.js';

interface MseCase {
  reduction: nn.Reduction;
  input: TensorJson;
  target: TensorJson;
  out: TensorJson;
  gout: TensorJson;
  gradInput: TensorJson;
}

test('MSELoss matches PyTorch forward and backward for every reduction', () => {
  const { cases } = loadFixture<{ cases: MseCase[] }>('mse-loss');
  for (const c of cases) {
    const x = t(c.input, true);
    const y = new nn.MSELoss({ reduction: c.reduction }).forward(x, t(c.target));
    assertTensor(y, c.out, `${c.reduction} out`);
    y.backward(t(c.gout));
    assertTensor(x.grad, c.gradInput, `${c.reduction} grad`);
  }
});

test('mseLoss gradients (input and target) match finite differences', () => {
  manualSeed(15);
  gradcheck((a, b) => nn.functional.mseLoss(a, b), [randn([3, 2], { requiresGrad: true }), randn([3, 2], { requiresGrad: true })]);
});

test('MSELoss refuses to broadcast [N, 1] against [N] (ShapeError naming both shapes)', () => {
  const e = caught(() => new nn.MSELoss().forward(randn([4, 1]), randn([4])));
  assert.ok(e instanceof ShapeError);
  assert.equal(e.code, 'E_SHAPE');
  assert.equal(e.message, 'mseLoss: target size [4] must equal input size [4, 1].');
  assert.throws(() => new nn.MSELoss({ reduction: 'max' as nn.Reduction }), /MSELoss: reduction must be 'mean', 'sum' or 'none'/);
});
