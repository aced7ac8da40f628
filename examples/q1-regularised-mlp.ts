// Seed Q1: a regularised clinical MLP (BatchNorm, Dropout) trained with AdamW (L2 via weight decay).
import assert from 'node:assert/strict';
import { Tensor, manualSeed, nn, optim, randn } from '../src/index.js';

/** The seed's RegularisedClinicalMLP, with PyTorch's module names (`net.0.weight`, …). */
class RegularisedClinicalMLP extends nn.Module {
  readonly net: nn.Sequential;
  constructor(nFeatures = 20) {
    super();
    this.net = this.registerModule('net', new nn.Sequential(
      new nn.Linear(nFeatures, 128),
      new nn.BatchNorm1d(128), // normalisation
      new nn.ReLU(),
      new nn.Dropout(0.4), // dropout
      new nn.Linear(128, 64),
      new nn.BatchNorm1d(64),
      new nn.ReLU(),
      new nn.Dropout(0.3),
      new nn.Linear(64, 1),
    ));
  }
  forward(x: Tensor): Tensor {
    return this.net.forward(x);
  }
}

manualSeed(0);
const model = new RegularisedClinicalMLP();
// Use AdamW for L2 via weightDecay
const optimizer = new optim.AdamW(model.parameters(), { lr: 3e-4, weightDecay: 1e-4 });

const nParams = model.parameters().reduce((s, p) => s + p.size, 0);
console.log(`parameters: ${nParams.toLocaleString('en-US')}`);
assert.equal(nParams, 11_393, 'PyTorch counts 11,393 parameters for RegularisedClinicalMLP(20)');
assert.equal([...model.stateDict().keys()][0], 'net.0.weight');

// One training step on a synthetic batch.
const x = randn([32, 20]);
const y = new Tensor(Float32Array.from({ length: 32 }, (_, i) => (x.data[i * 20]! > 0 ? 1 : 0)), [32, 1]);
const before = model.net.at(0).parameters()[0]!.data.slice();
const loss = new nn.BCEWithLogitsLoss().forward(model.forward(x), y);
optimizer.zeroGrad();
loss.backward();
optimizer.step();
console.log(`one AdamW step: loss ${loss.item().toFixed(4)}`);
assert.ok(Number.isFinite(loss.item()));
assert.notDeepEqual(model.net.at(0).parameters()[0]!.data, before, 'the step changed the weights');
