// fit's fused step (train/fused-step.ts: a plain MLP under a plain BCEWithLogitsLoss module) must
// give, bit for bit, what the general step gives — the same loss function called through a
// wrapper, which the fused step does not take: every epoch's loss, every parameter and buffer,
// the last step's gradients and the generator's state afterwards, on every kernel tier, for each
// loss option and setting it covers. And for anything it does not cover it must step aside
// having changed nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kernels as K, Tensor, manualSeed, nn, optim, rand, randn, tensor, train } from '../../src/index.js';
import { fusedBceStep } from '../../src/train/fused-step.js';
import { withTier } from '../helpers/with-tier.js';

interface Case {
  name: string;
  build: () => nn.Sequential;
  loss: () => nn.BCEWithLogitsLoss;
  optimizer: (params: Tensor[]) => optim.Optimizer;
  outputs: number;
  maxGradNorm?: number;
  augment?: boolean;
}

const cases: Case[] = [
  {
    name: 'the recommended MLP, mean BCE with label smoothing, AdamW, noise + mixup',
    build: () => new nn.Sequential(new nn.Linear(12, 32), new nn.BatchNorm1d(32), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(32, 16), new nn.BatchNorm1d(16), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(16, 1)),
    loss: () => new nn.BCEWithLogitsLoss({ labelSmoothing: 0.1 }),
    optimizer: (params) => new optim.AdamW(params, { lr: 1e-2, weightDecay: 1e-3 }),
    outputs: 1,
    augment: true,
  },
  {
    name: 'summed BCE with posWeight and weight, Adam, gradient clipping',
    build: () => new nn.Sequential(new nn.Linear(12, 24), new nn.ReLU(), new nn.Dropout(0.3), new nn.Linear(24, 1)),
    loss: () => new nn.BCEWithLogitsLoss({ reduction: 'sum', posWeight: tensor([3]), weight: tensor([0.5]) }),
    optimizer: (params) => new optim.Adam(params, { lr: 5e-3 }),
    outputs: 1,
    maxGradNorm: 0.5,
  },
  {
    name: '3 outputs, no bias, BN without affine and cumulative momentum, SGD with momentum',
    build: () => new nn.Sequential(new nn.Linear(12, 16, { bias: false }), new nn.BatchNorm1d(16, { affine: false, momentum: null }), new nn.ReLU(), new nn.Linear(16, 3)),
    loss: () => new nn.BCEWithLogitsLoss({ posWeight: tensor([1, 2, 0.5]) }),
    optimizer: (params) => new optim.SGD(params, { lr: 0.05, momentum: 0.9 }),
    outputs: 3,
  },
  {
    name: 'a parameter outside the optimizer (its gradient accumulates step after step)',
    build: () => new nn.Sequential(new nn.Linear(12, 8), new nn.ReLU(), new nn.Linear(8, 1)),
    loss: () => new nn.BCEWithLogitsLoss(),
    optimizer: (params) => new optim.Adam(params.slice(0, -1), { lr: 1e-2 }),
    outputs: 1,
  },
];

interface Outcome {
  losses: number[];
  state: number[][];
  grads: number[][];
  next: number;
}

/** fit for 3 epochs; `general`: the loss module called through a function, which the fused step does not take. */
function run(c: Case, general: boolean): Outcome {
  manualSeed(2);
  const net = c.build();
  manualSeed(3);
  const x = randn([203, 12]);
  const y = new Tensor(Float32Array.from({ length: 203 * c.outputs }, (_, i) => (x.data[(i % 203) * 12]! + x.data[(i % 203) * 12 + (i % 5)]! > 0 ? 1 : 0)), [203, c.outputs]);
  const lossModule = c.loss();
  const history = train.fit(net, {
    x, y, validationData: { x: x.slice(0, 0, 50), y: y.slice(0, 0, 50) },
    loss: general ? (a: Tensor, b: Tensor) => lossModule.forward(a, b) : lossModule,
    optimizer: c.optimizer(net.parameters()),
    epochs: 3, batchSize: 32, seed: 7,
    ...(c.maxGradNorm !== undefined ? { maxGradNorm: c.maxGradNorm } : {}),
    ...(c.augment === true ? { augment: train.composeAugment(train.gaussianNoise({ std: 0.1 }), train.mixup({ alpha: 0.2 })) } : {}),
  });
  return {
    losses: history.epochs.flatMap((e) => [e.trainLoss, e.valLoss!]),
    state: [...net.stateDict().values()].map((t) => [...t.data]),
    grads: net.parameters().map((p) => [...p.grad!.data]),
    next: rand([1]).item(),
  };
}

