/** Why training ended. */
export type StopReason = 'completed' | 'early-stopping' | 'non-finite-loss';

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

/** Where a non-finite loss appeared. */
export interface NonFiniteAt {
  epoch: number;
  /** 0-based batch index within the epoch. */
  batch: number;
  loss: number;
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
  /** Set when stopReason is 'non-finite-loss'. */
  nonFinite?: NonFiniteAt;
}
