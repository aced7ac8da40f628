import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, getGenerator, kernels, manualSeed, nn, noGrad, randn, train, ValueError, parallel } from '../../src/index.js';

const workers = new parallel.StatsWorkers({ threads: 2 });
after(() => workers.close());

function mlp(): nn.Sequential {
  return new nn.Sequential(new nn.Linear(6, 24), new nn.BatchNorm1d(24), new nn.ReLU(), new nn.Dropout(0.4), new nn.Linear(24, 12), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(12, 1));
}

/** A model with trained-looking state: BatchNorm running statistics moved by training-mode passes. */
function trained<M extends nn.Module>(m: M, x: Tensor): M {
  m.train();
  for (let i = 0; i < 3; i++) noGrad(() => (m as unknown as nn.TensorModule).forward(x));
  m.eval();
  return m;
}

function sameBits(a: Float32Array | undefined, b: Float32Array | undefined, what: string): void {
  assert.ok(a !== undefined && b !== undefined && a.length === b.length, what);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

/** Serial and threaded runs of the same seed: mean, SD, every pass, and the global stream after. */
async function compare(model: nn.Module, x: Tensor, options: train.McDropoutOptions, threads: { threads?: number; workers?: parallel.StatsWorkers }): Promise<void> {
  const serial = train.mcDropoutPredict(model, x, options);
  const nextSerial = getGenerator().nextUint32();
  const modes = [...model.modules()].map((m) => m.training);
  const threaded = await parallel.mcDropoutPredictAsync(model, x, { ...options, ...threads });
  const nextThreaded = getGenerator().nextUint32();
  assert.deepEqual([...model.modules()].map((m) => m.training), modes, 'modes restored');
  sameBits(threaded.mean, serial.mean, 'mean');
  sameBits(threaded.std, serial.std, 'std');
  sameBits(threaded.samples, serial.samples, 'samples');
  assert.deepEqual(threaded.shape, serial.shape);
  assert.equal(nextThreaded, nextSerial, 'the global stream ends where the serial run leaves it');
}

test('mcDropoutPredictAsync: on worker threads every pass is the serial one bit for bit, on each kernel tier', async () => {
  manualSeed(4);
  const x = randn([301, 6]);
  const m = trained(mlp(), x);
  for (const tier of kernels.availableTiers()) {
    const previous = kernels.setKernels(kernels.loadKernels(tier));
    try {
      await compare(m, x, { passes: 23, seed: 5, returnSamples: true }, { workers });
    } finally {
      kernels.setKernels(previous);
    }
  }
  // Threads started for the call (and closed), identity outputs, 2 passes.
  await compare(m, x, { passes: 2, seed: 1, activation: 'identity', returnSamples: true }, { threads: 1 });
});

test('mcDropoutPredictAsync: a Transformer (dropout in attention and feed-forward) matches the serial run', async () => {
  manualSeed(2);
  const model = new nn.TabularTransformer({ nNumeric: 5, dToken: 8, nLayers: 1, nHeads: 2, dFfn: 16, dropout: 0.2, attentionDropout: 0.1 });
  const x = randn([64, 5]);
  await compare(trained(model, x), x, { passes: 9, seed: 3, returnSamples: true }, { workers });
});

test('mcDropoutPredictAsync: without a seed, or for a model the format cannot describe, it runs here as mcDropoutPredict does', async () => {
  manualSeed(6);
  const x = randn([40, 6]);
  const m = trained(mlp(), x);
  manualSeed(9);
  const serial = train.mcDropoutPredict(m, x, { passes: 5 });
  manualSeed(9);
  const threaded = await parallel.mcDropoutPredictAsync(m, x, { passes: 5, workers });
  sameBits(threaded.mean, serial.mean, 'mean (continued stream)');
  class Custom extends nn.Module {
    readonly inner: nn.Sequential;
    constructor() {
      super();
      this.inner = this.registerModule('inner', mlp());
    }
    forward(t: Tensor): Tensor {
      return this.inner.forward(t);
    }
  }
  await compare(trained(new Custom(), x), x, { passes: 4, seed: 2, returnSamples: true }, { workers });
});

test('mcDropoutPredictAsync: errors are typed (bad options, NaN output, a task failing on a worker)', async () => {
  manualSeed(0);
  const x = randn([20, 6]);
  const m = mlp().eval();
  const isValue = (re: RegExp) => (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && re.test(e.message);
  await assert.rejects(parallel.mcDropoutPredictAsync(m, x, { passes: 1, seed: 0, workers }), isValue(/passes must be an integer from 2/));
  await assert.rejects(parallel.mcDropoutPredictAsync(m, x, { seed: 0, threads: 1.5 }), isValue(/threads must be an integer ≥ 0/));
  await assert.rejects(parallel.mcDropoutPredictAsync(new nn.Sequential(new nn.Linear(6, 1)), x, { seed: 0, workers }), isValue(/no Dropout module/));
  const nan = mlp().eval();
  (nan.at(7) as nn.Linear).bias!.data[0] = Number.NaN;
  await assert.rejects(parallel.mcDropoutPredictAsync(nan, x, { passes: 4, seed: 0, workers }), (e) => e instanceof train.NonFiniteOutputError && e.code === 'E_NON_FINITE');
  const bad = { kind: 'mc', call: -1, model: { arch: { type: 'Linear', inFeatures: 6, outFeatures: 1, bias: true }, entries: [], data: new Float32Array(0) }, x: x.data, xShape: [20, 6], seed: 0, perPass: 1, first: 1, count: 1, tier: kernels.kernels().tier };
  await assert.rejects(workers.mcPasses(bad as never), (e) => e instanceof parallel.WorkerTaskError && e.code === 'E_VALUE' && e.remoteName === 'ValueError' && /missing/i.test(e.message));
});

test('mcDropoutPredictAsync: the passes do run on the given threads (a closed pool refuses them)', async () => {
  manualSeed(1);
  const x = randn([30, 6]);
  const mine = new parallel.StatsWorkers({ threads: 1 });
  await mine.close();
  await assert.rejects(parallel.mcDropoutPredictAsync(mlp().eval(), x, { passes: 6, seed: 0, workers: mine }), ValueError);
});
