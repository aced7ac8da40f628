import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, manualSeed, randn, rand, tensor, Tensor, ShapeError, ValueError } from '../../../src/index.js';
import { gradcheck } from '../../helpers/gradcheck.js';
import { assertTensor, caught, loadFixture, t, type TensorJson } from '../fixture.js';

interface BceCase {
  input: TensorJson;
  target: TensorJson;
  posWeight?: TensorJson;
  weight?: TensorJson;
  labelSmoothing: number;
  reduction: nn.Reduction;
  out: TensorJson;
  gout: TensorJson;
  gradInput: TensorJson;
}

test('BCEWithLogitsLoss matches PyTorch (posWeight, weight, reductions, |logits| up to ~60, label smoothing)', () => {
  const { cases } = loadFixture<{ cases: BceCase[] }>('bce-with-logits');
  for (const c of cases) {
    const loss = new nn.BCEWithLogitsLoss({
      reduction: c.reduction,
      labelSmoothing: c.labelSmoothing,
      ...(c.posWeight ? { posWeight: t(c.posWeight) } : {}),
      ...(c.weight ? { weight: t(c.weight) } : {}),
    });
    const x = t(c.input, true);
    const y = loss.forward(x, t(c.target));
    assertTensor(y, c.out, `${c.reduction} out`);
    y.backward(t(c.gout));
    assertTensor(x.grad, c.gradInput, `${c.reduction} gradInput`);
  }
});

test('binaryCrossEntropyWithLogits gradients (input and soft target) match finite differences', () => {
  manualSeed(7);
  const x = randn([4, 3], { requiresGrad: true });
  const target = rand([4, 3], { requiresGrad: true });
  const pw = tensor([0.5, 2, 3]);
  const w = tensor([1, 0.5, 2]);
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    gradcheck((a, b) => nn.functional.binaryCrossEntropyWithLogits(a, b, { posWeight: pw, weight: w, reduction, labelSmoothing: 0.1 }), [x, target]);
  }
  gradcheck((a, b) => nn.functional.binaryCrossEntropyWithLogits(a, b), [x, target]);
});

test('BCEWithLogits is stable for large logits and registers weight/pos_weight buffers', () => {
  const y = nn.functional.binaryCrossEntropyWithLogits(tensor([100, -100]), tensor([0, 1]), { reduction: 'none' });
  assert.deepEqual([...y.data], [100, 100]);
  const l = new nn.BCEWithLogitsLoss({ posWeight: tensor([3]) });
  assert.deepEqual([...l.stateDict().keys()], ['pos_weight']);
  assert.ok(l.posWeight instanceof Tensor);
  assert.ok(Math.abs(nn.functional.binaryCrossEntropyWithLogits(tensor([0]), tensor([1])).item() - Math.LN2) < 1e-7);
});

test('BCEWithLogits errors: target shape, labelSmoothing and reduction', () => {
  const e = caught(() => new nn.BCEWithLogitsLoss().forward(randn([4, 1]), randn([4])));
  assert.ok(e instanceof ShapeError);
  assert.equal(e.code, 'E_SHAPE');
  assert.match(e.message, /target size \[4\] must equal input size \[4, 1\]/);
  const v = caught(() => new nn.BCEWithLogitsLoss({ labelSmoothing: 1.5 }));
  assert.ok(v instanceof ValueError);
  assert.match(v.message, /BCEWithLogitsLoss: labelSmoothing must be a finite number in \[0, 1\]\. Received: labelSmoothing=1\.5\./);
  const r = caught(() => new nn.BCEWithLogitsLoss({ reduction: 'avg' as nn.Reduction }));
  assert.ok(r instanceof ValueError);
  assert.equal(r.message, "BCEWithLogitsLoss: reduction must be 'mean', 'sum' or 'none'. Received: reduction='avg'.");
  assert.throws(() => nn.functional.binaryCrossEntropyWithLogits(randn([2, 3]), randn([2, 3]), { posWeight: tensor([1, 2]) }), /posWeight of shape \[2\] does not broadcast to the input shape \[2, 3\]/);
});
