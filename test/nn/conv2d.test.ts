import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, manualSeed, randn, ShapeError, ValueError } from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';
import { assertTensor, caught, loadFixture, setData, t, type TensorJson } from './fixture.js';

interface ConvCase {
  inChannels: number;
  outChannels: number;
  kernelSize: number | [number, number];
  stride: number | [number, number];
  padding: number | [number, number];
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

test('Conv2d matches PyTorch forward and backward (padding 1; rectangular kernel, stride and padding; stride 2)', () => {
  const { cases } = loadFixture<{ cases: ConvCase[] }>('conv2d');
  for (const [k, c] of cases.entries()) {
    const conv = new nn.Conv2d(c.inChannels, c.outChannels, c.kernelSize, { stride: c.stride, padding: c.padding, bias: c.bias });
    setData(conv.weight, c.weight);
    if (c.biasValue) setData(conv.bias!, c.biasValue);
    const x = t(c.x, true);
    const y = conv.forward(x);
    assertTensor(y, c.out, `case ${k} out`);
    y.backward(t(c.gout));
    assertTensor(x.grad, c.gradX, `case ${k} gradX`);
    assertTensor(conv.weight.grad, c.gradWeight, `case ${k} gradWeight`);
    if (c.gradBias) assertTensor(conv.bias!.grad, c.gradBias, `case ${k} gradBias`);
  }
});

test('Conv2d initialisation bound 1/√(in·kh·kw), keys and repr', () => {
  manualSeed(1);
  const conv = new nn.Conv2d(3, 64, 3, { padding: 1, bias: false });
  assert.deepEqual(conv.weight.shape, [64, 3, 3, 3]);
  assert.ok(conv.weight.data.every((v) => Math.abs(v) <= 1 / Math.sqrt(27)));
  assert.deepEqual([...conv.stateDict().keys()], ['weight']);
  assert.equal(conv.toString(), 'Conv2d(3, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=false)');
});

test('functional.conv2d gradients match finite differences', () => {
  manualSeed(9);
  const x = randn([2, 2, 4, 5], { requiresGrad: true });
  const w = randn([3, 2, 2, 3], { requiresGrad: true });
  const b = randn([3], { requiresGrad: true });
  gradcheck((a, ww, bb) => nn.functional.conv2d(a, ww, bb, { stride: [2, 1], padding: 1 }), [x, w, b]);
});

test('Conv2d errors: channel mismatch → ShapeError with both shapes; bad kernel/stride → ValueError', () => {
  const conv = new nn.Conv2d(3, 8, 3);
  const e = caught(() => conv.forward(randn([2, 4, 8, 8])));
  assert.ok(e instanceof ShapeError);
  assert.equal(e.code, 'E_SHAPE');
  assert.equal(e.message, 'Conv2d(3→8, kernelSize=[3, 3]): expected input [N, 3, H, W], received [2, 4, 8, 8].');
  assert.throws(() => conv.forward(randn([1, 3, 2, 2])), /smaller than the kernel/);
  const v = caught(() => new nn.Conv2d(3, 8, 3, { stride: 0 }));
  assert.ok(v instanceof ValueError);
  assert.equal(v.message, 'Conv2d: stride must be an integer ≥ 1 or a pair of them. Received: stride=0.');
  assert.throws(() => new nn.Conv2d(3, 8, [3, 0]), /kernelSize must be an integer ≥ 1 or a pair of them\. Received: kernelSize=\[3, 0\]/);
});
