import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, manualSeed, zeros, ShapeError, ValueError } from '../../src/index.js';
import { caught } from './fixture.js';

const { init } = nn;

function moments(d: Float32Array): { mean: number; variance: number; maxAbs: number } {
  let s = 0;
  let ss = 0;
  let m = 0;
  for (const v of d) {
    s += v;
    ss += v * v;
    m = Math.max(m, Math.abs(v));
  }
  const mean = s / d.length;
  return { mean, variance: ss / d.length - mean * mean, maxAbs: m };
}

// 64·256 = 16 384 draws: the sample variance of a uniform/normal is within ~3% (≈ 3 s.d.) of its target.
test('kaimingUniform / xavierUniform: bounds and variance as PyTorch defines them', () => {
  manualSeed(21);
  const w = init.kaimingUniform(zeros([64, 256]), { a: Math.sqrt(5) });
  const bound = 1 / Math.sqrt(256);
  const m = moments(w.data);
  assert.ok(m.maxAbs <= bound);
  assert.ok(Math.abs(m.variance / (bound * bound / 3) - 1) < 0.05, `variance ${m.variance}`);
  const r = init.kaimingUniform(zeros([64, 256]), { nonlinearity: 'relu', mode: 'fanOut' });
  assert.ok(moments(r.data).maxAbs <= Math.sqrt(2) * Math.sqrt(3 / 64));
  const x = init.xavierUniform(zeros([64, 256]));
  const xb = Math.sqrt(6 / (64 + 256));
  assert.ok(Math.abs(moments(x.data).variance / (xb * xb / 3) - 1) < 0.05);
});

test('normal, kaimingNormal, xavierNormal, uniform, constant, zeros, ones', () => {
  manualSeed(22);
  const n = moments(init.normal(zeros([128, 128]), 1, 0.5).data);
  assert.ok(Math.abs(n.mean - 1) < 0.02 && Math.abs(n.variance - 0.25) < 0.02);
  const k = moments(init.kaimingNormal(zeros([128, 128]), { nonlinearity: 'relu' }).data);
  assert.ok(Math.abs(k.variance / (2 / 128) - 1) < 0.05);
  const xn = moments(init.xavierNormal(zeros([128, 128]), { gain: 2 }).data);
  assert.ok(Math.abs(xn.variance / (4 * 2 / 256) - 1) < 0.05);
  const u = init.uniform(zeros([1000]), -2, -1);
  assert.ok(u.data.every((v) => v >= -2 && v < -1));
  assert.deepEqual([...init.constant(zeros([2]), 3).data], [3, 3]);
  assert.deepEqual([...init.ones(zeros([2])).data], [1, 1]);
  assert.ok(Math.abs(init.calculateGain('leaky_relu', Math.sqrt(5)) - Math.sqrt(1 / 3)) < 1e-12);
  assert.equal(init.calculateGain('tanh'), 5 / 3);
});

test('initialisation is reproducible from the seed', () => {
  manualSeed(5);
  const a = new nn.Linear(4, 3);
  manualSeed(5);
  const b = new nn.Linear(4, 3);
  assert.deepEqual([...a.weight.data], [...b.weight.data]);
  assert.deepEqual([...a.bias!.data], [...b.bias!.data]);
});

test('init errors: fewer than 2 dims → ShapeError; bad std / range → ValueError', () => {
  const e = caught(() => init.kaimingUniform(zeros([5])));
  assert.ok(e instanceof ShapeError);
  assert.equal(e.code, 'E_SHAPE');
  assert.throws(() => init.normal(zeros([2]), 0, -1), ValueError);
  assert.throws(() => init.uniform(zeros([2]), 1, 0), /low must be ≤ high/);
});
