/** Why training ended. */
export type StopReason = 'completed' | 'early-stopping' | 'non-finite-loss' | 'non-finite-parameters';

/** What happened in one epoch. */
export interface EpochLog {
  /** 0-based epoch index. */
  epoch: number;
  /** Mean training loss over the epoch's batches (as seen in training mode). */
  trainLoss: number;
  /** Validation loss in eval mode; undefined without validation data. */
  valLoss?: number;
  /** Validation metrics by name (`auc`, `brier`, …), in eval mode. */
  valMetrics: Record<string, number>;
  /** Learning rate of the first parameter group during the epoch. */
  lr: number;
  /** Wall-clock seconds of the epoch (training + validation). */
  seconds: number;
}

/** Where a non-finite loss or parameter appeared. */
export interface NonFiniteAt {
  epoch: number;
  /** 0-based batch index within the epoch (for checks after the epoch: its last batch). */
  batch: number;
  /** The loss value seen (NaN or ±Inf for a non-finite loss; the last finite one otherwise). */
  loss: number;
  /** `training`: a batch loss; `validation`: the validation loss; `parameters`: the end-of-epoch check. */
  phase: 'training' | 'validation' | 'parameters';
  /** The first parameter or buffer (state-dict name) holding NaN or ±Inf, for `phase: 'parameters'`. */
  parameter?: string;
}

/**
 * The record of a `fit` run (Keras's `History`, with the early-stopping outcome).
 */
export interface History {
  epochs: EpochLog[];
  /** Epoch whose weights the model holds at the end when best weights were restored; else the best monitored epoch. */
  bestEpoch: number | undefined;
  /** Best value of the monitored quantity. */
  bestValue: number | undefined;
  /** Name of the monitored quantity (`val_loss`, `val_auc`, …). */
  monitor: string | undefined;
  /** Last epoch that ran (0-based). */
  stoppedEpoch: number;
  stopReason: StopReason;
  /** Whether the best weights were copied back into the model at the end. */
  restoredBestWeights: boolean;
  /** Set when stopReason is 'non-finite-loss' or 'non-finite-parameters'. */
  nonFinite?: NonFiniteAt;
  /**
   * After a non-finite stop without restored best weights: the last epoch whose end-of-epoch
   * weights were finite and were put back into the model.
   */
  restoredFiniteEpoch?: number;
}
