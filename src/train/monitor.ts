import { ValueError } from '../errors.js';
import { getMetric } from '../metrics/registry.js';
import type { EpochLog } from './history.js';

/** Direction of improvement of a monitored quantity. */
export type Direction = 'min' | 'max';

/** A quantity early stopping and checkpoints can watch. */
export interface Monitor {
  name: string;
  direction: Direction;
  /** The validation metric it needs computed (`auc` for `val_auc`), if any. */
  metric: string | undefined;
  read(log: EpochLog): number | undefined;
}

/**
 * Resolve a monitor name: `loss` / `train_loss` (min), `val_loss` (min), or `val_<metric>` for any
 * metric of the metrics registry, whose declared direction is used (`val_auc` max, `val_brier`
 * min, …). The direction is never guessed from the name.
 * @throws ValueError for an unknown name, listing the known ones.
 */
export function resolveMonitor(name: string): Monitor {
  if (name === 'loss' || name === 'train_loss') {
    return { name, direction: 'min', metric: undefined, read: (log) => log.trainLoss };
  }
  if (name === 'val_loss') {
    return { name, direction: 'min', metric: undefined, read: (log) => log.valLoss };
  }
  if (name.startsWith('val_')) {
    const metricName = name.slice(4);
    let direction: Direction;
    try {
      direction = getMetric(metricName).direction;
    } catch (e) {
      throw new ValueError(`EarlyStopping: unknown monitor '${name}'. Use 'loss', 'val_loss' or 'val_' + a registered metric. ${e instanceof Error ? e.message : ''}`.trim());
    }
    return { name, direction, metric: metricName, read: (log) => log.valMetrics[metricName] };
  }
  throw new ValueError(`EarlyStopping: unknown monitor '${name}'. Use 'loss', 'val_loss' or 'val_<metric>' (e.g. 'val_auc').`);
}

/** Whether `value` improves on `best` by more than `minDelta` in `direction`. */
export function improves(value: number, best: number | undefined, direction: Direction, minDelta: number): boolean {
  if (best === undefined) return true;
  return direction === 'min' ? value < best - minDelta : value > best + minDelta;
}
