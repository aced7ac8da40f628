import { ValueError, ShapeError } from '../errors.js';
import { checkOptions } from '../option-keys.js';
import type { AnyModule } from '../nn/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import { ReduceLROnPlateau } from '../optim/reduce-lr-on-plateau.js';
import type { LRScheduler } from '../optim/lr-scheduler.js';
import { Generator, getGenerator, manualSeed } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { identityOrder } from './batches.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { runStepCheck } from './step-check.js';
import { trainStep } from './train-step.js';
import { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
import type { EpochLog, History, NonFiniteAt, StopReason } from './history.js';
import { evaluateLoss, validationMetrics, type OutputActivation } from './evaluate.js';
import { checkFiniteInput, firstNonFiniteState, NonFiniteTrainingError } from './non-finite.js';
import { createProgress, type ProgressMode } from './progress.js';
import { restoreWeights, snapshotWeights, type WeightsSnapshot } from './weights.js';
import { forwardInBatches } from './forward-batches.js';

/** A loss: a function or a loss module with `forward(input, target)`. */
export type LossLike = ((input: Tensor, target: Tensor) => Tensor) | { forward(input: Tensor, target: Tensor): Tensor };

/** A batch transformation applied in training only (see augmentation). */
export type Augment = (x: Tensor, y: Tensor, generator: Generator) => { x: Tensor; y: Tensor };

/** Hooks called by `fit`. Returning 'stop' from `onEpochEnd` ends training after that epoch. */
export interface Callback {
  onEpochEnd?(log: EpochLog, model: AnyModule): void | 'stop';
}

/** Options of `fit`. */
export interface FitOptions {
  /** Training inputs, first dimension = rows. */
  x: Tensor;
  /** Training targets, first dimension = rows, shaped as the loss expects (e.g. [N, 1] for BCE on [N, 1] logits). */
  y: Tensor;
  /** Validation data, evaluated in eval mode after every epoch. */
  validationData?: { x: Tensor; y: Tensor };
  loss: LossLike;
  optimizer: Optimizer;
  /** Number of epochs. Default 10. */
  epochs?: number;
  /** Rows per batch. Default 32. A trailing batch of a single row is merged into the previous batch. */
  batchSize?: number;
  /** Reshuffle rows every epoch. Default true. */
  shuffle?: boolean;
  /**
   * Seed for shuffling and augmentation; when given, also `manualSeed(seed)` is called so dropout
   * masks repeat too. Default: one draw from the global generator, so `manualSeed(n)` before `fit`
   * makes the whole run (shuffles, dropout masks, augmentation) repeat.
   */
  seed?: number;
  /** Stepped once per epoch; ReduceLROnPlateau receives the validation loss (training loss without validation). */
  scheduler?: LRScheduler | ReduceLROnPlateau;
  earlyStopping?: EarlyStoppingOptions;
  /** Clip the global gradient norm to this value before each step. */
  maxGradNorm?: number;
  /** Validation metrics to compute each epoch (registry names: 'auc', 'brier', …). */
  metrics?: string[];
  /** How validation outputs become scores for metrics. Default 'sigmoid'. */
  outputActivation?: OutputActivation;
  augment?: Augment;
  callbacks?: Callback[];
  /** Default 'none' (library); the CLI passes 'auto'. */
  progress?: ProgressMode;
  /** Called after a new best epoch. */
  onBestEpoch?: (epoch: number, model: AnyModule, optimizer: Optimizer) => void;
  /**
   * Write a resumable checkpoint here (atomically) after every epoch: model, optimizer, history,
   * early-stopping and scheduler state, and the best epoch's weights.
   */
  checkpointDir?: string;
  /**
   * Resume from a checkpoint directory written by `checkpointDir`: training continues after its
   * last epoch. With the same `seed` the result equals an uninterrupted run (each epoch's shuffle
   * and dropout masks are seeded from (seed, epoch)).
   */
  resumeFrom?: string;
}

const FIT_KEYS = { x: true, y: true, validationData: true, loss: true, optimizer: true, epochs: true, batchSize: true, shuffle: true, seed: true, scheduler: true, earlyStopping: true, maxGradNorm: true, metrics: true, outputActivation: true, augment: true, callbacks: true, progress: true, onBestEpoch: true, checkpointDir: true, resumeFrom: true } as const satisfies Record<keyof Required<FitOptions>, true>;

/**
 * Train `model` with mini-batch gradient descent: train mode for steps, eval mode for validation,
 * early stopping from a monitor with a declared direction, restoring the best weights (parameters
 * and BatchNorm buffers) when asked, whether training stopped early or ran out of epochs.
 * Non-finite values never pass silently: a NaN/±Inf batch or validation loss stops training
 * (`stopReason: 'non-finite-loss'`), and so does a parameter or buffer that is not finite at the
 * end of an epoch (`'non-finite-parameters'`); `history.nonFinite` says where. The model then
 * gets the best weights back (with `restoreBestWeights`) or else the weights of the last epoch
 * that ended finite (`history.restoredFiniteEpoch`). The model is always left in eval mode.
 * @returns the History of the run.
 * @throws ValueError for bad options or NaN/±Inf in x, y or validationData; ShapeError when x and y row counts differ;
 * NonFiniteTrainingError (code `E_NON_FINITE`) when training diverged before any epoch ended
 * finite (the initial weights are restored).
 * @example
 * const history = fit(model, { x, y, validationData: { x: xv, y: yv }, loss: new nn.BCEWithLogitsLoss(),
 *   optimizer: new optim.AdamW(model.parameters(), { lr: 3e-4, weightDecay: 1e-4 }), epochs: 100,
 *   earlyStopping: { monitor: 'val_loss', patience: 10, restoreBestWeights: true } });
 */
export function fit(model: AnyModule, options: FitOptions): History {
  checkOptions('fit', options, FIT_KEYS);
  const { x, y, validationData, optimizer } = options;
  const epochs = options.epochs ?? 10;
  const batchSize = options.batchSize ?? 32;
  checkPositiveInt(epochs, 'epochs');
  checkPositiveInt(batchSize, 'batchSize');
  const n = checkRows(x, y, 'x', 'y');
  if (validationData !== undefined) checkRows(validationData.x, validationData.y, 'validationData.x', 'validationData.y');
  checkFiniteInput(x, 'x', 'fit');
  checkFiniteInput(y, 'y', 'fit');
  if (validationData !== undefined) {
    checkFiniteInput(validationData.x, 'validationData.x', 'fit');
    checkFiniteInput(validationData.y, 'validationData.y', 'fit');
  }
  const lossFn = typeof options.loss === 'function' ? options.loss : options.loss.forward.bind(options.loss);
  const metricNames = new Set(options.metrics ?? []);
  const stopper = options.earlyStopping !== undefined ? new EarlyStopping(options.earlyStopping) : undefined;
  if (stopper?.monitor.metric !== undefined) metricNames.add(stopper.monitor.metric);
  if (stopper !== undefined && stopper.monitor.name.startsWith('val_') && validationData === undefined) {
    throw new ValueError(`fit: earlyStopping monitors '${stopper.monitor.name}' but no validationData was given.`);
  }
  // Never Math.random(): without a seed the run follows the global generator that manualSeed sets.
  const baseSeed = options.seed ?? getGenerator().nextUint32();
  const progress = createProgress(options.progress ?? 'none', epochs);
  let logs: EpochLog[] = [];
  let best: WeightsSnapshot | undefined;
  let stopReason: StopReason = 'completed';
  let nonFinite: NonFiniteAt | undefined;
  let firstEpoch = 0;
  // The weights at the end of the last epoch that ended finite (or the initial ones): what a
  // non-finite stop without best weights falls back to.
  let lastFiniteEpoch: number | undefined;
  if (options.resumeFrom !== undefined) {
    const resumed = loadCheckpoint(options.resumeFrom, model, optimizer);
    logs = resumed.state.logs;
    firstEpoch = resumed.state.epoch + 1;
    best = resumed.best;
    lastFiniteEpoch = resumed.state.epoch;
    if (stopper !== undefined && resumed.state.stopper !== null) Object.assign(stopper, resumed.state.stopper);
    if (options.scheduler !== undefined && resumed.state.scheduler !== null) {
      (options.scheduler as { loadStateDict(s: unknown): void }).loadStateDict(resumed.state.scheduler);
    }
  }

  let lastFinite = snapshotWeights(model);
  try {
    for (let epoch = firstEpoch; epoch < epochs; epoch++) {
      const t0 = performance.now();
      const lr = optimizer.paramGroups[0]?.lr ?? NaN;
      // Every epoch draws from a stream fixed by (seed, epoch), so a resumed run repeats an uninterrupted one.
      const epochSeed = (Math.imul(baseSeed >>> 0, 0x9e3779b1) + epoch) >>> 0;
      if (options.seed !== undefined) manualSeed(epochSeed);
      const generator = new Generator(epochSeed);
      const order = (options.shuffle ?? true) ? generator.permutation(n) : identityOrder(n);
      model.train();
      let lossSum = 0;
      let lastBatch = 0;
      let lastLoss = NaN;
      for (let start = 0, batch = 0; start < n; start += batchSize, batch++) {
        lastBatch = batch;
        // A trailing batch of one row is merged into the one before, so BatchNorm always sees ≥ 2 rows.
        let end = Math.min(n, start + batchSize);
        if (n - end === 1) end = n;
        const value = trainStep(model, optimizer, {
          x, y, order, start, end, loss: lossFn, augment: options.augment, generator, maxGradNorm: options.maxGradNorm, lossModule: options.loss,
        });
        runStepCheck();
        if (!Number.isFinite(value)) {
          nonFinite = { epoch, batch, loss: value, phase: 'training' };
          break;
        }
        lastLoss = value;
        lossSum += value * (end - start);
        if (end === n) break;
      }
      if (nonFinite !== undefined) {
        stopReason = 'non-finite-loss';
        break;
      }
      const badState = firstNonFiniteState(model);
      if (badState !== undefined) {
        nonFinite = { epoch, batch: lastBatch, loss: lastLoss, phase: 'parameters', parameter: badState };
        stopReason = 'non-finite-parameters';
        break;
      }
      model.eval();
      const log: EpochLog = { epoch, trainLoss: lossSum / n, valMetrics: {}, lr, seconds: 0 };
      if (validationData !== undefined) {
        // In chunks: the activations of every validation row at once can outweigh the data.
        const outputs = forwardInBatches(model, validationData.x);
        log.valLoss = evaluateLoss(lossFn, outputs, validationData.y);
        if (!Number.isFinite(log.valLoss)) {
          nonFinite = { epoch, batch: lastBatch, loss: log.valLoss, phase: 'validation' };
          stopReason = 'non-finite-loss';
          break;
        }
        log.valMetrics = validationMetrics([...metricNames], outputs, validationData.y, options.outputActivation ?? 'sigmoid');
      }
      log.seconds = (performance.now() - t0) / 1000;
      logs.push(log);
      lastFinite = snapshotWeights(model, lastFinite);
      lastFiniteEpoch = epoch;
      progress.epochEnd(log, epochs);
      stepScheduler(options.scheduler, log);
      let stop = false;
      if (stopper !== undefined) {
        const r = stopper.update(log);
        if (r.improved) {
          if (stopper.restoreBestWeights) best = snapshotWeights(model, best);
          options.onBestEpoch?.(epoch, model, optimizer);
        }
        stop = r.stop;
      }
      for (const cb of options.callbacks ?? []) if (cb.onEpochEnd?.(log, model) === 'stop') stop = true;
      if (options.checkpointDir !== undefined) {
        const stopperState = stopper === undefined ? null : { best: stopper.best, bestEpoch: stopper.bestEpoch, wait: stopper.wait };
        const schedulerState = options.scheduler === undefined ? null : (options.scheduler.stateDict() as unknown as Record<string, unknown>);
        saveCheckpoint(options.checkpointDir, model, optimizer, { epoch, logs, stopper: stopperState, scheduler: schedulerState }, best);
      }
      if (stop) {
        stopReason = 'early-stopping';
        break;
      }
    }
  } finally {
    progress.stop();
    model.eval();
  }
  const restored = best !== undefined;
  if (best !== undefined) restoreWeights(model, best);
  else if (nonFinite !== undefined) restoreWeights(model, lastFinite);
  const history: History = {
    epochs: logs,
    bestEpoch: stopper?.bestEpoch,
    bestValue: stopper?.best,
    monitor: stopper?.monitor.name,
    stoppedEpoch: nonFinite?.epoch ?? Math.max(0, logs.length - 1),
    stopReason,
    restoredBestWeights: restored,
  };
  if (nonFinite !== undefined) {
    history.nonFinite = nonFinite;
    if (!restored && lastFiniteEpoch !== undefined) history.restoredFiniteEpoch = lastFiniteEpoch;
    if (!restored && lastFiniteEpoch === undefined) {
      throw new NonFiniteTrainingError(stopReason as 'non-finite-loss' | 'non-finite-parameters', nonFinite, history);
    }
  }
  return history;
}

function stepScheduler(scheduler: LRScheduler | ReduceLROnPlateau | undefined, log: EpochLog): void {
  if (scheduler === undefined) return;
  if (scheduler instanceof ReduceLROnPlateau) scheduler.step(log.valLoss ?? log.trainLoss);
  else scheduler.step();
}

function checkPositiveInt(v: number, name: string): void {
  if (!Number.isInteger(v) || v <= 0) throw new ValueError(`fit: ${name} must be a positive integer. Received: ${name}=${v}.`);
}

function checkRows(x: Tensor, y: Tensor, xName: string, yName: string): number {
  if (x.ndim === 0 || y.ndim === 0) throw new ShapeError(`fit: ${xName} and ${yName} need a first (row) dimension. Received: ${xName} [${x.shape.join(', ')}], ${yName} [${y.shape.join(', ')}].`);
  if (x.shape[0] !== y.shape[0]) {
    throw new ShapeError(`fit: ${xName} and ${yName} must have the same number of rows. Received: ${x.shape[0]} and ${y.shape[0]}.`);
  }
  if (x.shape[0] === 0) throw new ValueError(`fit: ${xName} has no rows.`);
  return x.shape[0]!;
}
