// Sequential's fused training forward (nn/fused-mlp.ts) must give, bit for bit, what the layers
// give one by one: the output, every parameter gradient, the running statistics, the batch count
// and the generator's state afterwards — on every kernel tier, for every layer option it covers,
// and over many optimizer steps in tidy scopes (where pooled storage is reused).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kernels as K, Tensor, manualSeed, mul, nn, noGrad, optim, rand, randn, tidy, train } from '../../src/index.js';
import { withTier } from '../helpers/with-tier.js';

/** The layers called one by one: Sequential's unfused path. */
class OneByOne extends nn.Module {
  declare net: nn.Sequential;
  constructor(net: nn.Sequential) {
    super();
    this.registerModule('net', net);
  }
  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.net) y = layer.forward(y);
    return y;
  }
}

type Build = () => nn.Sequential;

const chains: [string, Build][] = [
  ['the seed MLP', () => new nn.Sequential(new nn.Linear(20, 128), new nn.BatchNorm1d(128), new nn.ReLU(), new nn.Dropout(0.4), new nn.Linear(128, 64), new nn.BatchNorm1d(64), new nn.ReLU(), new nn.Dropout(0.3), new nn.Linear(64, 1))],
  ['no bias, BN without affine, cumulative momentum, 3 outputs', () => new nn.Sequential(new nn.Linear(20, 16, { bias: false }), new nn.BatchNorm1d(16, { affine: false, momentum: null }), new nn.ReLU(), new nn.Linear(16, 3))],
  ['BN without running statistics, dropout 0', () => new nn.Sequential(new nn.Linear(20, 24), new nn.BatchNorm1d(24, { trackRunningStats: false, eps: 1e-3 }), new nn.Dropout(0), new nn.ReLU(), new nn.Linear(24, 2))],
  ['input layers before the first parameter', () => new nn.Sequential(new nn.Dropout(0.2), new nn.ReLU(), new nn.BatchNorm1d(20, { affine: false }), new nn.Linear(20, 8), new nn.ReLU(), new nn.Linear(8, 1))],
  ['BN with affine parameters first', () => new nn.Sequential(new nn.BatchNorm1d(20), new nn.Linear(20, 8), new nn.Dropout(0.5), new nn.Linear(8, 1))],
];

/** Output, gradients, buffers and the generator's next draw after one forward/backward. */
function oneStep(model: nn.Module, net: nn.Sequential, x: Tensor, seed: number): { out: number[]; grads: number[][]; buffers: number[][]; next: number; fn: string | undefined } {
  manualSeed(seed);
  const y = model.forward(x) as Tensor;
  mul(y, randn(y.shape)).sum().backward();
  const out = [...y.data];
  return {
    out,
    grads: net.parameters().map((p) => [...p.grad!.data]),
    buffers: net.buffers().map((b) => [...b.data]),
    next: rand([1]).item(),
    fn: y.gradFn?.name,
  };
}

for (const tier of K.availableTiers()) {
  for (const [name, build] of chains) {
    test(`${tier}: ${name}: the fused forward and backward equal the layers one by one`, () => {
      withTier(tier, () => {
        manualSeed(5);
        const a = build();
        manualSeed(5);
        const b = build();
        manualSeed(6);
        const x = randn([37, 20]);
        const fused = oneStep(a, a, x, 9);
        const plain = oneStep(new OneByOne(b), b, x, 9);
        assert.equal(fused.fn, 'FusedMlpBackward');
        assert.notEqual(plain.fn, 'FusedMlpBackward');
        assert.deepEqual(fused.out, plain.out);
        assert.deepEqual(fused.grads, plain.grads);
        assert.deepEqual(fused.buffers, plain.buffers);
        assert.equal(fused.next, plain.next);
      });
    });
  }

  test(`${tier}: 4 epochs of fit (AdamW, augmentation, early stopping) give the same weights and history fused and one by one`, () => {
    withTier(tier, () => {
      const run = (wrap: boolean): { state: number[][]; losses: number[] } => {
        manualSeed(2);
        const net = new nn.Sequential(new nn.Linear(12, 32), new nn.BatchNorm1d(32), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(32, 16), new nn.BatchNorm1d(16), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(16, 1));
        const model = wrap ? new OneByOne(net) : net;
        manualSeed(3);
        const x = randn([301, 12]);
        const y = new Tensor(Float32Array.from({ length: 301 }, (_, i) => (x.data[i * 12]! + x.data[i * 12 + 1]! > 0 ? 1 : 0)), [301, 1]);
        const history = train.fit(model, {
          x, y, validationData: { x: x.slice(0, 0, 60), y: y.slice(0, 0, 60) },
          loss: new nn.BCEWithLogitsLoss({ labelSmoothing: 0.1 }),
          optimizer: new optim.AdamW(model.parameters(), { lr: 1e-2, weightDecay: 1e-3 }),
          epochs: 4, batchSize: 32, seed: 7,
          augment: train.composeAugment(train.gaussianNoise({ std: 0.1 }), train.mixup({ alpha: 0.2 })),
          earlyStopping: { monitor: 'val_loss', patience: 10, restoreBestWeights: true },
        });
        return { state: [...net.stateDict().values()].map((t) => [...t.data]), losses: history.epochs.map((e) => e.trainLoss) };
      };
      assert.deepEqual(run(false), run(true));
    });
  });
}

