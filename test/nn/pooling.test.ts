import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, manualSeed, randn, tensor, ShapeError, ValueError } from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';
import { assertTensor, caught, loadFixture, t, type TensorJson } from './fixture.js';

interface PoolCase {
  x: TensorJson;
  out: TensorJson;
  gout: TensorJson;
  gradX: TensorJson;
}
interface MaxCase extends PoolCase {
  kernelSize: number | [number, number];
  stride: number | [number, number] | null;
  padding: number;
}
interface AdaptiveCase extends PoolCase {
  outputSize: number | [number, number];
}
const fixture = loadFixture<{ maxPool2d: MaxCase[]; adaptiveAvgPool2d: AdaptiveCase[] }>('pooling');

test('MaxPool2d matches PyTorch (default stride, stride + padding, rectangular kernel)', () => {
  for (const c of fixture.maxPool2d) {
    const pool = new nn.MaxPool2d(c.kernelSize, { ...(c.stride === null ? {} : { stride: c.stride }), padding: c.padding });
    const x = t(c.x, true);
    const y = pool.forward(x);
    assertTensor(y, c.out, 'out');
    y.backward(t(c.gout));
    assertTensor(x.grad, c.gradX, 'gradX');
  }
});

test('AdaptiveAvgPool2d matches PyTorch (global, [2, 3] with overlapping windows, 3 from 4)', () => {
  for (const c of fixture.adaptiveAvgPool2d) {
    const x = t(c.x, true);
    const y = new nn.AdaptiveAvgPool2d(c.outputSize).forward(x);
    assertTensor(y, c.out, 'out');
    y.backward(t(c.gout));
    assertTensor(x.grad, c.gradX, 'gradX');
  }
});

test('pooling gradients match finite differences; ties send the gradient to the first maximum', () => {
  manualSeed(12);
  gradcheck((x) => nn.functional.adaptiveAvgPool2d(x, [2, 3]), [randn([1, 2, 5, 4], { requiresGrad: true })]);
  gradcheck((x) => nn.functional.maxPool2d(x, 2, { stride: 1 }), [randn([1, 1, 4, 4], { requiresGrad: true })], { eps: 1e-3 });
  const x = tensor([[[[1, 1], [0, 1]]]], { requiresGrad: true });
  nn.functional.maxPool2d(x, 2).sum().backward();
  assert.deepEqual([...x.grad!.data], [1, 0, 0, 0]);
});

test('pooling errors: padding over half the kernel and output size 0 → ValueError; bad rank → ShapeError', () => {
  const e = caught(() => new nn.MaxPool2d(2, { padding: 2 }));
  assert.ok(e instanceof ValueError);
  assert.equal(e.code, 'E_VALUE');
  assert.equal(e.message, 'MaxPool2d: padding must be at most half the kernel size [2, 2]. Received: padding=[2, 2].');
  assert.throws(() => new nn.AdaptiveAvgPool2d(0), /AdaptiveAvgPool2d: outputSize must be an integer ≥ 1 or a pair of them\. Received: outputSize=0\./);
  const s = caught(() => new nn.AdaptiveAvgPool2d(1).forward(randn([2, 8])));
  assert.ok(s instanceof ShapeError);
  assert.equal(s.code, 'E_SHAPE');
  assert.throws(() => new nn.MaxPool2d(3).forward(randn([1, 1, 2, 2])), ShapeError);
});
