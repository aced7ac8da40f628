import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, manualSeed, randn, tensor, Generator, Tensor, ShapeError, ValueError } from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';
import { assertTensor, caught, loadFixture, t, type TensorJson } from './fixture.js';

interface MhaCase {
  name: string;
  embedDim: number;
  numHeads: number;
  bias: boolean;
  batchFirst: boolean;
  inputs: 'self' | 'kv' | 'qkv';
  state: Record<string, TensorJson>;
  query: TensorJson;
  key?: TensorJson;
  value?: TensorJson;
  keyPaddingMask?: boolean[][];
  attnMaskFloat?: TensorJson;
  attnMaskBool?: boolean[][] | boolean[][][];
  out: TensorJson;
  weights: TensorJson;
  gout: TensorJson;
  gradQuery: TensorJson;
  gradKey?: TensorJson;
  gradValue?: TensorJson;
  grads: Record<string, TensorJson>;
}

function stateOf(s: Record<string, TensorJson>): Map<string, Tensor> {
  return new Map(Object.entries(s).map(([k, v]) => [k, t(v)]));
}

test('MultiheadAttention matches PyTorch 1.13: outputs, averaged weights, gradients of inputs and every parameter', () => {
  const { cases } = loadFixture<{ cases: MhaCase[] }>('transformer-attention');
  assert.equal(cases.length, 5);
  for (const c of cases) {
    const mha = new nn.MultiheadAttention(c.embedDim, c.numHeads, { bias: c.bias, batchFirst: c.batchFirst });
    mha.loadStateDict(stateOf(c.state)); // strict: the keys are PyTorch's
    mha.eval();
    const q = t(c.query, true);
    const k = c.inputs === 'self' ? q : t(c.key!, true);
    const v = c.inputs === 'qkv' ? t(c.value!, true) : k;
    const attnMask = c.attnMaskFloat !== undefined ? t(c.attnMaskFloat) : c.attnMaskBool ?? null;
    const [out, w] = mha.forward(q, k, v, { keyPaddingMask: c.keyPaddingMask ?? null, attnMask });
    assertTensor(out, c.out, `${c.name}: out`);
    assertTensor(w, c.weights, `${c.name}: weights`);
    out.backward(t(c.gout));
    assertTensor(q.grad, c.gradQuery, `${c.name}: grad query`);
    if (c.gradKey) assertTensor(k.grad, c.gradKey, `${c.name}: grad key`);
    if (c.gradValue) assertTensor(v.grad, c.gradValue, `${c.name}: grad value`);
    const params = new Map(mha.namedParameters());
    assert.deepEqual([...params.keys()], Object.keys(c.grads), c.name);
    for (const [key, g] of Object.entries(c.grads)) assertTensor(params.get(key)!.grad, g, `${c.name}: grad ${key}`);
  }
});

test('MultiheadAttention: PyTorch keys, layouts and initialisation (zero biases, Xavier bound)', () => {
  manualSeed(1);
  const mha = new nn.MultiheadAttention(8, 2);
  const sd = mha.stateDict();
  assert.deepEqual([...sd.keys()], ['in_proj_weight', 'in_proj_bias', 'out_proj.weight', 'out_proj.bias']);
  assert.deepEqual(sd.get('in_proj_weight')!.shape, [24, 8]);
  assert.ok(mha.in_proj_bias!.data.every((x) => x === 0) && mha.out_proj.bias!.data.every((x) => x === 0));
  const bound = Math.sqrt(6 / (8 + 24));
  assert.ok(mha.in_proj_weight.data.every((x) => Math.abs(x) <= bound));
  assert.ok(Math.max(...mha.in_proj_weight.data.map(Math.abs)) > 0.8 * bound);
  assert.deepEqual([...new nn.MultiheadAttention(8, 2, { bias: false }).stateDict().keys()], ['in_proj_weight', 'out_proj.weight']);
  assert.equal(mha.headDim, 4);
});

