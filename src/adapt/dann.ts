import { ShapeError, ValueError } from '../errors.js';
import { ReLU } from '../nn/activation.js';
import { BatchNorm1d } from '../nn/batchnorm.js';
import { Dropout } from '../nn/dropout.js';
import { GradientReversal } from '../nn/gradient-reversal.js';
import { Linear } from '../nn/linear.js';
import { binaryCrossEntropyWithLogits } from '../nn/functional/binary-cross-entropy-with-logits.js';
import { crossEntropy } from '../nn/functional/cross-entropy.js';
import { Sequential, type TensorModule } from '../nn/sequential.js';
import { AdamW } from '../optim/adamw.js';
import { concat } from '../tensor/ops/concat.js';
import { slice } from '../tensor/ops/slice.js';
import { Generator, manualSeed } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { takeRows } from '../train/batches.js';

/** Options of `trainDann`. */
export interface DannOptions {
  /** Labelled source rows [N, F] and their 0/1 labels [N, 1]. */
  xSource: Tensor;
  ySource: Tensor;
  /** Domain (site) index of each source row, in [0, nDomains). */
  domainSource: ArrayLike<number>;
  /** Unlabelled target rows [M, F] (the new hospital) and their domain index. */
  xTarget: Tensor;
  domainTarget: ArrayLike<number>;
  /** Number of domains the domain classifier tells apart. */
  nDomains: number;
  /** Feature-extractor widths (Linear → BatchNorm1d → ReLU → Dropout each). Default [64, 32]. */
  hiddenSizes?: readonly number[];
  /** Dropout in the extractor. Default 0.3. */
  dropout?: number;
  epochs?: number;
  batchSize?: number;
  /** AdamW learning rate (default 3e-4) and weight decay (default 1e-4), the seed's. */
  lr?: number;
  weightDecay?: number;
  /** Largest λ of the schedule; the weight of the domain loss is 1. Default 1. */
  lambdaMax?: number;
  seed?: number;
}

/** One epoch of DANN training. */
export interface DannEpoch {
  epoch: number;
  labelLoss: number;
  domainLoss: number;
  /** λ at the end of the epoch. */
  lambda: number;
}

/** The trained parts; `model` (extractor + label head) is what predicts. */
export interface DannResult {
  /** Feature extractor followed by the label head: logits [N, 1]; in eval mode. */
  model: Sequential;
  featureExtractor: Sequential;
  labelHead: Linear;
  domainClassifier: Sequential;
  history: DannEpoch[];
}

/**
 * Domain-adversarial training (DANN; Ganin et al., JMLR 2016): a feature extractor feeds a label
 * head (BCE on labelled source rows) and, through a gradient-reversal layer, a domain classifier
 * (cross-entropy over sites, on source and unlabelled target rows). The reversed gradient pushes
 * the extractor towards features the domain classifier cannot use, i.e. features shared by the
 * hospitals. λ follows 2/(1 + e^(−10p)) − 1 as training progress p goes from 0 to 1 (scaled by
 * lambdaMax). Each step pairs a source batch with a target batch of the same size (cycled).
 * @throws ValueError for bad sizes or domain indices; ShapeError for mismatched inputs.
 * @example const { model } = trainDann({ xSource, ySource, domainSource, xTarget, domainTarget, nDomains: 4 });
 */
