// Proof (1b): the seed's WellDesignedCNN(n_classes = 3) with PyTorch 1.13 weights, read from
// safetensors (stored F16: the reference weights were rounded to float16 values before PyTorch
// computed its output, so the file holds them exactly) and loaded with loadStateDict unchanged,
// gives PyTorch's eval-mode outputs for a 2×3×8×8 input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Tensor, io, nn, noGrad } from '../../src/index.js';
import { assertClose, fixturePath } from './seed-models.js';

class WellDesignedCNN extends nn.Module {
  declare readonly backbone: nn.Sequential;
  declare readonly head: nn.Sequential;
  constructor(nClasses: number) {
    super();
    this.registerModule('backbone', new nn.Sequential(
      new nn.Conv2d(3, 64, 3, { padding: 1, bias: false }),
      new nn.BatchNorm2d(64),
      new nn.ReLU(),
      new nn.Conv2d(64, 128, 3, { padding: 1, bias: false }),
      new nn.BatchNorm2d(128),
      new nn.ReLU(),
      new nn.AdaptiveAvgPool2d(1),
    ));
    this.registerModule('head', new nn.Sequential(new nn.Flatten(), new nn.Dropout(0.5), new nn.Linear(128, nClasses)));
  }

  forward(x: Tensor): Tensor {
    return this.head.forward(this.backbone.forward(x));
  }
}

test('WellDesignedCNN: PyTorch state_dict keys load unchanged (strict) and eval outputs match to 1e-5', () => {
  const weights = io.readSafetensors(fixturePath('cnn-weights.safetensors'));
  assert.equal(weights.metadata['stored'], 'float16-exact');
  const model = new WellDesignedCNN(3);
  assert.deepEqual([...weights.keys()], [...model.stateDict().keys()]);
  assert.deepEqual(model.loadStateDict(weights), { missingKeys: [], unexpectedKeys: [] });
  assert.deepEqual(model.stateDict().get('backbone.3.weight')!.shape, [128, 64, 3, 3]);
  model.eval();
  const ref = io.readSafetensors(fixturePath('cnn-eval.safetensors'));
  assert.deepEqual(ref.get('x')!.shape, [2, 3, 8, 8]);
  const out = noGrad(() => model.forward(ref.get('x')!));
  assertClose(out, ref.get('out')!, 'CNN eval output');
  // In eval the head's Dropout(0.5) is the identity: a second pass is identical.
  assert.deepEqual(Array.from(noGrad(() => model.forward(ref.get('x')!)).data), Array.from(out.data));
});