test('MultiheadAttention masks: a padded key gets zero weight and does not change the output; boolean and float masks agree', () => {
  manualSeed(3);
  const mha = new nn.MultiheadAttention(8, 2).eval();
  const x = randn([2, 4, 8]);
  const [y, w] = mha.forward(x, x, x, { keyPaddingMask: [[false, false, false, true], [false, false, false, false]] });
  for (let i = 0; i < 4; i++) assert.equal(w!.data[i * 4 + 3], 0, 'weight on the padded key');
  // Changing the padded token's key/value must not change what the other queries see.
  const x2 = tensor(Array.from(x.data), { shape: [2, 4, 8] });
  for (let e = 0; e < 8; e++) x2.data[3 * 8 + e] += 5;
  const [y3] = mha.forward(x, x2, x2, { keyPaddingMask: [[false, false, false, true], [false, false, false, false]] });
  for (let i = 0; i < y.size; i++) assert.ok(Math.abs(y3.data[i]! - y.data[i]!) < 1e-6, `output ${i}`);
  const [y4] = mha.forward(x, x2, x2);
  assert.ok(Math.abs(y4.data[0]! - y.data[0]!) > 1e-3, 'without the mask the change is seen');
  // Float −∞ mask = boolean mask; a BoolMask object = nested arrays.
  const floatMask = tensor([[0, 0, 0, -Infinity], [0, 0, 0, 0]]);
  const [yf] = mha.forward(x, x, x, { keyPaddingMask: floatMask });
  const [yb] = mha.forward(x, x, x, { keyPaddingMask: { data: Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 0), shape: [2, 4] } });
  assert.deepEqual([...yf.data], [...y.data]);
  assert.deepEqual([...yb.data], [...y.data]);
  // Causal mask: query 0 attends only to key 0.
  const causal = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => j > i));
  const [, wc] = mha.forward(x, x, x, { attnMask: causal, averageAttnWeights: false });
  assert.deepEqual(wc!.shape, [2, 2, 4, 4]);
  assert.ok(Math.abs(wc!.data[0]! - 1) < 1e-6 && wc!.data[1] === 0);
  // A fully masked row has no softmax: NaN, as PyTorch.
  const [yn] = mha.forward(x, x, x, { keyPaddingMask: [[true, true, true, true], [false, false, false, false]] });
  assert.ok(Number.isNaN(yn.data[0]!) && !Number.isNaN(yn.data[4 * 8]!));
});

test('MultiheadAttention dropout: only in training, on an nn.Dropout child; needWeights false returns null', () => {
  manualSeed(4);
  const mha = new nn.MultiheadAttention(8, 2, { dropout: 0.5 });
  assert.ok(mha.dropout instanceof nn.Dropout);
  const x = randn([3, 5, 8]);
  const [a] = mha.forward(x, x, x);
  const [b, wb] = mha.forward(x, x, x);
  assert.notDeepEqual([...a.data], [...b.data], 'two training passes differ');
  assert.ok(wb!.data.some((v) => v === 0), 'dropped weights are zero');
  mha.eval();
  const [c, none] = mha.forward(x, x, x, { needWeights: false });
  const [d] = mha.forward(x, x, x);
  assert.equal(none, null);
  assert.deepEqual([...c.data], [...d.data]);
  // mcDropout switches the attention dropout alone: with the module in eval and its Dropout in training, passes differ.
  mha.dropout.training = true;
  const [e] = mha.forward(x, x, x);
  assert.notDeepEqual([...e.data], [...c.data]);
});

test('MultiheadAttention gradients with dropout and masks match finite differences', () => {
  manualSeed(5);
  const mha = new nn.MultiheadAttention(4, 2);
  const keyPaddingMask = [[false, true, false], [false, false, false]];
  gradcheck(
    (q, kv, w) => {
      const [y] = nn.functional.multiHeadAttentionForward(q, kv, kv, 2, { inProjWeight: w, inProjBias: mha.in_proj_bias, outProjWeight: mha.out_proj.weight, outProjBias: null }, { keyPaddingMask });
      return y;
    },
    [randn([2, 2, 4], { requiresGrad: true }), randn([2, 3, 4], { requiresGrad: true }), tensor(Array.from(mha.in_proj_weight.data), { shape: [12, 4], requiresGrad: true })],
    { eps: 1e-2, atol: 3e-3 },
  );
  // Dropout: a fixed generator seed per call gives the same mask in every finite-difference evaluation.
  gradcheck(
    (q, k, v) => nn.functional.scaledDotProductAttention(q, k, v, { dropoutP: 0.3, generator: new Generator(7) }),
    [randn([2, 3, 4], { requiresGrad: true }), randn([2, 5, 4], { requiresGrad: true }), randn([2, 5, 4], { requiresGrad: true })],
    { eps: 1e-2, atol: 3e-3 },
  );
});

