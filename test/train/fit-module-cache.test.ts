// fit and forwardInBatches run each step in a tidy scope: tensors the model, loss or optimizer
// hold survive it (a module that builds a constant lazily in forward, as PyTorch code does), and
// the step's activations still go back to the storage pool.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, clearPool, manualSeed, mul, nn, optim, poolStats, randn, train } from '../../src/index.js';

/** Scales its input by a constant it makes on first use, then a linear layer. */
class LazyScale extends nn.Module {
  readonly lin: nn.Linear;
  scale: Tensor | null = null;
  constructor() {
    super();
    this.lin = this.registerModule('lin', new nn.Linear(4, 1));
  }
  forward(x: Tensor): Tensor {
    this.scale ??= mul(new Tensor(new Float32Array(4).fill(0.5), [1, 4]), new Tensor(new Float32Array(4).fill(2), [1, 4]));
    return this.lin.forward(mul(x, this.scale));
  }
}

/** A loss module holding a weight it makes on first use. */
class LazyWeightedBce extends nn.Module<[Tensor, Tensor], Tensor> {
  weight: Tensor | null = null;
  forward(input: Tensor, target: Tensor): Tensor {
    this.weight ??= mul(new Tensor(new Float32Array([1]), [1, 1]), new Tensor(new Float32Array([1]), [1, 1]));
    return mul(new nn.BCEWithLogitsLoss().forward(input, target), this.weight);
  }
}

test('fit keeps a tensor that the model and the loss cache on first use (no E_DISPOSED on the next step), and still reuses the step storage', () => {
  manualSeed(0);
  const model = new LazyScale();
  const loss = new LazyWeightedBce();
  const x = randn([64, 4]);
  const y = new Tensor(Float32Array.from({ length: 64 }, (_, i) => (x.data[i * 4]! > 0 ? 1 : 0)), [64, 1]);
  clearPool();
  const history = train.fit(model, { x, y, epochs: 3, batchSize: 16, loss, optimizer: new optim.Adam(model.parameters(), { lr: 0.01 }) });
  assert.equal(history.epochs.length, 3);
  assert.ok(!model.scale!.isDisposed && !loss.weight!.isDisposed);
  assert.deepEqual([...model.scale!.data], [1, 1, 1, 1]);
  assert.ok(poolStats().hits > 0, 'later steps draw their outputs from the pool');
  const p = train.forwardInBatches(model.eval(), x, 10);
  assert.equal(p.shape[0], 64);
  assert.ok(!model.scale!.isDisposed);
});
