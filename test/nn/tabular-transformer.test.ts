import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nn, optim, train, metrics, io, recommend, manualSeed, Generator, tensor, randn, noGrad, Tensor, ShapeError, ValueError, ModelFormatError } from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';
import { assertTensor, caught, loadFixture, t, type TensorJson } from './fixture.js';

interface TabularFixture {
  config: { nNumeric: number; categoricalCardinalities: number[]; dToken: number; nLayers: number; nHeads: number; dFfn: number; nOut: number };
  state: Record<string, TensorJson>;
  x: TensorJson;
  out: TensorJson;
  gout: TensorJson;
  grads: Record<string, TensorJson>;
}

test('TabularTransformer matches its PyTorch twin (bench/transformer_ref.py): keys, eval output and every parameter gradient', () => {
  const f = loadFixture<TabularFixture>('transformer-tabular');
  const model = new nn.TabularTransformer({ ...f.config, dropout: 0.1, normFirst: true });
  assert.deepEqual([...model.stateDict().keys()], Object.keys(f.state));
  model.loadStateDict(new Map(Object.entries(f.state).map(([k, v]) => [k, t(v)])));
  model.eval();
  const y = model.forward(t(f.x));
  assertTensor(y, f.out, 'out');
  y.backward(t(f.gout));
  const params = new Map(model.namedParameters());
  assert.deepEqual([...params.keys()], Object.keys(f.grads));
  for (const [key, g] of Object.entries(f.grads)) assertTensor(params.get(key)!.grad, g, `grad ${key}`);
});

test('FeatureTokenizer: per-feature linear embeddings, embedding rows per category, CLS last; fused gradients match finite differences', () => {
  manualSeed(1);
  const tok = new nn.FeatureTokenizer(2, 3, { categoricalCardinalities: [2, 3] });
  assert.deepEqual([...tok.stateDict().keys()], ['numeric_weight', 'numeric_bias', 'category_bias', 'cls_token', 'category_embeddings.weight']);
  assert.deepEqual(tok.category_embeddings!.weight.shape, [5, 3]);
  const x = tensor([[0.5, -2, 1, 2]]);
  const out = tok.forward(x);
  assert.deepEqual(out.shape, [1, 5, 3]);
  const W = tok.numeric_weight!.data;
  const B = tok.numeric_bias!.data;
  const E = tok.category_embeddings!.weight.data;
  const C = tok.category_bias!.data;
  for (let e = 0; e < 3; e++) {
    assert.ok(Math.abs(out.data[e]! - (0.5 * W[e]! + B[e]!)) < 1e-6);
    assert.ok(Math.abs(out.data[3 + e]! - (-2 * W[3 + e]! + B[3 + e]!)) < 1e-6);
    assert.ok(Math.abs(out.data[6 + e]! - (E[1 * 3 + e]! + C[e]!)) < 1e-6, 'feature 0, code 1 → row 1');
    assert.ok(Math.abs(out.data[9 + e]! - (E[(2 + 2) * 3 + e]! + C[3 + e]!)) < 1e-6, 'feature 1, code 2 → row 2 + 2');
    assert.equal(out.data[12 + e], tok.cls_token!.data[e]);
  }
  const bound = 1 / Math.sqrt(3);
  assert.ok(tok.parameters().every((p) => p.data.every((v) => Math.abs(v) <= bound)));
  const numeric = new nn.FeatureTokenizer(3, 4);
  gradcheck((xx) => numeric.forward(xx), [randn([2, 3], { requiresGrad: true })], { eps: 1e-2 });
  const codes = tensor([[0.3, 1, 1, 0], [-1, 0, 0, 2]]);
  gradcheck(() => tok.forward(codes), tok.parameters(), { eps: 1e-2 });
  const xg = tensor([[0.3, 1, 1, 0], [-1, 0, 0, 2]], { requiresGrad: true });
  tok.forward(xg).sum().backward();
  assert.deepEqual([...xg.grad!.data].filter((_, i) => i % 4 >= 2), [0, 0, 0, 0], 'no gradient into category codes');
});

