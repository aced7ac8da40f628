import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, manualSeed, randn, rand, tensor, Tensor, ShapeError, ValueError } from '../../../src/index.js';
import { gradcheck } from '../../helpers/gradcheck.js';
import { assertTensor, caught, loadFixture, t, type TensorJson } from '../fixture.js';

interface FocalCase<T> {
  alpha: number | number[];
  gamma: number;
  reduction: nn.Reduction;
  input: TensorJson;
  target: T;
  out: TensorJson;
  gout: TensorJson;
  gradInput: TensorJson;
}
const fixture = loadFixture<{ binary: FocalCase<TensorJson>[]; multiclass: FocalCase<number[]>[] }>('focal-loss');

test("binary FocalLoss matches torchvision's sigmoid_focal_loss (α on/off, γ 0/0.5/1.5/2, all reductions)", () => {
  for (const c of fixture.binary) {
    const x = t(c.input, true);
    const y = new nn.FocalLoss({ alpha: c.alpha, gamma: c.gamma, reduction: c.reduction }).forward(x, t(c.target));
    assertTensor(y, c.out, `α=${String(c.alpha)} γ=${c.gamma} out`);
    y.backward(t(c.gout));
    assertTensor(x.grad, c.gradInput, `α=${String(c.alpha)} γ=${c.gamma} grad`);
  }
});

test('multiclass FocalLoss matches the PyTorch reference −α_y(1 − p_y)^γ log p_y (per-class and scalar α)', () => {
  for (const c of fixture.multiclass) {
    const x = t(c.input, true);
    const y = new nn.FocalLoss({ alpha: c.alpha, gamma: c.gamma, reduction: c.reduction }).forward(x, c.target);
    assertTensor(y, c.out, `γ=${c.gamma} out`);
    y.backward(t(c.gout));
    assertTensor(x.grad, c.gradInput, `γ=${c.gamma} grad`);
  }
});

test('focal losses: γ = 0 reduces to (weighted) BCE / CE; gradients match finite differences; saturated logits stay finite', () => {
  manualSeed(14);
  const x = randn([6, 2]);
  const target = new Tensor(Float32Array.from({ length: 12 }, (_, i) => i % 3 === 0 ? 1 : 0), [6, 2]);
  const f0 = nn.functional.sigmoidFocalLoss(x, target, { alpha: -1, gamma: 0, reduction: 'mean' }).item();
  assert.ok(Math.abs(f0 - nn.functional.binaryCrossEntropyWithLogits(x, target).item()) < 1e-6);
  const ce = nn.functional.crossEntropy(x, [0, 1, 1, 0, 1, 0]).item();
  assert.ok(Math.abs(nn.functional.softmaxFocalLoss(x, [0, 1, 1, 0, 1, 0], { alpha: -1, gamma: 0 }).item() - ce) < 1e-6);
  const xs = randn([5, 3], { requiresGrad: true });
  const soft = rand([5, 3]);
  for (const gamma of [0.5, 2]) {
    gradcheck((v) => nn.functional.sigmoidFocalLoss(v, soft, { gamma, reduction: 'sum' }), [xs], { eps: 1e-3 });
    gradcheck((v) => nn.functional.softmaxFocalLoss(v, [2, 0, 1, 1, 0], { alpha: [0.3, 1, 2], gamma }), [xs], { eps: 1e-3 });
  }
  const big = tensor([[40], [-40]], { requiresGrad: true });
  nn.functional.sigmoidFocalLoss(big, tensor([[1], [0]]), { gamma: 0.5, reduction: 'sum' }).backward();
  assert.ok([...big.grad!.data].every(Number.isFinite));
});

test('FocalLoss errors: α > 1, γ < 0, per-class α with binary targets, mismatched targets', () => {
  const e = caught(() => new nn.FocalLoss({ alpha: 1.5 }));
  assert.ok(e instanceof ValueError);
  assert.equal(e.code, 'E_VALUE');
  assert.equal(e.message, 'FocalLoss: alpha must be in [0, 1] (or negative to disable it). Received: alpha=1.5.');
  assert.throws(() => new nn.FocalLoss({ gamma: -1 }), /gamma must be a finite number ≥ 0\. Received: gamma=-1\./);
  assert.throws(() => new nn.FocalLoss({ alpha: [0.2, 0.8] }).forward(randn([3, 2]), rand([3, 2])), /per-class alpha applies to multiclass/);
  const s = caught(() => new nn.FocalLoss().forward(randn([3, 2]), randn([2, 3])));
  assert.ok(s instanceof ShapeError);
  assert.equal(s.code, 'E_SHAPE');
  assert.throws(() => new nn.FocalLoss().forward(randn([4, 1]), rand([4])), /for input \[4, 1\] the target must have the same shape \(binary targets\)\. Received: \[4\]/);
  assert.throws(() => new nn.FocalLoss({ alpha: [1, 2] }).forward(randn([3, 3]), [0, 1, 2]), /one entry per class, shape \[3\]\. Received: \[2\]/);
});
