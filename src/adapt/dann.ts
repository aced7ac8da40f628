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
import { noGrad } from '../tensor/autograd.js';
import { concat } from '../tensor/ops/concat.js';
import { slice } from '../tensor/ops/slice.js';
import { Generator, manualSeed } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { takeRows } from '../train/batches.js';
import { restoreState, snapshotState, type StateSnapshot } from './state-snapshot.js';

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
  /**
   * Labelled SOURCE validation rows [V, F] and labels [V, 1] for early stopping and model selection
   * (never target labels). Default: a seeded fifth of the source rows is held out.
   */
  xVal?: Tensor;
  yVal?: Tensor;
  /** Feature-extractor widths (Linear → BatchNorm1d → ReLU → Dropout each). Default [64, 32]. */
  hiddenSizes?: readonly number[];
  /** Dropout in the extractor. Default 0.3. */
  dropout?: number;
  /** Maximum epochs of the adversarial phase. Default 50. */
  epochs?: number;
  /** Maximum epochs of the warm-up phase (λ = 0: the label task alone). Default 20. */
  warmupEpochs?: number;
  /** Early-stopping patience (epochs without a lower source validation loss), in both phases. Default 10. */
  patience?: number;
  batchSize?: number;
  /** AdamW learning rate (default 3e-4) and weight decay (default 1e-4), the seed's. */
  lr?: number;
  weightDecay?: number;
  /** Largest λ of the schedule; the weight of the domain loss is 1. Default 1. */
  lambdaMax?: number;
  /**
   * Label-free model selection: the adversarial model is kept only when its best source validation
   * loss is at most (1 + tolerance) × the warm-up model's; otherwise the warm-up (non-adversarial)
   * model is returned and `selected` says so. Default 0.02.
   */
  selectionTolerance?: number;
  seed?: number;
}

/** One epoch of DANN training. */
export interface DannEpoch {
  epoch: number;
  phase: 'warm-up' | 'adversarial';
  labelLoss: number;
  /** Mean domain cross-entropy (0 in the warm-up, where only source rows pass and the domain classifier does not train). */
  domainLoss: number;
  /** Source validation BCE after the epoch (eval mode). */
  valLoss: number;
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
  /** Which checkpoint the label-free rule kept: the adversarial one, or the warm-up one (adaptation rejected). */
  selected: 'adversarial' | 'warm-up';
  /** Epoch (index into history) of the returned weights. */
  bestEpoch: number;
  /** Best source validation loss of each phase. */
  warmupValLoss: number;
  adversarialValLoss: number;
}

/**
 * Domain-adversarial training (DANN; Ganin et al., JMLR 2016) with the safeguards it needs on
 * small clinical data: a feature extractor feeds a label head (BCE on labelled source rows) and,
 * through a gradient-reversal layer, a domain classifier (cross-entropy over sites, on source and
 * unlabelled target rows). Training runs in two phases: a warm-up on source rows alone (the
 * label task; target rows do not even touch BatchNorm's statistics), then the adversarial phase with λ = lambdaMax·(2/(1 + e^(−10p)) − 1) as its progress p
 * goes from 0 to 1. Each phase stops early on the SOURCE validation loss and restores its best
 * weights (adversarial checkpoints count once λ ≥ lambdaMax/2); the adversarial model is kept only when its source validation loss stays within
 * `selectionTolerance` of the warm-up model's (a selection rule that needs no target labels:
 * adversarial features that lose outcome information on held-out source rows are rejected).
 * Each step pairs a source batch with a target batch of the same size (cycled).
 * @throws ValueError for bad sizes or domain indices; ShapeError for mismatched inputs.
 * @example const { model, selected } = trainDann({ xSource, ySource, domainSource, xTarget, domainTarget, nDomains: 4 });
 */
