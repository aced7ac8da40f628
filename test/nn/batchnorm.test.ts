import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, manualSeed, randn, tensor, noGrad, ShapeError, ValueError, type Tensor } from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';
import { assertTensor, caught, loadFixture, setData, t, type TensorJson } from './fixture.js';

interface BnStep {
  x: TensorJson;
  out: TensorJson;
  gout: TensorJson;
  gradX: TensorJson;
  gradWeight: TensorJson;
  gradBias: TensorJson;
  runningMean: TensorJson;
  runningVar: TensorJson;
  numBatchesTracked: number;
}
interface BnCase {
  numFeatures: number;
  momentum: number | null;
  training: boolean;
  weight: TensorJson;
  bias: TensorJson;
  runningMean0: TensorJson;
  runningVar0: TensorJson;
  steps: BnStep[];
}

const fixture = loadFixture<{ bn1d: BnCase[]; bn2d: BnCase[] }>('batchnorm');

function runCase(bn: nn.NormBase, c: BnCase): void {
  setData(bn.weight!, c.weight);
  setData(bn.bias!, c.bias);
  setData(bn.running_mean!, c.runningMean0);
  setData(bn.running_var!, c.runningVar0);
  bn.train(c.training);
  c.steps.forEach((s, k) => {
    bn.zeroGrad(true);
    const x = t(s.x, true);
    const y = bn.forward(x);
    assertTensor(y, s.out, `step ${k} out`);
    y.backward(t(s.gout));
    assertTensor(x.grad, s.gradX, `step ${k} gradX`);
    assertTensor(bn.weight!.grad, s.gradWeight, `step ${k} gradWeight`);
    assertTensor(bn.bias!.grad, s.gradBias, `step ${k} gradBias`);
    assertTensor(bn.running_mean, s.runningMean, `step ${k} running_mean`);
    assertTensor(bn.running_var, s.runningVar, `step ${k} running_var`);
    assert.equal(bn.num_batches_tracked!.item(), s.numBatchesTracked);
  });
}

test('BatchNorm1d matches PyTorch: [N, C] and [N, C, L] in training (batch stats, unbiased running var), eval, momentum null', () => {
  for (const c of fixture.bn1d) runCase(new nn.BatchNorm1d(c.numFeatures, { momentum: c.momentum }), c);
});

test('BatchNorm2d matches PyTorch in training (two steps) and in eval', () => {
  for (const c of fixture.bn2d) runCase(new nn.BatchNorm2d(c.numFeatures, { momentum: c.momentum }), c);
});

test('BatchNorm uses batch statistics in training and running statistics in eval', () => {
  const bn = new nn.BatchNorm1d(2);
  const x = tensor([[1, 10], [3, 30], [5, 50]]);
  const yTrain = noGrad(() => bn.forward(x));
  // Batch stats: each column normalised to mean 0 and (biased) variance ≈ 1.
  for (let ch = 0; ch < 2; ch++) {
    const col = [0, 1, 2].map((r) => yTrain.data[r * 2 + ch]!);
    assert.ok(Math.abs(col.reduce((a, b) => a + b) / 3) < 1e-6);
    assert.ok(Math.abs(col.reduce((a, b) => a + b * b, 0) / 3 - 1) < 1e-3);
  }
  // Running stats after one step: mean 0.1·batch mean, var 0.9 + 0.1·unbiased var.
  assert.ok(Math.abs(bn.running_mean!.data[0]! - 0.3) < 1e-6);
  assert.ok(Math.abs(bn.running_var!.data[0]! - (0.9 + 0.1 * 4)) < 1e-6);
  assert.equal(bn.num_batches_tracked!.item(), 1);
  bn.eval();
  const yEval = bn.forward(x);
  const expected = (1 - 0.3) / Math.sqrt(1.3 + 1e-5);
  assert.ok(Math.abs(yEval.data[0]! - expected) < 1e-6);
  assert.equal(bn.num_batches_tracked!.item(), 1, 'eval does not count batches');
  assert.ok(Math.abs(bn.running_mean!.data[0]! - 0.3) < 1e-6, 'eval leaves running stats alone');
});

test('BatchNorm state-dict keys and options (affine false, trackRunningStats false)', () => {
  const bn = new nn.BatchNorm1d(4);
  assert.deepEqual([...bn.stateDict().keys()], ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
  assert.deepEqual(bn.num_batches_tracked!.shape, []);
  assert.equal(bn.parameters().length, 2);
  assert.equal(bn.buffers().length, 3);
  const plain = new nn.BatchNorm1d(4, { affine: false, trackRunningStats: false });
  assert.deepEqual([...plain.stateDict().keys()], []);
  plain.eval();
  // Without running stats, eval still normalises with the batch.
  const y = plain.forward(tensor([[1, 2, 3, 4], [3, 4, 5, 6]]));
  assert.deepEqual([...y.data].map((v) => Math.round(v * 1000) / 1000), [-1, -1, -1, -1, 1, 1, 1, 1]);
});

test('functional.batchNorm gradients match finite differences (training and eval)', () => {
  manualSeed(5);
  const w = randn([3], { requiresGrad: true });
  const b = randn([3], { requiresGrad: true });
  const x = randn([4, 3, 2], { requiresGrad: true });
  gradcheck((xx, ww, bb) => nn.functional.batchNorm(xx, null, null, { weight: ww, bias: bb, training: true }), [x, w, b], { eps: 1e-3, atol: 3e-3 });
  const rm = randn([3]);
  const rv = tensor([0.5, 1, 2]);
  gradcheck((xx, ww, bb) => nn.functional.batchNorm(xx, rm, rv, { weight: ww, bias: bb }), [x, w, b]);
});

test('BatchNorm errors: wrong rank or channels → ShapeError; batch of one in training → ValueError; bad eps → ValueError', () => {
  const bn = new nn.BatchNorm1d(128);
  const e = caught(() => bn.forward(randn([32, 64])));
  assert.ok(e instanceof ShapeError);
  assert.equal(e.code, 'E_SHAPE');
  assert.equal(e.message, 'BatchNorm1d(128): expected input [N, 128] or [N, 128, L], received [32, 64].');
  assert.throws(() => new nn.BatchNorm2d(3).forward(randn([2, 3, 4])), /BatchNorm2d\(3\): expected input \[N, 3, H, W\], received \[2, 3, 4\]/);
  const one = caught(() => bn.forward(randn([1, 128])));
  assert.ok(one instanceof ValueError);
  assert.match(one.message, /more than 1 value per channel/);
  assert.equal(bn.num_batches_tracked!.item(), 0, 'a rejected batch is not counted');
  bn.eval();
  assert.deepEqual(bn.forward(randn([1, 128])).shape, [1, 128]);
  const v = caught(() => new nn.BatchNorm1d(4, { eps: -1 }));
  assert.ok(v instanceof ValueError);
  assert.equal(v.code, 'E_VALUE');
  assert.match(v.message, /BatchNorm1d: eps must be a finite number > 0\. Received: eps=-1\./);
});

test('resetRunningStats restores mean 0, var 1, count 0', () => {
  const bn = new nn.BatchNorm1d(2);
  bn.forward(randn([5, 2]));
  bn.resetRunningStats();
  const rm: Tensor = bn.runningMean!;
  assert.deepEqual([...rm.data, ...bn.runningVar!.data, bn.numBatchesTracked!.item()], [0, 0, 1, 1, 0]);
});