test('scaledDotProductAttention: batched heads equal a per-head loop; causal option; shape errors', () => {
  manualSeed(6);
  const q = randn([2, 3, 4, 5]);
  const k = randn([2, 3, 6, 5]);
  const v = randn([2, 3, 6, 5]);
  const y = nn.functional.scaledDotProductAttention(q, k, v);
  assert.deepEqual(y.shape, [2, 3, 4, 5]);
  // Reference: softmax(q kᵀ/√d) v for (batch 1, head 2), with plain tensor ops.
  const pick = (x: Tensor, n: number): Tensor => x.slice(0, 1, 2).slice(1, 2, 3).reshape([n, 5]);
  const ref = pick(q, 4).matmul(pick(k, 6).transpose(0, 1)).div(Math.sqrt(5)).softmax(1).matmul(pick(v, 6));
  const got = pick(y, 4);
  for (let i = 0; i < ref.size; i++) assert.ok(Math.abs(ref.data[i]! - got.data[i]!) < 1e-5);
  const c = nn.functional.scaledDotProductAttention(q, q, q, { isCausal: true });
  const first = nn.functional.scaledDotProductAttention(q.slice(2, 0, 1), q.slice(2, 0, 1), q.slice(2, 0, 1));
  for (let b = 0; b < 6; b++) for (let e = 0; e < 5; e++) assert.ok(Math.abs(c.data[b * 20 + e]! - first.data[b * 5 + e]!) < 1e-6);
  const e1 = caught(() => nn.functional.scaledDotProductAttention(q, randn([2, 3, 6, 4]), v));
  assert.ok(e1 instanceof ShapeError);
  assert.equal(e1.code, 'E_SHAPE');
  const e2 = caught(() => nn.functional.scaledDotProductAttention(q, k, v, { isCausal: true }));
  assert.ok(e2 instanceof ValueError);
  assert.equal(e2.code, 'E_VALUE');
});

test('MultiheadAttention errors: embedDim not divisible by numHeads, bad sizes, bad dropout, bad shapes and masks', () => {
  const e1 = caught(() => new nn.MultiheadAttention(10, 3));
  assert.ok(e1 instanceof ValueError);
  assert.equal(e1.code, 'E_VALUE');
  assert.equal(e1.message, 'MultiheadAttention: embedDim must be divisible by numHeads. Received: embedDim=10, numHeads=3; choose numHeads among the divisors of 10.');
  assert.ok(caught(() => new nn.MultiheadAttention(0, 1)) instanceof ValueError);
  assert.ok(caught(() => new nn.MultiheadAttention(8, 2, { dropout: 1 })) instanceof ValueError);
  const mha = new nn.MultiheadAttention(8, 2);
  const x = randn([2, 4, 8]);
  const e2 = caught(() => mha.forward(randn([2, 4, 6]), x, x));
  assert.ok(e2 instanceof ShapeError);
  assert.equal(e2.code, 'E_SHAPE');
  assert.equal(e2.message, 'MultiheadAttention(8, heads=2): expected query [B, L, E] with E=8, received [2, 4, 6]. Add a batch dimension to a single sequence.');
  const e3 = caught(() => mha.forward(x, randn([3, 4, 8]), randn([3, 4, 8])));
  assert.ok(e3 instanceof ShapeError);
  assert.match(e3.message, /^MultiheadAttention\(8, heads=2\): query, key and value must share the batch size/);
  const e4 = caught(() => mha.forward(x, x, x, { keyPaddingMask: [[false, true], [false, false]] }));
  assert.ok(e4 instanceof ShapeError);
  assert.equal(e4.message, 'multiHeadAttentionForward: keyPaddingMask must have shape [2, 4]. Received: [2, 2].');
  const e5 = caught(() => mha.forward(x, x, x, { attnMask: randn([3, 4]) }));
  assert.ok(e5 instanceof ShapeError);
  assert.equal(e5.message, 'multiHeadAttentionForward: attnMask must have shape [4, 4] or [4, 4, 4]. Received: [3, 4].');
  const e6 = caught(() => mha.forward(x, x, x, { keyPaddingMask: [[false, true, false, false], [false, false]] }));
  assert.ok(e6 instanceof ValueError);
  assert.equal(e6.code, 'E_VALUE');
});
