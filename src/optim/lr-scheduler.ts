import { ValueError } from '../errors.js';
import { Optimizer } from './optimizer.js';
import { isPlainObject } from './state-utils.js';

/** A serialisable snapshot of an epoch-based learning-rate scheduler. */
export interface LRSchedulerStateDict {
  /** Index of the last epoch stepped (0 right after construction). */
  lastEpoch: number;
  /** Each group's learning rate when the schedule started (`initialLr`). */
  baseLrs: number[];
  /** Each group's learning rate after the last step. */
  lastLr: number[];
}

/**
 * Base of the epoch-based schedulers (PyTorch's `_LRScheduler`): on construction it records each
 * group's `initialLr` (keeping one already set, as PyTorch's `setdefault` does) and performs step 0;
 * each `step()` advances `lastEpoch` and writes the hook `getLr()`'s values into `paramGroups[i].lr`.
 * Call `scheduler.step()` after `optimizer.step()`, once per epoch.
 * @example
 * const sched = new optim.CosineAnnealingLR(opt, { tMax: 50 });
 * for (let epoch = 0; epoch < 50; epoch++) { trainOneEpoch(); sched.step(); }
 */
export abstract class LRScheduler {
  /** The optimizer whose group learning rates this scheduler sets. */
  readonly optimizer: Optimizer;
  /** Learning rate of each group when scheduling started. */
  baseLrs: number[];
  /** Index of the last epoch stepped. */
  lastEpoch = -1;
  private lastLr: number[] = [];

  /**
   * @param name scheduler name for messages.
   * @param optimizer the optimizer to drive.
   * @throws ValueError when `optimizer` is not an Optimizer.
   */
  protected constructor(name: string, optimizer: Optimizer) {
    if (!(optimizer instanceof Optimizer)) {
      throw new ValueError(`${name}: optimizer must be an optim.Optimizer (SGD, Adam, AdamW, …). Received: ${typeof optimizer}.`);
    }
    this.optimizer = optimizer;
    for (const group of optimizer.paramGroups) {
      if (group.initialLr === undefined) group.initialLr = group.lr;
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr ?? g.lr);
  }

  /** The hook: each group's learning rate for epoch `lastEpoch` (already advanced). */
  protected abstract getLr(): number[];

  /** Advance one epoch and set each group's `lr`. */
  step(): void {
    this.lastEpoch += 1;
    const values = this.getLr();
    this.optimizer.paramGroups.forEach((group, i) => {
      group.lr = values[i]!;
    });
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The learning rates set by the last `step()` (PyTorch's `get_last_lr()`). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** A snapshot for checkpointing. */
  stateDict(): LRSchedulerStateDict {
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs], lastLr: [...this.lastLr] };
  }

  /**
   * Restore a snapshot made by `stateDict()` (restore the optimizer too: the current lr lives there).
   * @throws ValueError when the snapshot's group count differs or its fields are not numbers.
   */
  loadStateDict(stateDict: LRSchedulerStateDict): void {
    const n = this.optimizer.paramGroups.length;
    const ok = isPlainObject(stateDict) && Number.isInteger(stateDict.lastEpoch)
      && [stateDict.baseLrs, stateDict.lastLr].every((a) => Array.isArray(a) && a.length === n && a.every(Number.isFinite));
    if (!ok) {
      throw new ValueError(`LRScheduler.loadStateDict: expected { lastEpoch, baseLrs, lastLr } with one lr per parameter group (${n}).`);
    }
    this.lastEpoch = stateDict.lastEpoch;
    this.baseLrs = [...stateDict.baseLrs];
    this.lastLr = [...stateDict.lastLr];
  }
}