test('chains and calls it does not cover run the layers one by one, with their own errors', () => {
  manualSeed(1);
  const net = new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3), new nn.ReLU(), new nn.Linear(3, 1));
  const x = randn([8, 4]);
  assert.equal(net.forward(x).gradFn?.name, 'FusedMlpBackward');
  // Under noGrad, in eval mode, with a frozen parameter, a 1-row batch, a 3-D input or an input that requires grad.
  assert.equal(noGrad(() => net.forward(x)).gradFn, null);
  net.eval();
  assert.notEqual(net.forward(x).gradFn?.name, 'FusedMlpBackward');
  net.train();
  net.at(0).parameters()[1]!.requiresGrad = false;
  assert.notEqual(net.forward(x).gradFn?.name, 'FusedMlpBackward');
  net.at(0).parameters()[1]!.requiresGrad = true;
  assert.throws(() => net.forward(randn([1, 4])), /BatchNorm1d\(3\): expected more than 1 value per channel/);
  assert.throws(() => net.forward(randn([8, 5])), /Linear\(4→3\): expected input \[\.\.\., 4\]/);
  const xg = randn([8, 4]);
  xg.requiresGrad = true;
  const yg = net.forward(xg);
  assert.notEqual(yg.gradFn?.name, 'FusedMlpBackward');
  yg.sum().backward();
  assert.ok(xg.grad !== null);
  // A subclass or an instance with its own forward, and a parameter shared by two layers.
  class Scaled extends nn.ReLU {
    override forward(t: Tensor): Tensor {
      return mul(super.forward(t), 2);
    }
  }
  assert.notEqual(new nn.Sequential(new nn.Linear(4, 3), new Scaled()).forward(x).gradFn?.name, 'FusedMlpBackward');
  const patched = new nn.ReLU();
  patched.forward = (t: Tensor) => mul(t, 3);
  assert.notEqual(new nn.Sequential(new nn.Linear(4, 3), patched).forward(x).gradFn?.name, 'FusedMlpBackward');
  const l1 = new nn.Linear(3, 3);
  const l2 = new nn.Linear(3, 3);
  l2.weight = l1.weight;
  assert.notEqual(new nn.Sequential(l1, l2).forward(randn([4, 3])).gradFn?.name, 'FusedMlpBackward');
});

test('tidy training steps reuse the activations\' storage and keep giving the one-by-one numbers', () => {
  const steps = (wrap: boolean): number[][] => {
    manualSeed(4);
    const net = new nn.Sequential(new nn.Linear(40, 64), new nn.BatchNorm1d(64), new nn.ReLU(), new nn.Dropout(0.3), new nn.Linear(64, 1));
    const model = wrap ? new OneByOne(net) : net;
    const opt = new optim.Adam(model.parameters(), { lr: 1e-2 });
    const x = randn([64, 40]);
    const y = rand([64, 1]);
    const losses: number[] = [];
    for (let i = 0; i < 25; i++) {
      tidy(() => {
        opt.zeroGrad();
        const loss = nn.functional.mseLoss(model.forward(x) as Tensor, y);
        loss.backward();
        opt.step();
        losses.push(loss.item());
      });
    }
    return [losses, ...net.parameters().map((p) => [...p.data])];
  };
  assert.deepEqual(steps(false), steps(true));
});
