import { ValueError } from '../errors.js';
import type { Recalibration } from '../io/recalibration.js';
import { binaryCrossEntropyWithLogits } from '../nn/functional/binary-cross-entropy-with-logits.js';
import type { Sequential } from '../nn/sequential.js';
import { AdamW } from '../optim/adamw.js';
import { Generator } from '../stats/random.js';
import { noGrad } from '../tensor/autograd.js';
import { Tensor } from '../tensor/tensor.js';
import { outputLayer } from './model-logits.js';

/** Options of {@link fineTune}. */
export interface FineTuneOptions {
  /** AdamW learning rate. Default 1e-4 (small: the network starts from a good solution). */
  lr?: number;
  /** AdamW weight decay. Default 0. */
  weightDecay?: number;
  /** Maximum full-batch epochs. Default 200. */
  epochs?: number;
  /** Early-stopping patience on the held-out local rows' loss. Default 20. */
  patience?: number;
  /** Share of local rows held out (stratified by outcome) for early stopping. Default 0.3. */
  validationShare?: number;
  /** Seed of the held-out split. Default 0. */
  seed?: number;
}

/** What {@link fineTune} did. */
export interface FineTuneResult {
  /** Epochs run and the epoch whose weights were kept (0: the starting weights). */
  epochs: number;
  bestEpoch: number;
  /** Held-out local loss of the starting and of the kept weights. */
  startLoss: number;
  bestLoss: number;
}

/**
 * Fine-tune every weight of a network on local patients with early stopping (Steyerberg ch. 20's
 * "model revision" for a network), in place. A stored recalibration is first folded into the
 * output layer (w ← b·w, bias ← a + b·bias) so training starts from the deployed predictions. The
 * network stays in eval mode (BatchNorm keeps its development statistics, dropout is off): with a
 * few dozen patients, batch statistics would be noise. Full-batch AdamW on the BCE of a stratified
 * training part; the weights of the epoch with the lowest loss on the held-out part are kept
 * (epoch 0 = no change, so fine-tuning never makes the held-out loss worse).
 * @param model a Sequential ending in Linear(k, 1) (modified in place).
 * @param x preprocessed local rows [m, F] (row-major). @param y their 0/1 outcomes.
 * @param recalibration the model's stored recalibration, or null.
 * @throws ValueError for an architecture without a Linear(k, 1) output, too few rows of a class to hold some out, or bad options.
 * @example const r = fineTune(model, x, y, loaded.recalibration, { lr: 1e-4 });
 */
export function fineTune(model: Sequential, x: Float32Array, y: ArrayLike<number>, recalibration: Recalibration | null, options: FineTuneOptions = {}): FineTuneResult {
  const last = outputLayer(model);
  if (last === null) throw new ValueError('fineTune: the model must be a Sequential ending in Linear(k, 1).');
  const m = y.length;
  const f = x.length / m;
  if (!Number.isInteger(f) || m < 4) throw new ValueError(`fineTune: x must hold ${m} rows of equal width and m ≥ 4. Received: x.length=${x.length}, m=${m}.`);
  const share = options.validationShare ?? 0.3;
  if (!(share > 0 && share < 1)) throw new ValueError(`fineTune: validationShare must be in (0, 1). Received: ${share}.`);
  if (recalibration !== null) {
    const w = last.weight.data;
    for (let j = 0; j < w.length; j++) w[j] = recalibration.slope * w[j]!;
    last.bias!.data[0] = recalibration.intercept + recalibration.slope * last.bias!.data[0]!;
  }
  const g = new Generator(options.seed ?? 0);
  const train: number[] = [];
  const val: number[] = [];
  for (const cls of [0, 1]) {
    const idx = Array.from({ length: m }, (_, i) => i).filter((i) => y[i] === cls);
    const perm = g.permutation(idx.length);
    const nVal = Math.round(idx.length * share);
    if (nVal < 1 || nVal >= idx.length) throw new ValueError(`fineTune: needs at least 2 patients of each outcome to hold some out. Received: ${idx.length} with outcome ${cls}.`);
    perm.forEach((k, r) => (r < nVal ? val : train).push(idx[k]!));
  }
  const rows = (idx: number[]): Tensor => new Tensor(Float32Array.from({ length: idx.length * f }, (_, k) => x[idx[Math.floor(k / f)]! * f + (k % f)]!), [idx.length, f]);
  const labels = (idx: number[]): Tensor => new Tensor(Float32Array.from(idx, (i) => y[i]!), [idx.length, 1]);
  const xt = rows(train);
  const yt = labels(train);
  const xv = rows(val);
  const yv = labels(val);
  model.eval();
  const valLoss = (): number => noGrad(() => binaryCrossEntropyWithLogits(model.forward(xv), yv).item());
  const snapshot = (): Float32Array[] => [...model.stateDict().values()].map((t) => Float32Array.from(t.data));
  const optimizer = new AdamW(model.parameters(), { lr: options.lr ?? 1e-4, weightDecay: options.weightDecay ?? 0 });
  const startLoss = valLoss();
  let best = { loss: startLoss, epoch: 0, state: snapshot() };
  const maxEpochs = options.epochs ?? 200;
  const patience = options.patience ?? 20;
  let epoch = 0;
  while (epoch < maxEpochs && epoch - best.epoch < patience) {
    epoch++;
    optimizer.zeroGrad();
    binaryCrossEntropyWithLogits(model.forward(xt), yt).backward();
    optimizer.step();
    const v = valLoss();
    if (v < best.loss) best = { loss: v, epoch, state: snapshot() };
  }
  [...model.stateDict().values()].forEach((t, k) => t.data.set(best.state[k]!));
  return { epochs: epoch, bestEpoch: best.epoch, startLoss, bestLoss: best.loss };
}
