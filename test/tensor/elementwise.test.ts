import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ShapeError, Tensor, ValueError, abs, add, clamp, div, exp, log, manualSeed, maximum, minimum, mul, neg, pow, rand,
  randn, sqrt, sub, sum, tensor, where,
} from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';
import { checkCase, loadCases } from './fixture-cases.js';

for (const c of loadCases('elementwise.json')) {
  test(`PyTorch parity (elementwise): ${c.name}`, () => checkCase(c));
}

const positive = (shape: number[]): Tensor => new Tensor(rand(shape).data.map((v) => 0.5 + 2 * v), shape, true);

test('unary gradients match finite differences', () => {
  manualSeed(21);
  const x = randn([3, 4], { requiresGrad: true });
  const p = positive([3, 4]);
  gradcheck((t) => exp(t), [x]);
  gradcheck((t) => neg(t), [x]);
  gradcheck((t) => abs(t), [x]);
  gradcheck((t) => log(t), [p]);
  gradcheck((t) => sqrt(t), [p]);
  for (const e of [2, 3, 1, 0, 0.5, -1.5]) gradcheck((t) => pow(t, e), [p]);
  gradcheck((t) => pow(t, 3), [x]);
  gradcheck((t) => clamp(t, -0.5, 0.5), [x]);
  gradcheck((t) => clamp(t, undefined, 0.2), [x]);
});

test('IEEE edge values follow PyTorch: log 0, sqrt of a negative, gradients at 0', () => {
  assert.deepEqual(Array.from(log(tensor([0, -1])).data), [-Infinity, NaN]);
  assert.ok(Number.isNaN(sqrt(tensor([-1])).item()));
  const x = tensor([0, -2, 3], { requiresGrad: true });
  sum(abs(x)).backward();
  assert.deepEqual(x.grad?.toArray(), [0, -1, 1]);
  const z = tensor([0, 1], { requiresGrad: true });
  sum(pow(z, 0)).backward();
  assert.deepEqual(z.grad?.toArray(), [0, 0]);
  const c = tensor([-1, 0, 1, 2, NaN], { requiresGrad: true });
  const y = clamp(c, 0, 1);
  assert.ok(Number.isNaN(y.data[4]));
  sum(y).backward();
  assert.deepEqual(c.grad?.toArray(), [0, 1, 1, 0, 0]);
});

test('clamp rejects missing, NaN and crossed bounds with ValueError naming them', () => {
  const x = tensor([1]);
  const isValue = (e: unknown): boolean => e instanceof ValueError && e.code === 'E_VALUE';
  assert.throws(() => clamp(x), isValue);
  assert.throws(() => clamp(x, NaN), isValue);
  assert.throws(() => clamp(x, 2, 1), isValue);
  assert.throws(() => clamp(x, 2, 1), /clamp: min must be ≤ max. Received: min=2, max=1/);
});

test('maximum / minimum: broadcasting, NaN propagates, ties split the gradient', () => {
  const a = tensor([[1, 5], [3, 3]], { requiresGrad: true });
  const b = tensor([3, 3], { requiresGrad: true });
  assert.deepEqual(maximum(a, b).toArray(), [[3, 5], [3, 3]]);
  assert.deepEqual(a.minimum(2).toArray(), [[1, 2], [2, 2]]);
  sum(maximum(a, b)).backward();
  assert.deepEqual(a.grad?.toArray(), [[0, 1], [0.5, 0.5]]);
  assert.deepEqual(b.grad?.toArray(), [1.5, 0.5]);
  assert.ok(Number.isNaN(maximum(tensor([NaN]), tensor([1])).item()));
  assert.ok(Number.isNaN(minimum(tensor([1]), tensor([NaN])).item()));
  manualSeed(22);
  gradcheck((x, y) => maximum(x, y), [randn([3, 1, 2], { requiresGrad: true }), randn([4, 1], { requiresGrad: true })]);
  gradcheck((x, y) => minimum(x, y), [randn([2, 3], { requiresGrad: true }), randn([3], { requiresGrad: true })]);
});

test('where: broadcasts condition and both branches; gradient to the chosen branch', () => {
  const cond = tensor([[1], [0]]);
  assert.deepEqual(where(cond, tensor([1, 2]), -1).toArray(), [[1, 2], [-1, -1]]);
  assert.deepEqual(where(tensor([NaN, 0]), 1, 2).toArray(), [1, 2]);
  manualSeed(23);
  const c = new Tensor(rand([3, 4]).data.map((v) => (v > 0.5 ? 1 : 0)), [3, 4]);
  gradcheck((x, y) => where(c, x, y), [randn([3, 4], { requiresGrad: true }), randn([4], { requiresGrad: true })]);
  assert.throws(() => where(tensor([1, 0, 1]), tensor([1, 2]), 0), (e: unknown) => e instanceof ShapeError && /where: shapes/.test(e.message));
});

/** Broadcast by coordinates, element by element: the slow obvious reference. */
function expandReference(x: Tensor, shape: readonly number[]): number[] {
  const size = shape.reduce((p, d) => p * d, 1);
  const out: number[] = [];
  for (let i = 0; i < size; i++) {
    let rest = i;
    let src = 0;
    let stride = 1;
    for (let d = shape.length - 1, e = x.ndim - 1; d >= 0; d--, e--) {
      const coord = rest % shape[d]!;
      rest = Math.floor(rest / shape[d]!);
      if (e >= 0) {
        if (x.shape[e] !== 1) src += coord * stride;
        stride *= x.shape[e]!;
      }
    }
    out.push(x.data[src]!);
  }
  return out;
}

test('every broadcast pattern of add/sub/mul/div agrees with the general path and finite differences', () => {
  manualSeed(24);
  // [a shape, b shape]: full, bias row, column, conv bias, scalar either side, outer product, general.
  const pairs: [number[], number[]][] = [
    [[3, 4], [3, 4]], [[3, 4], [4]], [[4], [3, 4]], [[3, 4], [3, 1]], [[3, 1], [3, 4]], [[2, 3, 2, 2], [3, 1, 1]],
    [[3, 1, 1], [2, 3, 2, 2]], [[], [3, 4]], [[3, 4], []], [[3, 1], [1, 4]], [[2, 1, 3], [4, 1]], [[2, 3, 4], [3, 1]],
  ];
  for (const [sa, sb] of pairs) {
    const a = randn(sa, { requiresGrad: true });
    const b = new Tensor(randn(sb).data.map((v) => Math.sign(v || 1) * (0.5 + Math.abs(v))), sb, true);
    for (const [op, f] of [['add', add], ['sub', sub], ['mul', mul], ['div', div]] as const) {
      const y = f(a, b);
      const ea = expandReference(a, y.shape);
      const eb = expandReference(b, y.shape);
      for (let i = 0; i < y.size; i++) {
        const expected = op === 'add' ? ea[i]! + eb[i]! : op === 'sub' ? ea[i]! - eb[i]! : op === 'mul' ? ea[i]! * eb[i]! : ea[i]! / eb[i]!;
        assert.ok(Math.abs(y.data[i]! - Math.fround(expected)) <= 1e-6 * Math.abs(expected) + 1e-7, `${op} ${sa} ${sb} [${i}]`);
      }
      gradcheck((x, z) => f(x, z), [a, b]);
    }
  }
});
