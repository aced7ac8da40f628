// Sequential under noGrad hands intermediate buffers of built-in layers back for reuse: results
// must equal the layers called one by one, and nothing the caller can still see (its input, an earlier
// result, what a user module kept) may be overwritten by a later pass.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tensor, manualSeed, mul, nn, noGrad, randn, train } from '../../src/index.js';

/** Keeps the last tensor it passed on, as user code may (e.g. to inspect activations). */
class Keep extends nn.Module {
  kept: Tensor | null = null;
  forward(x: Tensor): Tensor {
    this.kept = x;
    return x;
  }
}

function model(keep: Keep): nn.Sequential {
  manualSeed(3);
  // 64 × 200 floats = 51 kB per activation: large enough for the reuse pool.
  return new nn.Sequential(
    new nn.Identity(), new nn.Linear(200, 200), new nn.BatchNorm1d(200), new nn.ReLU(), new nn.Dropout(0.3),
    new nn.Linear(200, 200), keep, new nn.ReLU(), new nn.Linear(200, 200), new nn.Tanh(), new nn.Linear(200, 3),
  );
}

test('noGrad forwards equal layer-by-layer forwards, and never overwrite the input, earlier results or kept activations', () => {
  const keep = new Keep();
  const net = model(keep);
  net.eval();
  manualSeed(1);
  // An op output (made by the library's allocator), so only the guard keeps it from reuse.
  const x = mul(randn([64, 200]), 1);
  const xCopy = Float32Array.from(x.data);
  // The layers called one by one under noGrad: the same kernels, no Sequential, so no reuse.
  const expected = Float32Array.from(noGrad(() => [...net.children()].reduce((t, layer) => (layer as Keep).forward(t), x)).data);
  const first = noGrad(() => net.forward(x));
  assert.deepEqual([...first.data], [...expected]);
  const keptTensor = keep.kept!;
  const keptCopy = Float32Array.from(keptTensor.data);
  const firstCopy = Float32Array.from(first.data);
  for (let pass = 0; pass < 5; pass++) {
    const other = mul(randn([64, 200]), 1);
    const y = noGrad(() => net.forward(other));
    assert.equal(y.shape.join(), '64,3');
  }
  assert.deepEqual([...x.data], [...xCopy], 'the input is untouched');
  assert.deepEqual([...first.data], [...firstCopy], 'an earlier result is untouched');
  assert.deepEqual([...keptTensor.data], [...keptCopy], "a user module's kept activation is untouched");
  assert.deepEqual([...noGrad(() => net.forward(x)).data], [...expected], 'a later pass still computes the same');
});

test('MC dropout gives the same mean and SD with buffer reuse as its passes run layer by layer', () => {
  const keep = new Keep();
  const net = model(keep);
  manualSeed(2);
  const x = mul(randn([64, 200]), 1);
  const { mean, std } = train.mcDropoutPredict(net, x, { passes: 4, seed: 9 });
  // The same passes by hand, layer by layer (no reuse): Dropout in training, everything else in eval.
  manualSeed(9);
  net.eval();
  for (const m of net.modules()) if (m instanceof nn.Dropout) m.training = true;
  const outs: Float32Array[] = [];
  for (let p = 0; p < 4; p++) {
    const out = noGrad(() => [...net.children()].reduce((t, layer) => (layer as Keep).forward(t), x));
    outs.push(Float32Array.from(out.data, (v) => 1 / (1 + Math.exp(-v))));
  }
  for (let i = 0; i < mean.length; i++) {
    const m = outs.reduce((s, o) => s + o[i]!, 0) / 4;
    const sd = Math.sqrt(outs.reduce((s, o) => s + (o[i]! - m) ** 2, 0) / 3);
    assert.ok(Math.abs(mean[i]! - m) < 1e-6, `mean ${i}: ${mean[i]} vs ${m}`);
    assert.ok(Math.abs(std[i]! - sd) < 1e-5, `std ${i}: ${std[i]} vs ${sd}`);
  }
});
