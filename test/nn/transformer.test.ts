import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, train, manualSeed, randn, Tensor, ShapeError, ValueError } from '../../src/index.js';
import { assertTensor, caught, loadFixture, t, type TensorJson } from './fixture.js';

interface LayerCase {
  B: number;
  L: number;
  dModel: number;
  nhead: number;
  dimFeedforward: number;
  normFirst: boolean;
  activation: 'relu' | 'gelu';
  state: Record<string, TensorJson>;
  x: TensorJson;
  srcKeyPaddingMask?: boolean[][];
  srcMask?: boolean[][];
  out: TensorJson;
  gout: TensorJson;
  gradX: TensorJson;
  grads: Record<string, TensorJson>;
}

interface EncoderCase {
  dModel: number;
  nhead: number;
  dimFeedforward: number;
  numLayers: number;
  normFirst: boolean;
  state: Record<string, TensorJson>;
  x: TensorJson;
  out: TensorJson;
  gout: TensorJson;
  gradX: TensorJson;
  grads: Record<string, TensorJson>;
}

const fixture = loadFixture<{ cases: LayerCase[]; encoder: EncoderCase }>('transformer-encoder-layer');

function stateOf(s: Record<string, TensorJson>): Map<string, Tensor> {
  return new Map(Object.entries(s).map(([k, v]) => [k, t(v)]));
}

function checkGrads(model: nn.Module<never[], unknown>, grads: Record<string, TensorJson>, what: string): void {
  const params = new Map(model.namedParameters());
  assert.deepEqual([...params.keys()], Object.keys(grads), `${what}: parameter names`);
  for (const [key, g] of Object.entries(grads)) assertTensor(params.get(key)!.grad, g, `${what}: grad ${key}`);
}

test('TransformerEncoderLayer matches PyTorch 1.13 (eval; post-/pre-norm × relu/gelu; key padding and causal masks): output and every gradient', () => {
  assert.equal(fixture.cases.length, 6);
  for (const c of fixture.cases) {
    const what = `normFirst=${c.normFirst} ${c.activation}${c.srcKeyPaddingMask ? ' +padding' : ''}${c.srcMask ? ' +causal' : ''}`;
    const layer = new nn.TransformerEncoderLayer(c.dModel, c.nhead, c.dimFeedforward, { dropout: 0.1, activation: c.activation, normFirst: c.normFirst });
    layer.loadStateDict(stateOf(c.state));
    layer.eval();
    const x = t(c.x, true);
    const y = layer.forward(x, { srcKeyPaddingMask: c.srcKeyPaddingMask ?? null, srcMask: c.srcMask ?? null });
    assertTensor(y, c.out, `${what}: out`);
    y.backward(t(c.gout));
    assertTensor(x.grad, c.gradX, `${what}: grad x`);
    checkGrads(layer, c.grads, what);
  }
});

test('TransformerEncoder (2 pre-norm layers + final LayerNorm) loads PyTorch keys layers.i.* / norm.* and matches output and gradients', () => {
  const e = fixture.encoder;
  const layer = new nn.TransformerEncoderLayer(e.dModel, e.nhead, e.dimFeedforward, { dropout: 0, normFirst: e.normFirst });
  const enc = new nn.TransformerEncoder(layer, e.numLayers, { norm: new nn.LayerNorm(e.dModel) });
  assert.deepEqual([...enc.stateDict().keys()], Object.keys(e.state));
  enc.loadStateDict(stateOf(e.state));
  enc.eval();
  const x = t(e.x, true);
  const y = enc.forward(x);
  assertTensor(y, e.out, 'encoder out');
  y.backward(t(e.gout));
  assertTensor(x.grad, e.gradX, 'encoder grad x');
  checkGrads(enc, e.grads, 'encoder');
});

test('TransformerEncoder deep-copies the layer: equal initial weights, independent storage, modes copied', () => {
  manualSeed(1);
  const layer = new nn.TransformerEncoderLayer(8, 2, 16);
  layer.eval();
  const enc = new nn.TransformerEncoder(layer, 3);
  assert.equal(enc.layers.length, 3);
  const w0 = enc.layers.at(0).linear1.weight;
  const w2 = enc.layers.at(-1).linear1.weight;
  assert.deepEqual([...w0.data], [...layer.linear1.weight.data]);
  assert.deepEqual([...w2.data], [...w0.data]);
  assert.notEqual(w0.data, w2.data);
  assert.notEqual(w0.data, layer.linear1.weight.data);
  assert.equal(enc.layers.at(1).dropout.training, false);
  assert.equal(enc.layers.at(1).self_attn.dropout.training, false);
  assert.equal(enc.parameters().length, 3 * 12);
  assert.throws(() => enc.layers.at(3), ValueError);
});

