import { ValueError } from '../errors.js';
import { averagePrecision } from './average-precision.js';
import { brierScore } from './brier.js';
import { expectedCalibrationError } from './calibration-curve.js';
import { rocAucScore } from './roc-auc.js';

/** A metric of binary labels and scores. */
export type BinaryMetric = (yTrue: ArrayLike<number>, yScore: ArrayLike<number>) => number;

/** Whether smaller ('min') or larger ('max') values are better. Early stopping reads this. */
export type MetricDirection = 'min' | 'max';

/** A registered metric: its name, its declared direction and the function. */
export interface MetricSpec {
  readonly name: string;
  readonly direction: MetricDirection;
  readonly fn: BinaryMetric;
}

/** Names of the registered metrics. */
export type MetricName = 'auc' | 'average_precision' | 'brier' | 'ece';

/**
 * The metric registry with declared directions, for early stopping, model selection and
 * `bootstrapCi` by name. `ece` uses the defaults of `expectedCalibrationError` (10 uniform
 * bins). Training losses are not here: the fit loop computes and names them.
 * @example
 * METRICS.auc.direction; // 'max'
 */
export const METRICS: Readonly<Record<MetricName, MetricSpec>> = Object.freeze({
  auc: Object.freeze({ name: 'auc', direction: 'max', fn: rocAucScore }),
  average_precision: Object.freeze({ name: 'average_precision', direction: 'max', fn: averagePrecision }),
  brier: Object.freeze({ name: 'brier', direction: 'min', fn: brierScore }),
  ece: Object.freeze({ name: 'ece', direction: 'min', fn: (y: ArrayLike<number>, p: ArrayLike<number>) => expectedCalibrationError(y, p) }),
});

/**
 * Look up a registered metric by exact name; never guesses from substrings.
 * @param name one of 'auc', 'average_precision', 'brier', 'ece'.
 * @returns `{name, direction, fn}`.
 * @throws ValueError naming the known metrics when `name` is not registered.
 * @example
 * getMetric('brier').direction; // 'min'
 */
export function getMetric(name: string): MetricSpec {
  if (Object.prototype.hasOwnProperty.call(METRICS, name)) return METRICS[name as MetricName];
  const known = Object.values(METRICS).map((m) => `${m.name} (${m.direction})`).join(', ');
  throw new ValueError(`getMetric: unknown metric '${name}'. Received: '${name}'. Known metrics: ${known}.`);
}
