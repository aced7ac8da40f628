import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { checkInteger, checkNonNegative, checkOneOf } from './hyper-params.js';
import { Optimizer } from './optimizer.js';
import { isPlainObject } from './state-utils.js';
import { checkOptions } from '../option-keys.js';

/** Options of `ReduceLROnPlateau` (defaults are PyTorch's). */
export interface ReduceLROnPlateauOptions {
  /** `'min'`: reduce when the metric stops decreasing (losses); `'max'`: stops increasing (AUC). Default 'min'. */
  mode?: 'min' | 'max';
  /** Multiplier applied to the lr on a plateau, in (0, 1). Default 0.1. */
  factor?: number;
  /** Epochs without improvement tolerated before reducing. Default 10. */
  patience?: number;
  /** Minimum change that counts as an improvement. Default 1e-4. */
  threshold?: number;
  /** `'rel'`: improvement beyond best·(1 ∓ threshold); `'abs'`: beyond best ∓ threshold. Default 'rel'. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again. Default 0. */
  cooldown?: number;
  /** Lower bound on the lr: one value, or one per parameter group. Default 0. */
  minLr?: number | readonly number[];
  /** A reduction smaller than eps is skipped. Default 1e-8. */
  eps?: number;
}

/** A serialisable snapshot of `ReduceLROnPlateau`. */
export interface ReduceLROnPlateauStateDict {
  /** Best metric so far; null before the first `step`. */
  best: number | null;
  numBadEpochs: number;
  cooldownCounter: number;
  lastEpoch: number;
}

/**
 * Reduce each group's learning rate by `factor` when a monitored metric has not improved for more
 * than `patience` epochs (PyTorch 1.13 `ReduceLROnPlateau`): `lr ← max(lr·factor, minLr)`, skipped
 * when the change is below `eps`; then wait `cooldown` epochs. A NaN metric never counts as an
 * improvement (as in PyTorch).
 * @param optimizer the optimizer whose groups it drives.
 * @param options see `ReduceLROnPlateauOptions`.
 * @throws ValueError for an unknown mode/thresholdMode, factor outside (0, 1), negative patience,
 *   threshold, cooldown, minLr or eps, or a minLr list whose length is not the number of groups.
 * @example
 * const sched = new optim.ReduceLROnPlateau(opt, { mode: 'min', patience: 5 });
 * for (let epoch = 0; epoch < 100; epoch++) { trainOneEpoch(); sched.step(validationLoss()); }
 */
export class ReduceLROnPlateau {
  readonly optimizer: Optimizer;
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  /** Best metric so far (±Infinity before the first step). */
  best: number;
  /** Consecutive epochs without improvement. */
  numBadEpochs = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** Number of `step` calls so far. */
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: Optimizer, options: ReduceLROnPlateauOptions = {}) {
    const who = 'ReduceLROnPlateau: ';
    checkOptions('ReduceLROnPlateau', options, { mode: true, factor: true, patience: true, threshold: true, thresholdMode: true, cooldown: true, minLr: true, eps: true } satisfies Record<keyof Required<ReduceLROnPlateauOptions>, true>);
    if (!(optimizer instanceof Optimizer)) {
      throw new ValueError(`${who}optimizer must be an optim.Optimizer (SGD, Adam, AdamW, …). Received: ${typeof optimizer}.`);
    }
    const mode = options.mode ?? 'min';
    const thresholdMode = options.thresholdMode ?? 'rel';
    const factor = options.factor ?? 0.1;
    checkOneOf(who, 'mode', mode, ['min', 'max']);
    checkOneOf(who, 'thresholdMode', thresholdMode, ['rel', 'abs']);
    if (typeof factor !== 'number' || !(factor > 0 && factor < 1)) {
      throw new ValueError(`${who}factor must be in (0, 1). Received: factor=${String(factor)}.`);
    }
    checkInteger(who, 'patience', options.patience ?? 10, 0);
    checkNonNegative(who, 'threshold', options.threshold ?? 1e-4);
    checkInteger(who, 'cooldown', options.cooldown ?? 0, 0);
    checkNonNegative(who, 'eps', options.eps ?? 1e-8);
    const nGroups = optimizer.paramGroups.length;
    const minLr = options.minLr ?? 0;
    let minLrs: number[];
    if (Array.isArray(minLr)) {
      if (minLr.length !== nGroups) {
        throw new ValueError(`${who}minLr must have one value per parameter group (${nGroups}). Received: ${minLr.length} values.`);
      }
      minLrs = [...(minLr as readonly number[])];
    } else {
      minLrs = new Array<number>(nGroups).fill(minLr as number);
    }
    minLrs.forEach((v, i) => checkNonNegative(who, `minLr[${i}]`, v));
    this.optimizer = optimizer;
    this.mode = mode;
    this.factor = factor;
    this.patience = options.patience ?? 10;
    this.threshold = options.threshold ?? 1e-4;
    this.thresholdMode = thresholdMode;
    this.cooldown = options.cooldown ?? 0;
    this.minLrs = minLrs;
    this.eps = options.eps ?? 1e-8;
    this.best = mode === 'min' ? Infinity : -Infinity;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * Record one epoch's metric and reduce the learning rates if it has plateaued.
   * @param metric the monitored value (a number or a one-element tensor).
   */
  step(metric: number | Tensor): void {
    const current = metric instanceof Tensor ? metric.item() : metric;
    this.lastEpoch += 1;
    if (this.isBetter(current)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad epochs during cooldown are ignored
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The learning rates after the last `step()`. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** A snapshot for checkpointing (JSON-safe: `best` is null before the first step). */
  stateDict(): ReduceLROnPlateauStateDict {
    return {
      best: Number.isFinite(this.best) ? this.best : null,
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastEpoch: this.lastEpoch,
    };
  }

  /**
   * Restore a snapshot made by `stateDict()`.
   * @throws ValueError when a field is missing or not a number of the right kind.
   */
  loadStateDict(stateDict: ReduceLROnPlateauStateDict): void {
    const s = stateDict as unknown;
    const ok = isPlainObject(s) && (s['best'] === null || typeof s['best'] === 'number')
      && ['numBadEpochs', 'cooldownCounter', 'lastEpoch'].every((k) => Number.isInteger(s[k]) && (s[k] as number) >= 0);
    if (!ok) {
      throw new ValueError('ReduceLROnPlateau.loadStateDict: expected { best: number | null, numBadEpochs, cooldownCounter, lastEpoch } from stateDict().');
    }
    this.best = stateDict.best ?? (this.mode === 'min' ? Infinity : -Infinity);
    this.numBadEpochs = stateDict.numBadEpochs;
    this.cooldownCounter = stateDict.cooldownCounter;
    this.lastEpoch = stateDict.lastEpoch;
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  private isBetter(a: number): boolean {
    const best = this.best;
    if (this.mode === 'min') {
      return this.thresholdMode === 'rel' ? a < best * (1 - this.threshold) : a < best - this.threshold;
    }
    return this.thresholdMode === 'rel' ? a > best * (this.threshold + 1) : a > best + this.threshold;
  }

  private reduceLr(): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      const oldLr = group.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]!);
      if (oldLr - newLr > this.eps) group.lr = newLr;
    });
  }
}
