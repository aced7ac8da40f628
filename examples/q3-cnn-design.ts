// Seed Q3: BatchNorm in the CNN body, Dropout only in the classification head (after GAP).
import assert from 'node:assert/strict';
import { Tensor, manualSeed, nn, noGrad, randn } from '../src/index.js';

class WellDesignedCNN extends nn.Module {
  readonly backbone: nn.Sequential;
  readonly head: nn.Sequential;
  constructor(nClasses: number) {
    super();
    this.backbone = this.registerModule('backbone', new nn.Sequential(
      new nn.Conv2d(3, 64, 3, { padding: 1, bias: false }),
      new nn.BatchNorm2d(64), // BN in backbone (no Dropout here)
      new nn.ReLU(),
      new nn.Conv2d(64, 128, 3, { padding: 1, bias: false }),
      new nn.BatchNorm2d(128),
      new nn.ReLU(),
      new nn.AdaptiveAvgPool2d(1),
    ));
    this.head = this.registerModule('head', new nn.Sequential(
      new nn.Flatten(),
      new nn.Dropout(0.5), // Dropout only in classification head
      new nn.Linear(128, nClasses),
    ));
  }
  forward(x: Tensor): Tensor {
    return this.head.forward(this.backbone.forward(x));
  }
}

manualSeed(0);
const model = new WellDesignedCNN(3).eval();
const out = noGrad(() => model.forward(randn([2, 3, 32, 32])));
const nParams = model.parameters().reduce((s, p) => s + p.size, 0);
console.log(`output shape [${out.shape.join(', ')}], parameters ${nParams.toLocaleString('en-US')}`);
assert.deepEqual(out.shape, [2, 3]);
assert.equal(nParams, 76_227, 'PyTorch counts 76,227 parameters for WellDesignedCNN(3)');
const keys = [...model.stateDict().keys()];
assert.deepEqual([keys[0], keys[3], keys[keys.length - 2]], ['backbone.0.weight', 'backbone.1.running_mean', 'head.2.weight']);
// No Dropout in the body: every Dropout is in the head, after global average pooling.
assert.ok(!model.backbone.children().some((m) => m instanceof nn.Dropout));
console.log('Dropout only in the head: true');
