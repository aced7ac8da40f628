// Seed Q2: Dropout is stochastic in training, off in eval; MC dropout estimates uncertainty.
import assert from 'node:assert/strict';
import { manualSeed, nn, noGrad, randn, train } from '../src/index.js';

manualSeed(0);
const model = new nn.Sequential(new nn.Linear(10, 64), new nn.Dropout(0.5), new nn.ReLU(), new nn.Linear(64, 1));
const X = randn([32, 10]);
const same = (a: Float32Array, b: Float32Array): boolean => a.every((v, i) => Math.abs(v - b[i]!) <= 1e-8 + 1e-5 * Math.abs(b[i]!));

// Training mode: Dropout active
model.train();
const out1 = noGrad(() => model.forward(X)).data;
const out2 = noGrad(() => model.forward(X)).data;
console.log(`Training: outputs differ? ${!same(out1, out2)}`);
assert.ok(!same(out1, out2));

// Eval mode: Dropout inactive, deterministic
model.eval();
const out3 = noGrad(() => model.forward(X)).data;
const out4 = noGrad(() => model.forward(X)).data;
console.log(`Eval: outputs identical? ${same(out3, out4)}`);
assert.ok(same(out3, out4));

// MC Dropout: only the Dropout modules are switched on; the model's modes are restored afterwards.
const mc = train.mcDropoutPredict(model, X, { passes: 30 });
const meanUncertainty = mc.std.reduce((s, v) => s + v, 0) / mc.std.length;
console.log(`MC Dropout uncertainty: mean=${meanUncertainty.toFixed(4)}`);
assert.ok(meanUncertainty > 0);
assert.equal(model.training, false);

// Beyond the seed: with BatchNorm in the model, MC dropout leaves its running statistics untouched
// (the seed's model.train() would switch BatchNorm to batch statistics and update them).
const withBn = new nn.Sequential(new nn.Linear(10, 64), new nn.BatchNorm1d(64), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(64, 1));
noGrad(() => withBn.forward(randn([64, 10]))); // one training-mode pass sets non-trivial running stats
withBn.eval();
const bn = withBn.at(1) as nn.BatchNorm1d;
const runningMean = bn.runningMean!.data.slice();
const runningVar = bn.runningVar!.data.slice();
train.mcDropoutPredict(withBn, X, { passes: 30 });
assert.deepEqual(bn.runningMean!.data, runningMean);
assert.deepEqual(bn.runningVar!.data, runningVar);
console.log('BatchNorm running statistics untouched by MC dropout: true');
