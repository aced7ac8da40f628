import { ValueError } from '../errors.js';
import { checkOptions } from '../option-keys.js';
import type { EpochLog } from './history.js';
import { improves, resolveMonitor, type Direction, type Monitor } from './monitor.js';

/** Options of early stopping (Keras's `EarlyStopping` names, camelCase). */
export interface EarlyStoppingOptions {
  /** Quantity to watch: 'val_loss' (default), 'loss', or 'val_<metric>' such as 'val_auc'. */
  monitor?: string;
  /**
   * 'min' or 'max'. Default: the monitored metric's declared direction. Giving the opposite of the
   * declared direction is an error (it would stop on the worst epoch).
   */
  mode?: Direction;
  /** Epochs without improvement before stopping. Default 0 (Keras). */
  patience?: number;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Epochs to wait before watching at all (warm-up). Default 0. */
  startFromEpoch?: number;
  /**
   * Copy the best epoch's parameters AND buffers back into the model at the end, whether training
   * stopped early or ran out of epochs. Default false (Keras), but `fit`'s callers in clinreg pass
   * true. Unlike Keras 2, the restore also happens when no early stop occurred.
   */
  restoreBestWeights?: boolean;
}

/**
 * Tracks the best epoch of a monitored quantity and decides when to stop.
 * @example
 * const es = new EarlyStopping({ monitor: 'val_auc', patience: 5 }); // direction 'max' from the registry
 */
export class EarlyStopping {
  readonly monitor: Monitor;
  readonly direction: Direction;
  readonly patience: number;
  readonly minDelta: number;
  readonly startFromEpoch: number;
  readonly restoreBestWeights: boolean;
  /** Best value so far and its epoch. */
  best: number | undefined;
  bestEpoch: number | undefined;
  /** Epochs since the last improvement. */
  wait = 0;

  /** @throws ValueError for an unknown monitor, a contradicting mode, or a negative patience/minDelta. */
  constructor(options: EarlyStoppingOptions = {}) {
    checkOptions('EarlyStopping', options, { monitor: true, mode: true, patience: true, minDelta: true, startFromEpoch: true, restoreBestWeights: true } satisfies Record<keyof Required<EarlyStoppingOptions>, true>);
    this.monitor = resolveMonitor(options.monitor ?? 'val_loss');
    if (options.mode !== undefined && options.mode !== this.monitor.direction) {
      throw new ValueError(
        `EarlyStopping: mode '${options.mode}' contradicts the direction of '${this.monitor.name}', which is '${this.monitor.direction}'. Omit mode to use the declared direction.`,
      );
    }
    this.direction = this.monitor.direction;
    this.patience = checkCount(options.patience ?? 0, 'patience');
    this.minDelta = options.minDelta ?? 0;
    if (!(this.minDelta >= 0)) throw new ValueError(`EarlyStopping: minDelta must be ≥ 0. Received: minDelta=${options.minDelta}.`);
    this.startFromEpoch = checkCount(options.startFromEpoch ?? 0, 'startFromEpoch');
    this.restoreBestWeights = options.restoreBestWeights ?? false;
  }

  /**
   * Record one epoch. Returns `{improved, stop}`; `improved` means this epoch is the new best.
   * @throws ValueError when the monitored quantity is missing from the log (e.g. `val_loss` without validation data).
   */
  update(log: EpochLog): { improved: boolean; stop: boolean } {
    if (log.epoch < this.startFromEpoch) return { improved: false, stop: false };
    const value = this.monitor.read(log);
    if (value === undefined) {
      throw new ValueError(`EarlyStopping: '${this.monitor.name}' is not available at epoch ${log.epoch}; give validation data or monitor 'loss'.`);
    }
    if (Number.isFinite(value) && improves(value, this.best, this.direction, this.minDelta)) {
      this.best = value;
      this.bestEpoch = log.epoch;
      this.wait = 0;
      return { improved: true, stop: false };
    }
    this.wait += 1;
    // Keras: stop once `patience` consecutive epochs have not improved.
    return { improved: false, stop: this.wait >= this.patience };
  }
}

function checkCount(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 0) throw new ValueError(`EarlyStopping: ${name} must be a non-negative integer. Received: ${name}=${v}.`);
  return v;
}