test('nn.Embedding: PyTorch key and lookup; gradient sums into looked-up rows; bad codes are a ValueError', () => {
  manualSeed(2);
  const emb = new nn.Embedding(4, 2);
  assert.deepEqual([...emb.stateDict().keys()], ['weight']);
  const y = emb.forward(tensor([[1, 3], [1, 0]]));
  assert.deepEqual(y.shape, [2, 2, 2]);
  assert.deepEqual([...y.data.subarray(0, 2)], [...emb.weight.data.subarray(2, 4)]);
  y.sum().backward();
  assert.deepEqual([...emb.weight.grad!.data], [1, 1, 2, 2, 0, 0, 1, 1]);
  const e = caught(() => emb.forward(tensor([4])));
  assert.ok(e instanceof ValueError);
  assert.equal(e.code, 'E_VALUE');
  assert.match(e.message, /^Embedding\(4, 2\): codes must be integers in \[0, 3\]\. Received: 4 at flat position 0/);
});

test('TabularTransformer: structure, numeric-only input, train/eval behaviour', () => {
  manualSeed(3);
  const model = new nn.TabularTransformer({ nNumeric: 5, dToken: 16, nLayers: 2, nHeads: 4 });
  assert.equal(model.dFfn, 32);
  assert.equal(model.nFeatures, 5);
  assert.equal(model.tokenizer.nTokens, 6);
  assert.equal(model.encoder.layers.length, 2);
  assert.ok(model.encoder.layers.at(0).normFirst);
  const dropouts = model.modules().filter((m) => m instanceof nn.Dropout) as nn.Dropout[];
  assert.equal(dropouts.length, 8);
  assert.ok(dropouts.every((d) => d.p === 0.1));
  const x = randn([7, 5]);
  const a = model.forward(x);
  assert.deepEqual(a.shape, [7, 1]);
  assert.notDeepEqual([...model.forward(x).data], [...a.data], 'dropout in training');
  model.eval();
  const c = noGrad(() => model.forward(x));
  assert.deepEqual([...model.forward(x).data], [...c.data], 'deterministic in eval');
  assert.equal(new nn.TabularTransformer({ nNumeric: 2, attentionDropout: 0.2 }).encoder.layers.at(1).self_attn.dropout.p, 0.2);
});

test('TabularTransformer errors: shapes, hyper-parameters and category codes', () => {
  const model = new nn.TabularTransformer({ nNumeric: 3, categoricalCardinalities: [2], dToken: 8, nHeads: 2 });
  const e1 = caught(() => model.forward(randn([4, 3])));
  assert.ok(e1 instanceof ShapeError);
  assert.equal(e1.code, 'E_SHAPE');
  assert.equal(e1.message, 'TabularTransformer(3 numeric + 1 categorical): expected input [N, 4], received [4, 3].');
  const e2 = caught(() => model.forward(tensor([[0, 0, 0, 2]])));
  assert.ok(e2 instanceof ValueError);
  assert.equal(e2.code, 'E_VALUE');
  assert.match(e2.message, /categorical column 3 must hold integer codes in \[0, 1\]\. Received: 2 at row 0/);
  assert.ok(caught(() => model.forward(tensor([[0, 0, 0, 0.5]]))) instanceof ValueError);
  const e3 = caught(() => new nn.TabularTransformer({ nNumeric: 3, dToken: 10, nHeads: 4 }));
  assert.ok(e3 instanceof ValueError);
  assert.equal(e3.message, 'TabularTransformer: dToken must be divisible by nHeads. Received: dToken=10, nHeads=4; choose nHeads among the divisors of 10.');
  const e4 = caught(() => new nn.TabularTransformer({ nNumeric: 0 }));
  assert.ok(e4 instanceof ValueError);
  assert.match(e4.message, /at least one feature/);
  assert.ok(caught(() => new nn.TabularTransformer({ nNumeric: 2, dropout: 1 })) instanceof ValueError);
  assert.ok(caught(() => new nn.TabularTransformer({ nNumeric: 2, nLayers: 0 })) instanceof ValueError);
  assert.ok(caught(() => new nn.TabularTransformer({ nNumeric: -1 })) instanceof ValueError);
  assert.ok(caught(() => new nn.TabularTransformer({ nNumeric: 2, categoricalCardinalities: [0] })) instanceof ValueError);
});

/** y = 1 when x1·x2 > 0 (10% of labels flipped); two noise columns and a noise category. No linear score separates it. */
function interaction(n: number, g: Generator): { x: Tensor; y: Tensor } {
  const x = new Float32Array(n * 5);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = g.normal();
    const b = g.normal();
    x.set([a, b, g.normal(), g.normal(), g.randint(3)], i * 5);
    y[i] = (a * b > 0 ? 1 : 0) ^ (g.random() < 0.1 ? 1 : 0);
  }
  return { x: tensor(x, { shape: [n, 5] }), y: tensor(y, { shape: [n, 1] }) };
}

