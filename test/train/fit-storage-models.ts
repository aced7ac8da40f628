// Three seeded fits whose results pin the training step's arithmetic: the seed MLP (BatchNorm,
// dropout, AdamW), a tabular Transformer (attention, LayerNorm, GELU) and a user module made of
// tensor ops (matmul, add, tanh, mul, sub, mean). Shared by fit-storage.test.ts and by
// fit-storage-reference.ts, which wrote fixtures/fit-storage.json with the engine before the
// storage pool (commit 3d8d51f, CLINREG_KERNELS=ts).
import { Generator, Tensor, add, matmul, mean, mul, nn, optim, randn, sub, tanh, train, manualSeed } from '../../src/index.js';

/** Synthetic data: 12 features, binary label from a linear signal plus an interaction. */
export function synthetic(n: number, seed: number): { x: Tensor; y: Tensor } {
  const g = new Generator(seed);
  const x = new Float32Array(n * 12);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 12; j++) x[i * 12 + j] = g.normal();
    const r = i * 12;
    const logit = 1.5 * x[r]! - 1.2 * x[r + 1]! + x[r + 2]! * x[r + 3]!;
    y[i] = g.random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { x: new Tensor(x, [n, 12]), y: new Tensor(y, [n, 1]) };
}

/** A user module written with tensor ops only (no fused layer). */
class OpsModel extends nn.Module<[Tensor], Tensor> {
  declare w1: Tensor;
  declare b1: Tensor;
  declare w2: Tensor;
  constructor() {
    super();
    this.registerParameter('w1', mul(randn([12, 16]), 0.3).detach().requiresGrad_());
    this.registerParameter('b1', mul(randn([16]), 0.1).detach().requiresGrad_());
    this.registerParameter('w2', mul(randn([16, 1]), 0.3).detach().requiresGrad_());
  }
  forward(x: Tensor): Tensor {
    const h = tanh(add(matmul(x, this.w1), this.b1));
    const centred = sub(h, mean(h, 0, true));
    return matmul(mul(centred, 1.5), this.w2);
  }
}

/** The models the fixture covers, each built after `manualSeed(seed)`. */
export const MODELS = {
  mlp: (): nn.Module<[Tensor], Tensor> =>
    new nn.Sequential(new nn.Linear(12, 32), new nn.BatchNorm1d(32), new nn.ReLU(), new nn.Dropout(0.3), new nn.Linear(32, 1)) as unknown as nn.Module<[Tensor], Tensor>,
  transformer: (): nn.Module<[Tensor], Tensor> => new nn.TabularTransformer({ nNumeric: 12, dToken: 8, nLayers: 1, nHeads: 2, dFfn: 16, dropout: 0.1 }) as unknown as nn.Module<[Tensor], Tensor>,
  ops: (): nn.Module<[Tensor], Tensor> => new OpsModel(),
} as const;

/** What a fit leaves: the loss of every epoch and every parameter's values. */
export interface FitOutcome {
  trainLoss: number[];
  parameters: number[][];
}

/** Fit model `name` on 150 synthetic rows for 3 epochs (batch 32, AdamW, seed 11). */
export function runFit(name: keyof typeof MODELS): FitOutcome {
  manualSeed(11);
  const model = MODELS[name]();
  const data = synthetic(150, 5);
  const history = train.fit(model, {
    x: data.x,
    y: data.y,
    loss: new nn.BCEWithLogitsLoss(),
    optimizer: new optim.AdamW(model.parameters(), { lr: 0.01 }),
    epochs: 3,
    batchSize: 32,
    seed: 11,
  });
  return { trainLoss: history.epochs.map((e) => e.trainLoss), parameters: [...model.parameters()].map((p) => Array.from(p.data)) };
}
