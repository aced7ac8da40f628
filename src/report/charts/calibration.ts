import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../../errors.js';
import type { Chart } from '../render-chart.js';
import { fmt } from './format.js';

/** One bin of a reliability diagram (as from `metrics.calibrationCurve`). */
export interface CalibrationBin {
  /** Mean predicted probability in the bin. */
  meanPredicted: number;
  /** Observed fraction of events in the bin. */
  fractionPositive: number;
  /** Number of patients in the bin. */
  count: number;
}

/** A reliability curve for one group of predictions (all sites pooled, or one site). */
export interface CalibrationCurve {
  /** Group name, e.g. `'all sites (out-of-site predictions)'` or a site. */
  label: string;
  /** Non-empty bins in ascending order of predicted probability. */
  bins: readonly CalibrationBin[];
  /** Calibration slope (ideal 1), if computed. */
  slope?: number;
  /** Calibration intercept (calibration-in-the-large, ideal 0), if computed. */
  intercept?: number;
}

/**
 * Calibration (reliability) plot: observed event fraction against mean predicted probability per
 * bin, one line per group, points sized by bin count, with the identity line (perfect
 * calibration). Slope and intercept, when given, appear in the legend and the description.
 * @param curves one entry per group.
 * @throws ValueError when a bin holds a probability outside [0, 1] or a negative count.
 * @example
 * calibrationChart([{ label: 'all', bins: [{ meanPredicted: 0.2, fractionPositive: 0.25, count: 40 }] }]);
 */
export function calibrationChart(curves: readonly CalibrationCurve[]): Chart {
  const points: { key: string; predicted: number; observed: number; count: number }[] = [];
  const parts: string[] = [];
  for (const c of curves) {
    const extra = [c.slope !== undefined ? `slope ${fmt(c.slope, 2)}` : '', c.intercept !== undefined ? `intercept ${fmt(c.intercept, 2)}` : '']
      .filter((s) => s !== '')
      .join(', ');
    const key = extra === '' ? c.label : `${c.label} (${extra})`;
    parts.push(`${key}: ${c.bins.length} bins`);
    for (const b of c.bins) {
      const ok = [b.meanPredicted, b.fractionPositive].every((v) => Number.isFinite(v) && v >= 0 && v <= 1) && b.count >= 0;
      if (!ok) {
        throw new ValueError(
          `calibrationChart: bins need probabilities in [0, 1] and count ≥ 0. Received: meanPredicted=${b.meanPredicted}, fractionPositive=${b.fractionPositive}, count=${b.count} in '${c.label}'.`,
        );
      }
      points.push({ key, predicted: b.meanPredicted, observed: b.fractionPositive, count: b.count });
    }
  }
  const x = { field: 'predicted', type: 'quantitative' as const, title: 'mean predicted probability', scale: { domain: [0, 1] } };
  const y = { field: 'observed', type: 'quantitative' as const, title: 'observed event fraction', scale: { domain: [0, 1] } };
  const color = { field: 'key', type: 'nominal' as const, title: null, scale: { scheme: 'category10' }, legend: { orient: 'bottom' as const, direction: 'vertical' as const, labelLimit: 420 } };
  const spec: TopLevelSpec = {
    width: 320,
    height: 320,
    layer: [
      {
        data: { values: [{ a: 0, b: 0, a2: 1, b2: 1 }] },
        mark: { type: 'rule', color: '#999', strokeDash: [4, 4] },
        encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' }, x2: { field: 'a2' }, y2: { field: 'b2' } },
      },
      {
        data: { values: points },
        layer: [
          { mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y, color, order: { field: 'predicted', type: 'quantitative' } } },
          {
            mark: { type: 'point', filled: true, opacity: 0.9 },
            encoding: { x, y, color, size: { field: 'count', type: 'quantitative', title: 'patients in bin', scale: { range: [20, 220] } } },
          },
        ],
      },
    ],
  };
  return {
    title: 'Calibration plot',
    description: `Observed event fraction against mean predicted probability; dashed line = perfect calibration. ${parts.join('; ')}.`,
    spec,
  };
}
