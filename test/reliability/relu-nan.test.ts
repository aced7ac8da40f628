// ReLU propagates NaN on every kernel tier as PyTorch does (`torch.relu(nan)` is nan, and
// `threshold_backward` passes the gradient of a NaN output on); ±Inf keep their PyTorch values.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Tensor, clamp, max, maximum, min, minimum, nn, noGrad, relu, sigmoid, softmax, tanh } from '../../src/index.js';
import { REF, TIERS } from '../kernels/tiers.js';

// Lengths that cross the vector width (4, 8, 16 lanes) and the threading cut.
const SIZES = [1, 7, 16, 33, 70001];
const SPECIAL = [Number.NaN, Infinity, -Infinity, 0, -0, -1, 2];

function input(n: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = SPECIAL[i % SPECIAL.length]!;
  return x;
}

function expectRelu(x: Float32Array, y: Float32Array, what: string): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const want = Number.isNaN(v) ? Number.NaN : v > 0 ? v : 0;
    assert.ok(Object.is(y[i], want), `${what}: relu(${v}) at ${i} is ${y[i]}, PyTorch gives ${want}`);
  }
}

const ALL = [{ name: 'ts', kernels: REF, skip: false as string | false, use: () => undefined, done: () => undefined }, ...TIERS];

for (const tier of ALL) {
  describe(`ReLU NaN propagation on ${tier.name}`, { skip: tier.skip }, () => {
    test('relu, reluBackward and the fused linear epilogue keep NaN', () => {
      tier.use();
      try {
        const k = tier.kernels!;
        for (const n of SIZES) {
          const x = input(n);
          const y = new Float32Array(n);
          k.relu(n, x, y);
          expectRelu(x, y, `${tier.name} relu n=${n}`);
          const dy = new Float32Array(n).fill(3);
          const dx = new Float32Array(n);
          k.reluBackward(n, y, dy, dx);
          for (let i = 0; i < n; i++) {
            const want = y[i]! > 0 || Number.isNaN(y[i]) ? 3 : 0;
            assert.equal(dx[i], want, `${tier.name} reluBackward n=${n} at ${i} (y=${y[i]})`);
          }
          // linear with w = identity-like 1×1: y = x·1 + 0 then ReLU.
          const lin = new Float32Array(n);
          k.linear(n, 1, 1, x, new Float32Array([1]), new Float32Array([0]), lin, true);
          expectRelu(x, lin, `${tier.name} linear+relu n=${n}`);
          const wide = new Float32Array(n);
          // one row, n outputs: the vectorised epilogue over the columns.
          k.linear(1, n, 1, new Float32Array([1]), x, null, wide, true);
          expectRelu(x, wide, `${tier.name} linear+relu 1×${n}`);
        }
      } finally {
        tier.done();
      }
    });
  });
}

test('Tensor relu forward and backward keep NaN (autograd path)', () => {
  const x = new Tensor(new Float32Array([Number.NaN, -1, 2]), [3], true);
  const y = relu(x);
  assert.ok(Number.isNaN(y.data[0]!));
  assert.deepEqual([...y.data.slice(1)], [0, 2]);
  y.sum().backward();
  assert.deepEqual([...x.grad!.data], [1, 0, 1]);
});

test('other ops propagate NaN as PyTorch: max, min, maximum, minimum, clamp, sigmoid, tanh, softmax, pooling, ReLU module', () => {
  const x = new Tensor(new Float32Array([1, Number.NaN, -2, 3]), [2, 2]);
  const nan = (t: Tensor, what: string, at?: number): void =>
    assert.ok(at === undefined ? t.data.some(Number.isNaN) : Number.isNaN(t.data[at]!), `${what}: ${Array.from(t.data)}`);
  nan(max(x), 'max()', 0);
  nan(min(x), 'min()', 0);
  nan(max(x, 1), 'max(dim=1)', 0);
  nan(maximum(x, 0), 'maximum', 1);
  nan(minimum(x, 0), 'minimum', 1);
  nan(clamp(x, 0, 1), 'clamp', 1);
  nan(sigmoid(x), 'sigmoid', 1);
  nan(tanh(x), 'tanh', 1);
  nan(softmax(x, 1), 'softmax', 0);
  const img = new Tensor(new Float32Array([0, Number.NaN, 1, 2]), [1, 1, 2, 2]);
  nan(noGrad(() => new nn.MaxPool2d(2).forward(img)), 'MaxPool2d', 0);
  nan(noGrad(() => new nn.ReLU().forward(x)), 'nn.ReLU', 1);
});