test('TransformerEncoderLayer keys, children and repr follow PyTorch', () => {
  const layer = new nn.TransformerEncoderLayer(8, 2, 16);
  assert.deepEqual([...layer.stateDict().keys()], [
    'self_attn.in_proj_weight', 'self_attn.in_proj_bias', 'self_attn.out_proj.weight', 'self_attn.out_proj.bias',
    'linear1.weight', 'linear1.bias', 'linear2.weight', 'linear2.bias', 'norm1.weight', 'norm1.bias', 'norm2.weight', 'norm2.bias',
  ]);
  assert.deepEqual([...layer.namedChildren()].map(([n]) => n), ['self_attn', 'linear1', 'dropout', 'linear2', 'norm1', 'norm2', 'dropout1', 'dropout2']);
  const dropouts = layer.modules().filter((m) => m instanceof nn.Dropout) as nn.Dropout[];
  assert.deepEqual(dropouts.map((d) => d.p), [0.1, 0.1, 0.1, 0.1], 'attention, ffn, after attention, after ffn');
  assert.match(layer.toString(), /^TransformerEncoderLayer\(d_model=8, nhead=2, dim_feedforward=16, activation=relu, norm_first=false/);
  assert.equal(new nn.TransformerEncoderLayer(8, 2, 16, { attentionDropout: 0.3 }).self_attn.dropout.p, 0.3);
});

test('TransformerEncoderLayer train/eval: dropout changes training passes only; sequence-first layout equals batch-first', () => {
  manualSeed(2);
  const layer = new nn.TransformerEncoderLayer(8, 2, 16, { dropout: 0.2 });
  const x = randn([3, 4, 8]);
  const a = layer.forward(x);
  const b = layer.forward(x);
  assert.notDeepEqual([...a.data], [...b.data]);
  layer.eval();
  const c = layer.forward(x);
  assert.deepEqual([...layer.forward(x).data], [...c.data]);
  const seqFirst = new nn.TransformerEncoderLayer(8, 2, 16, { batchFirst: false }).eval();
  seqFirst.loadStateDict(layer.stateDict());
  const y = seqFirst.forward(x.transpose(0, 1)).transpose(0, 1);
  for (let i = 0; i < y.size; i++) assert.ok(Math.abs(y.data[i]! - c.data[i]!) < 1e-6);
});

test('mcDropoutPredict reaches every Dropout of an encoder (attention weights included) and restores the modes', () => {
  manualSeed(3);
  const layer = new nn.TransformerEncoderLayer(8, 2, 16, { dropout: 0, attentionDropout: 0.3 });
  const model = new nn.TransformerEncoder(layer, 2);
  model.eval();
  const x = randn([4, 5, 8]);
  const r = train.mcDropoutPredict(model, x, { passes: 5, activation: 'identity', seed: 1 });
  assert.deepEqual(r.shape, [4, 5, 8]);
  assert.ok(r.std.some((s) => s > 1e-4), 'attention dropout makes the passes differ');
  assert.ok(model.modules().every((m) => m.training === false));
});

test('TransformerEncoderLayer / TransformerEncoder errors name the layer and the shapes', () => {
  const e1 = caught(() => new nn.TransformerEncoderLayer(10, 4));
  assert.ok(e1 instanceof ValueError);
  assert.equal(e1.code, 'E_VALUE');
  assert.equal(e1.message, 'TransformerEncoderLayer: dModel must be divisible by nhead. Received: dModel=10, nhead=4; choose nhead among the divisors of 10.');
  const e2 = caught(() => new nn.TransformerEncoderLayer(8, 2, 16, { dropout: 1.5 }));
  assert.ok(e2 instanceof ValueError);
  assert.equal(e2.message, 'TransformerEncoderLayer: dropout must be in [0, 1). Received: dropout=1.5.');
  const e3 = caught(() => new nn.TransformerEncoderLayer(8, 2, 16, { activation: 'tanh' as 'relu' }));
  assert.ok(e3 instanceof ValueError);
  assert.ok(caught(() => new nn.TransformerEncoderLayer(8, 2, 0)) instanceof ValueError);
  const layer = new nn.TransformerEncoderLayer(8, 2, 16);
  const e4 = caught(() => layer.forward(randn([2, 4, 6])));
  assert.ok(e4 instanceof ShapeError);
  assert.equal(e4.code, 'E_SHAPE');
  assert.equal(e4.message, 'TransformerEncoderLayer(8, nhead=2): expected src [B, L, E] with E=8, received [2, 4, 6].');
  const e5 = caught(() => layer.forward(randn([2, 4, 8]), { srcKeyPaddingMask: [[false, false, false]] }));
  assert.ok(e5 instanceof ShapeError);
  const e6 = caught(() => new nn.TransformerEncoder(layer, 0));
  assert.ok(e6 instanceof ValueError);
  assert.equal(e6.message, 'TransformerEncoder: numLayers must be a positive integer. Received: numLayers=0.');
  const e7 = caught(() => new nn.TransformerEncoder(layer, 2, { norm: new nn.LayerNorm(4) }));
  assert.ok(e7 instanceof ValueError);
});

test('forwardLast equals the last position of forward (values and gradients; both norm orders; padding mask; sequence-first)', () => {
  for (const [normFirst, batchFirst] of [[false, true], [true, true], [true, false]] as const) {
    manualSeed(7);
    const layer = new nn.TransformerEncoderLayer(8, 2, 16, { normFirst, batchFirst, activation: 'gelu' }).eval();
    const x1 = randn(batchFirst ? [3, 5, 8] : [5, 3, 8], { requiresGrad: true });
    const x2 = new Tensor(x1.data.slice(), x1.shape, true);
    const keyPadding = [[false, true, false, false, false], [false, false, false, false, false], [false, false, true, false, false]];
    const seqDim = batchFirst ? 1 : 0;
    const full = layer.forward(x1, { srcKeyPaddingMask: keyPadding }).slice(seqDim, 4, 5);
    const last = layer.forwardLast(x2, { srcKeyPaddingMask: keyPadding });
    assert.deepEqual(last.shape, full.shape);
    for (let i = 0; i < full.size; i++) assert.ok(Math.abs(full.data[i]! - last.data[i]!) < 1e-5, `value ${i}`);
    full.sum().backward();
    last.sum().backward();
    for (let i = 0; i < x1.size; i++) assert.ok(Math.abs(x1.grad!.data[i]! - x2.grad!.data[i]!) < 1e-5, `grad ${i}`);
  }
});
