import { ValueError } from '../errors.js';
import type { History } from '../train/history.js';
import type { Finding } from './finding.js';

/** Thresholds of `diagnoseOverfitting`. */
export interface OverfittingOptions {
  /** Relative rise of validation loss above its minimum that counts. Default 0.02 (2%). */
  minRise?: number;
  /** Relative rise from which the finding is critical. Default 0.2 (20%). */
  criticalRise?: number;
  /** Epochs after the best validation epoch needed before judging. Default 2. */
  minEpochsAfterBest?: number;
}

/**
 * Overfitting diagnosis from a training History (seed Q1: "a large gap between training loss and
 * validation loss"): reports `overfitting-gap` when, after the epoch with the lowest validation
 * loss, validation loss rose by at least `minRise` (relative) over at least `minEpochsAfterBest`
 * epochs while training loss kept falling. Warning; critical when the rise reaches `criticalRise`.
 * Also `training-non-finite` (critical) when fit stopped on a non-finite loss or parameter.
 * Details: bestEpoch, lastEpoch, the losses at both, the rise and the final train/validation gap.
 * @returns [] when there is no validation loss or no such pattern.
 * @throws ValueError for negative thresholds.
 * @example diagnoseOverfitting(history).map((f) => f.code); // ['overfitting-gap']
 */
export function diagnoseOverfitting(history: History, options: OverfittingOptions = {}): Finding[] {
  const minRise = options.minRise ?? 0.02;
  const criticalRise = options.criticalRise ?? 0.2;
  const minAfter = options.minEpochsAfterBest ?? 2;
  for (const [name, v] of [['minRise', minRise], ['criticalRise', criticalRise], ['minEpochsAfterBest', minAfter]] as const) {
    if (!(v >= 0)) throw new ValueError(`diagnoseOverfitting: ${name} must be ≥ 0. Received: ${name}=${v}.`);
  }
  const out: Finding[] = [];
  if (history.stopReason === 'non-finite-loss' || history.stopReason === 'non-finite-parameters') {
    // fit stopped and restored the last finite weights: the model exists, but training diverged.
    const restored = history.restoredFiniteEpoch;
    out.push({
      code: 'training-non-finite',
      severity: 'critical',
      message:
        `Training stopped on a ${history.stopReason === 'non-finite-loss' ? 'non-finite loss' : 'non-finite parameter or buffer'}` +
        `${history.restoredBestWeights ? '; the best finite weights were restored' : restored !== undefined ? `; the weights of epoch ${restored + 1}, the last that ended finite, were restored` : ''}. ` +
        'Lower the learning rate, scale extreme features or check the inputs for extreme values.',
      details: { stopReason: history.stopReason, ...(restored !== undefined ? { restoredFiniteEpoch: restored } : {}) },
    });
  }
  const logs = history.epochs.filter((e) => e.valLoss !== undefined && Number.isFinite(e.valLoss));
  if (logs.length < 2) return out;
  let best = logs[0]!;
  for (const e of logs) if (e.valLoss! < best.valLoss!) best = e;
  const last = logs[logs.length - 1]!;
  const after = last.epoch - best.epoch;
  const rise = (last.valLoss! - best.valLoss!) / Math.abs(best.valLoss!);
  const trainFell = last.trainLoss < best.trainLoss;
  if (after < minAfter || rise < minRise || !trainFell) return out;
  const gap = last.valLoss! - last.trainLoss;
  return [
    ...out,
    {
      code: 'overfitting-gap',
      severity: rise >= criticalRise ? 'critical' : 'warning',
      message:
        `Validation loss rose ${(rise * 100).toFixed(1)}% from its minimum at epoch ${best.epoch + 1} to epoch ${last.epoch + 1} ` +
        `while training loss fell (${best.trainLoss.toFixed(4)} → ${last.trainLoss.toFixed(4)}); the final train/validation gap is ${gap.toFixed(4)}. ` +
        'Stop earlier (early stopping with restored weights) or regularise more.',
      details: {
        bestEpoch: best.epoch,
        lastEpoch: last.epoch,
        bestValLoss: best.valLoss,
        lastValLoss: last.valLoss,
        trainLossAtBest: best.trainLoss,
        lastTrainLoss: last.trainLoss,
        rise,
        gap,
      },
    },
  ];
}