export function trainDann(options: DannOptions): DannResult {
  const { xSource, ySource, xTarget, nDomains } = options;
  const n = xSource.shape[0]!;
  const m = xTarget.shape[0]!;
  if (xSource.ndim !== 2 || xTarget.ndim !== 2 || xSource.shape[1] !== xTarget.shape[1]) {
    throw new ShapeError(`trainDann: xSource and xTarget must be [N, F] with the same F. Received: [${xSource.shape.join(', ')}] and [${xTarget.shape.join(', ')}].`);
  }
  if (ySource.shape[0] !== n || ySource.size !== n) throw new ShapeError(`trainDann: ySource must be [${n}, 1]. Received: [${ySource.shape.join(', ')}].`);
  if (!Number.isInteger(nDomains) || nDomains < 2) throw new ValueError(`trainDann: nDomains must be an integer ≥ 2. Received: nDomains=${nDomains}.`);
  const dSource = checkDomains(options.domainSource, n, nDomains, 'domainSource');
  const dTarget = checkDomains(options.domainTarget, m, nDomains, 'domainTarget');
  if (n < 2 || m < 2) throw new ValueError(`trainDann: needs at least 2 source and 2 target rows. Received: ${n} and ${m}.`);
  const epochs = options.epochs ?? 50;
  const batchSize = Math.min(options.batchSize ?? 32, n);
  const lambdaMax = options.lambdaMax ?? 1;
  const seed = options.seed ?? 0;
  manualSeed(seed);
  const g = new Generator(seed);

  const layers: TensorModule[] = [];
  let width = xSource.shape[1]!;
  for (const h of options.hiddenSizes ?? [64, 32]) {
    layers.push(new Linear(width, h), new BatchNorm1d(h), new ReLU(), new Dropout(options.dropout ?? 0.3));
    width = h;
  }
  const featureExtractor = new Sequential(...layers);
  const labelHead = new Linear(width, 1);
  const grl = new GradientReversal(0);
  const domainClassifier = new Sequential(new Linear(width, 32), new ReLU(), new Linear(32, nDomains));
  const params = [...featureExtractor.parameters(), ...labelHead.parameters(), ...domainClassifier.parameters()];
  const optimizer = new AdamW(params, { lr: options.lr ?? 3e-4, weightDecay: options.weightDecay ?? 1e-4 });

  const stepsPerEpoch = Math.ceil(n / batchSize);
  const totalSteps = epochs * stepsPerEpoch;
  const history: DannEpoch[] = [];
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    featureExtractor.train();
    const order = g.permutation(n);
    const targetOrder = g.permutation(m);
    let labelSum = 0;
    let domainSum = 0;
    for (let b = 0; b < stepsPerEpoch; b++) {
      const start = b * batchSize;
      let end = Math.min(n, start + batchSize);
      if (n - end === 1) end = n;
      const k = end - start;
      const tIdx = Int32Array.from({ length: k }, (_, i) => targetOrder[(start + i) % m]!);
      grl.lambda = lambdaMax * (2 / (1 + Math.exp((-10 * step) / Math.max(1, totalSteps - 1))) - 1);
      const xs = takeRows(xSource, order, start, end);
      const ys = takeRows(ySource, order, start, end);
      const xt = takeRows(xTarget, tIdx, 0, k);
      const domains = new Int32Array(2 * k);
      for (let i = 0; i < k; i++) {
        domains[i] = dSource[order[start + i]!]!;
        domains[k + i] = dTarget[tIdx[i]!]!;
      }
      optimizer.zeroGrad();
      const features = featureExtractor.forward(concat([xs, xt], 0));
      const sourceFeatures = slice(features, 0, 0, k);
      const labelLoss = binaryCrossEntropyWithLogits(labelHead.forward(sourceFeatures), ys);
      const domainLoss = crossEntropy(domainClassifier.forward(grl.forward(features)), domains);
      labelLoss.add(domainLoss).backward();
      optimizer.step();
      labelSum += labelLoss.item() * k;
      domainSum += domainLoss.item() * k;
      step++;
      if (end === n) break;
    }
    history.push({ epoch, labelLoss: labelSum / n, domainLoss: domainSum / n, lambda: grl.lambda });
  }
  const model = new Sequential(...featureExtractor.children() as TensorModule[], labelHead);
  model.eval();
  domainClassifier.eval();
  return { model, featureExtractor, labelHead, domainClassifier, history };
}

function checkDomains(values: ArrayLike<number>, n: number, nDomains: number, name: string): Int32Array {
  if (values.length !== n) throw new ShapeError(`trainDann: ${name} needs one domain per row (${n}). Received: ${values.length}.`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= nDomains) throw new ValueError(`trainDann: ${name}[${i}] must be an integer in [0, ${nDomains}). Received: ${v}.`);
    out[i] = v;
  }
  return out;
}
