import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, manualSeed, randn, tensor, ValueError } from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';
import { assertTensor, caught, loadFixture, t, type TensorJson } from './fixture.js';

interface GeluCase {
  approximate: 'none' | 'tanh';
  x: TensorJson;
  out: TensorJson;
  gout: TensorJson;
  gradX: TensorJson;
}

test('GELU (exact and tanh) matches PyTorch forward and backward on [-10, 10]', () => {
  const { cases } = loadFixture<{ cases: GeluCase[] }>('gelu');
  for (const c of cases) {
    const x = t(c.x, true);
    const y = new nn.GELU({ approximate: c.approximate }).forward(x);
    assertTensor(y, c.out, `${c.approximate} out`);
    y.backward(t(c.gout));
    assertTensor(x.grad, c.gradX, `${c.approximate} gradX`);
  }
});

test('erf and erfc match reference values', () => {
  // Values from Python's math.erf / math.erfc.
  const cases: [number, number, number][] = [
    [0, 0, 1],
    [0.5, 0.5204998778130465, 0.4795001221869535],
    [1, 0.8427007929497149, 0.15729920705028513],
    [2.4, 0.999311486103355, 0.000688513896645078],
    [3, 0.9999779095030014, 2.209049699858544e-5],
    [-1.5, -0.9661051464753108, 1.9661051464753108],
    [5, 0.9999999999984626, 1.5374597944280349e-12],
  ];
  for (const [x, e, ec] of cases) {
    assert.ok(Math.abs(nn.functional.erf(x) - e) <= 1e-15 * Math.max(1, Math.abs(e)), `erf(${x})`);
    assert.ok(Math.abs(nn.functional.erfc(x) - ec) <= 1e-12 * ec, `erfc(${x}) = ${nn.functional.erfc(x)}`);
  }
});

test('activation modules: ReLU, Sigmoid, Tanh, Identity values; gelu gradients match finite differences', () => {
  const x = tensor([-2, 0, 3]);
  assert.deepEqual([...new nn.ReLU().forward(x).data], [0, 0, 3]);
  assert.ok(Math.abs(new nn.Sigmoid().forward(x).data[2]! - 1 / (1 + Math.exp(-3))) < 1e-7);
  assert.ok(Math.abs(new nn.Tanh().forward(x).data[0]! - Math.tanh(-2)) < 1e-7);
  assert.equal(new nn.Identity().forward(x), x);
  manualSeed(8);
  const z = randn([12], { requiresGrad: true });
  gradcheck((v) => nn.functional.gelu(v), [z], { eps: 1e-3 });
  gradcheck((v) => nn.functional.gelu(v, 'tanh'), [z], { eps: 1e-3 });
});

test("GELU rejects an unknown approximate with a ValueError", () => {
  const e = caught(() => new nn.GELU({ approximate: 'fast' as 'tanh' }));
  assert.ok(e instanceof ValueError);
  assert.equal(e.code, 'E_VALUE');
  assert.equal(e.message, "GELU: approximate must be 'none' or 'tanh'. Received: approximate='fast'.");
});