for (const tier of K.availableTiers()) {
  for (const c of cases) {
    test(`${tier}: ${c.name}: the fused step gives the general step's losses, weights, buffers, gradients and generator state`, () => {
      withTier(tier, () => assert.deepEqual(run(c, false), run(c, true)));
    });
  }
}

test('a diverging run stops at the same point with the same error, fused or not', () => {
  const outcome = (general: boolean): string => {
    manualSeed(1);
    const net = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 1));
    const x = randn([64, 4]).mul(1e3);
    const y = new Tensor(Float32Array.from({ length: 64 }, (_, i) => i % 2), [64, 1]);
    const lossModule = new nn.BCEWithLogitsLoss();
    try {
      train.fit(net, { x, y, loss: general ? (a: Tensor, b: Tensor) => lossModule.forward(a, b) : lossModule, optimizer: new optim.SGD(net.parameters(), { lr: 1e30 }), epochs: 5, batchSize: 16, seed: 0 });
      return 'no error';
    } catch (err) {
      const e = err as train.NonFiniteTrainingError;
      return JSON.stringify({ name: e.name, message: e.message, at: e.at, losses: e.history.epochs.map((l) => l.trainLoss) });
    }
  };
  const fused = outcome(false);
  assert.match(fused, /non-finite|NonFinite/);
  assert.equal(fused, outcome(true));
});

test('fusedBceStep steps aside, having changed nothing, for a model, loss or batch it does not cover', () => {
  manualSeed(4);
  const net = new nn.Sequential(new nn.Linear(6, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(8, 1));
  const x = randn([16, 6]);
  const y = rand([16, 1]);
  const opt = new optim.AdamW(net.parameters());
  // A first fused step, so the parameters have gradients to keep.
  assert.equal(typeof fusedBceStep(net, opt, new nn.BCEWithLogitsLoss(), undefined, x, y), 'number');
  class MyLoss extends nn.BCEWithLogitsLoss {}
  class MyNet extends nn.Sequential {}
  const wrapped = new MyNet(...net);
  const [wide, needsGrad, cube] = [rand([16, 2]), rand([16, 1], { requiresGrad: true }), randn([4, 4, 6])];
  const aside: [string, () => number | undefined][] = [
    ['a loss function', () => fusedBceStep(net, opt, (a: Tensor, b: Tensor) => a.sub(b).sum(), undefined, x, y)],
    ['a subclass of BCEWithLogitsLoss', () => fusedBceStep(net, opt, new MyLoss(), undefined, x, y)],
    ["reduction 'none'", () => fusedBceStep(net, opt, new nn.BCEWithLogitsLoss({ reduction: 'none' }), undefined, x, y)],
    ['a subclass of Sequential', () => fusedBceStep(wrapped, opt, new nn.BCEWithLogitsLoss(), undefined, x, y)],
    ['a target of another shape', () => fusedBceStep(net, opt, new nn.BCEWithLogitsLoss(), undefined, x, wide)],
    ['a target that requires grad', () => fusedBceStep(net, opt, new nn.BCEWithLogitsLoss(), undefined, x, needsGrad)],
    ['a 3-D batch', () => fusedBceStep(net, opt, new nn.BCEWithLogitsLoss(), undefined, cube, y)],
    ['eval mode', () => (net.eval(), fusedBceStep(net, opt, new nn.BCEWithLogitsLoss(), undefined, x, y))],
  ];
  for (const [what, call] of aside) {
    net.train();
    const bn = net.at(1) as nn.BatchNorm1d;
    const before = { mean: [...bn.running_mean!.data], batches: bn.num_batches_tracked!.item(), grads: net.parameters().map((p) => p.grad), weights: net.parameters().map((p) => [...p.data]) };
    manualSeed(9);
    const expectedDraw = rand([1]).item();
    manualSeed(9);
    assert.equal(call(), undefined, what);
    assert.equal(rand([1]).item(), expectedDraw, `${what}: no dropout bits drawn`);
    assert.deepEqual([...bn.running_mean!.data], before.mean, `${what}: running mean`);
    assert.equal(bn.num_batches_tracked!.item(), before.batches, `${what}: batch count`);
    assert.deepEqual(net.parameters().map((p) => p.grad), before.grads, `${what}: the same gradient tensors`);
    assert.deepEqual(net.parameters().map((p) => [...p.data]), before.weights, `${what}: weights`);
  }
});