export function trainDann(options: DannOptions): DannResult {
  const { xTarget, nDomains } = options;
  const split = sourceSplit(options);
  const { xSource, ySource, xVal, yVal } = split;
  const n = xSource.shape[0]!;
  const m = xTarget.shape[0]!;
  const dSource = split.domains;
  const dTarget = checkDomains(options.domainTarget, m, nDomains, 'domainTarget');
  const batchSize = Math.min(options.batchSize ?? 32, n);
  const lambdaMax = options.lambdaMax ?? 1;
  const patience = options.patience ?? 10;
  const tolerance = options.selectionTolerance ?? 0.02;
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
  const predictor = new Sequential(...featureExtractor.children() as TensorModule[], labelHead);
  const modules = [featureExtractor, labelHead, domainClassifier];
  const valLoss = (): number => {
    predictor.eval();
    const loss = noGrad(() => binaryCrossEntropyWithLogits(predictor.forward(xVal), yVal).item());
    predictor.train();
    return loss;
  };

  const stepsPerEpoch = Math.ceil(n / batchSize);
  const history: DannEpoch[] = [];
  const runPhase = (phase: DannEpoch['phase'], maxEpochs: number): { loss: number; epoch: number; state: StateSnapshot } => {
    const totalSteps = maxEpochs * stepsPerEpoch;
    let step = 0;
    let best = { loss: Infinity, epoch: -1, state: snapshotState(modules) };
    let sinceBest = 0;
    for (let e = 0; e < maxEpochs && sinceBest < patience; e++) {
      featureExtractor.train();
      labelHead.train();
      domainClassifier.train();
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
        grl.lambda = phase === 'warm-up' ? 0 : lambdaMax * (2 / (1 + Math.exp((-10 * step) / Math.max(1, totalSteps - 1))) - 1);
        const xs = takeRows(xSource, order, start, end);
        const ys = takeRows(ySource, order, start, end);
        const xt = takeRows(xTarget, tIdx, 0, k);
        const domains = new Int32Array(2 * k);
        for (let i = 0; i < k; i++) {
          domains[i] = dSource[order[start + i]!]!;
          domains[k + i] = dTarget[tIdx[i]!]!;
        }
        optimizer.zeroGrad();
        if (phase === 'warm-up') {
          // Source rows only: target rows would move BatchNorm's running statistics, and the
          // warm-up model must be the plain (unadapted) network the selection rule falls back to.
          const labelLoss = binaryCrossEntropyWithLogits(labelHead.forward(featureExtractor.forward(xs)), ys);
          labelLoss.backward();
          optimizer.step();
          labelSum += labelLoss.item() * k;
        } else {
          const features = featureExtractor.forward(concat([xs, xt], 0));
          const labelLoss = binaryCrossEntropyWithLogits(labelHead.forward(slice(features, 0, 0, k)), ys);
          const domainLoss = crossEntropy(domainClassifier.forward(grl.forward(features)), domains);
          labelLoss.add(domainLoss).backward();
          optimizer.step();
          labelSum += labelLoss.item() * k;
          domainSum += domainLoss.item() * k;
        }
        step++;
        if (end === n) break;
      }
      const v = valLoss();
      history.push({ epoch: history.length, phase, labelLoss: labelSum / n, domainLoss: domainSum / n, valLoss: v, lambda: grl.lambda });
      // An adversarial checkpoint counts once λ is at least half its maximum: earlier epochs are
      // mostly more label training, and keeping one would call an unadapted model adapted.
      const counts = phase === 'warm-up' || grl.lambda >= lambdaMax / 2;
      if (!counts) continue;
      if (v < best.loss) {
        best = { loss: v, epoch: history.length - 1, state: snapshotState(modules) };
        sinceBest = 0;
      } else {
        sinceBest++;
      }
    }
    restoreState(modules, best.state);
    return best;
  };
  const warm = runPhase('warm-up', options.warmupEpochs ?? 20);
  const adv = runPhase('adversarial', options.epochs ?? 50);
  const keepAdversarial = adv.epoch >= 0 && adv.loss <= warm.loss * (1 + tolerance);
  if (!keepAdversarial) restoreState(modules, warm.state);
  predictor.eval();
  domainClassifier.eval();
  return {
    model: predictor, featureExtractor, labelHead, domainClassifier, history,
    selected: keepAdversarial ? 'adversarial' : 'warm-up', bestEpoch: keepAdversarial ? adv.epoch : warm.epoch,
    warmupValLoss: warm.loss, adversarialValLoss: adv.loss,
  };
}

/** The source rows to train on and the source validation rows (given, or a seeded fifth). */
function sourceSplit(o: DannOptions): { xSource: Tensor; ySource: Tensor; xVal: Tensor; yVal: Tensor; domains: Int32Array } {
  const { xSource, ySource, xTarget, nDomains } = o;
  const n = xSource.shape[0]!;
  if (xSource.ndim !== 2 || xTarget.ndim !== 2 || xSource.shape[1] !== xTarget.shape[1]) {
    throw new ShapeError(`trainDann: xSource and xTarget must be [N, F] with the same F. Received: [${xSource.shape.join(', ')}] and [${xTarget.shape.join(', ')}].`);
  }
  if (ySource.shape[0] !== n || ySource.size !== n) throw new ShapeError(`trainDann: ySource must be [${n}, 1]. Received: [${ySource.shape.join(', ')}].`);
  if (!Number.isInteger(nDomains) || nDomains < 2) throw new ValueError(`trainDann: nDomains must be an integer ≥ 2. Received: nDomains=${nDomains}.`);
  const domains = checkDomains(o.domainSource, n, nDomains, 'domainSource');
  if (n < 2 || xTarget.shape[0]! < 2) throw new ValueError(`trainDann: needs at least 2 source and 2 target rows. Received: ${n} and ${xTarget.shape[0]}.`);
  if ((o.xVal === undefined) !== (o.yVal === undefined)) throw new ValueError('trainDann: pass both xVal and yVal, or neither.');
  if (o.xVal !== undefined && o.yVal !== undefined) {
    const v = o.xVal.shape[0]!;
    if (o.xVal.ndim !== 2 || o.xVal.shape[1] !== xSource.shape[1] || o.yVal.size !== v || v < 1) {
      throw new ShapeError(`trainDann: xVal must be [V, ${xSource.shape[1]}] and yVal [V, 1]. Received: [${o.xVal.shape.join(', ')}] and [${o.yVal.shape.join(', ')}].`);
    }
    return { xSource, ySource, xVal: o.xVal, yVal: o.yVal, domains };
  }
  if (n < 10) throw new ValueError(`trainDann: needs at least 10 source rows to hold out a validation fifth (or pass xVal/yVal). Received: ${n}.`);
  const perm = new Generator((o.seed ?? 0) + 7_777).permutation(n);
  const nVal = Math.max(1, Math.round(n / 5));
  const val = perm.subarray(0, nVal);
  const train = perm.subarray(nVal);
  return {
    xSource: takeRows(xSource, train, 0, train.length), ySource: takeRows(ySource, train, 0, train.length),
    xVal: takeRows(xSource, val, 0, nVal), yVal: takeRows(ySource, val, 0, nVal), domains: Int32Array.from(train, (i) => domains[i]!),
  };
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
