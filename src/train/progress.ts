import cliProgress from 'cli-progress';
import type { EpochLog } from './history.js';

/** How `fit` reports progress: a bar on a TTY, one line per epoch, or nothing. */
export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

/** Reports epochs as they finish. */
export interface ProgressReporter {
  epochEnd(log: EpochLog, totalEpochs: number): void;
  stop(): void;
}

/**
 * Build a reporter writing to stderr. 'auto' is a bar on a TTY and one line per epoch otherwise.
 */
export function createProgress(mode: ProgressMode, totalEpochs: number): ProgressReporter {
  const resolved = mode === 'auto' ? (process.stderr.isTTY ? 'bar' : 'lines') : mode;
  if (resolved === 'none') return { epochEnd: () => undefined, stop: () => undefined };
  if (resolved === 'lines') {
    return {
      epochEnd: (log, total) => process.stderr.write(`${formatEpoch(log, total)}\n`),
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: 'epoch {value}/{total} [{bar}] {status}', stream: process.stderr, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalEpochs, 0, { status: '' });
  return {
    epochEnd: (log) => bar.update(log.epoch + 1, { status: formatEpoch(log, totalEpochs) }),
    stop: () => bar.stop(),
  };
}

/** `epoch 3/50  loss 0.5123  val_loss 0.5432  val_auc 0.8012  (0.12 s)` */
export function formatEpoch(log: EpochLog, total: number): string {
  const parts = [`epoch ${log.epoch + 1}/${total}`, `loss ${log.trainLoss.toFixed(4)}`];
  if (log.valLoss !== undefined) parts.push(`val_loss ${log.valLoss.toFixed(4)}`);
  for (const [k, v] of Object.entries(log.valMetrics)) parts.push(`val_${k} ${v.toFixed(4)}`);
  parts.push(`(${log.seconds.toFixed(2)} s)`);
  return parts.join('  ');
}