test('TabularTransformer learns the x1·x2 interaction a logistic regression cannot (test AUC ≥ 0.85 vs ≤ 0.6); MC dropout; model file round trip', () => {
  const g = new Generator(11);
  const tr = interaction(800, g);
  const te = interaction(500, g);
  const auc = (m: nn.Module<[Tensor], Tensor>): number => metrics.rocAucScore(te.y.data, noGrad(() => m.eval().forward(te.x)).data);
  manualSeed(0);
  const model = new nn.TabularTransformer({ nNumeric: 4, categoricalCardinalities: [3], dToken: 16, nLayers: 2, nHeads: 2, dropout: 0.1 });
  const history = train.fit(model, {
    x: tr.x, y: tr.y, loss: new nn.BCEWithLogitsLoss(), epochs: 15, batchSize: 64, seed: 0,
    optimizer: new optim.AdamW(optim.paramGroupsWithoutDecay(model, { weightDecay: 0.05 }), { lr: 3e-3 }),
  });
  assert.equal(history.stopReason, 'completed');
  const logistic = new nn.Linear(5, 1);
  train.fit(logistic, { x: tr.x, y: tr.y, loss: new nn.BCEWithLogitsLoss(), epochs: 15, batchSize: 64, seed: 0, optimizer: new optim.AdamW(logistic.parameters(), { lr: 3e-2 }) });
  const aucTransformer = auc(model);
  const aucLinear = auc(logistic);
  // Stated gap (Bayes AUC with 10% flipped labels is about 0.9): transformer ≥ 0.85, linear ≤ 0.6.
  assert.ok(aucTransformer >= 0.85, `transformer AUC ${aucTransformer}`);
  assert.ok(aucLinear <= 0.6, `logistic regression AUC ${aucLinear}`);

  const mc = train.mcDropoutPredict(model, te.x.slice(0, 0, 20), { passes: 10, seed: 1 });
  assert.deepEqual(mc.shape, [20, 1]);
  assert.ok(mc.std.some((s) => s > 0) && mc.mean.every((p) => p > 0 && p < 1));
  assert.ok(model.modules().every((m) => !m.training));

  const dir = mkdtempSync(join(tmpdir(), 'clinreg-tabular-'));
  try {
    io.saveModel(join(dir, 'model'), { model });
    const loaded = io.loadModel(join(dir, 'model'));
    assert.ok(loaded.model instanceof nn.TabularTransformer);
    assert.deepEqual(loaded.architecture, io.describeArchitecture(model));
    const expect = noGrad(() => model.forward(te.x));
    assert.deepEqual([...noGrad(() => loaded.model.forward(te.x)).data], [...expect.data]);
    const e = caught(() => io.parseArchitecture({ ...loaded.architecture, nHeads: 3 }, 'model.json'));
    assert.ok(e instanceof ModelFormatError);
    assert.equal(e.code, 'E_MODEL_FORMAT');
    assert.match(e.message, /invalid architecture at 'nHeads': nHeads \(3\) must divide dToken \(16\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('recommend.buildTransformer: the seed\'s Transformer advice (dropout 0.1, LayerNorm, pre-norm), sized by the data', () => {
  manualSeed(4);
  const small = recommend.getRegularisationConfig({ datasetSize: 900, architecture: 'transformer' });
  const m = recommend.buildTransformer(small, 13, { categoricalCardinalities: [4, 3] });
  assert.equal(m.nNumeric, 11);
  assert.deepEqual(m.categoricalCardinalities, [4, 3]);
  assert.deepEqual([m.dToken, m.nLayers, m.nHeads, m.dFfn, m.dropout, m.normFirst], [32, 2, 4, 64, 0.1, true]);
  assert.ok(small.weightDecay >= 0.01 && small.weightDecay <= 0.1);
  const large = recommend.buildTransformer(recommend.getRegularisationConfig({ datasetSize: 80_000, architecture: 'transformer' }), 20);
  assert.deepEqual([large.dToken, large.nLayers, large.nHeads], [128, 3, 8]);
  const e1 = caught(() => recommend.buildTransformer(recommend.getRegularisationConfig({ datasetSize: 900, architecture: 'mlp' }), 13));
  assert.ok(e1 instanceof ValueError);
  assert.equal(e1.code, 'E_VALUE');
  assert.ok(caught(() => recommend.buildTransformer(small, 1, { categoricalCardinalities: [2, 2] })) instanceof ValueError);
  assert.ok(caught(() => recommend.buildTransformer(small, 0)) instanceof ValueError);
});
