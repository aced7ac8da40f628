import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../../errors.js';
import type { Chart } from '../render-chart.js';
import { fmt } from './format.js';

/** MC-dropout predictive uncertainty of a set of patients. */
export interface UncertaintyData {
  /** Per-patient standard deviation of the predicted probability across passes. */
  std: ArrayLike<number>;
  /** Number of stochastic forward passes. */
  passes: number;
  /** Number of histogram bins. Default 30. */
  bins?: number;
  /** The patients with the largest SD (most uncertain first), named by id (or file row). */
  mostUncertain?: readonly { id: string; site?: string; sd: number; probability: number; outcome: number }[];
  /** Per site (and 'all'): does the SD point at errors? AUC of the SD for |y − p| > 0.5, Spearman of SD with |y − p|. */
  errorAuc?: readonly { site: string; n: number; errors: number; auc: number | null; spearman: number | null }[];
  /** Which predictions the two tables above describe (e.g. "final model, development rows (in-sample)"). */
  scope?: string;
}

/**
 * Histogram of per-patient MC-dropout uncertainty (standard deviation of the predicted
 * probability over `passes` stochastic passes, Gal & Ghahramani 2016), with the median marked.
 * Bins are computed here so the chart stays small for any number of patients.
 * @param data per-patient std (see {@link UncertaintyData}).
 * @throws ValueError when `std` is empty or holds negative or non-finite values, or `bins` < 1.
 * @example
 * uncertaintyHistogramChart({ std: [0.01, 0.05, 0.2], passes: 30 });
 */
export function uncertaintyHistogramChart(data: UncertaintyData): Chart {
  const nBins = data.bins ?? 30;
  const n = data.std.length;
  if (!Number.isInteger(nBins) || nBins < 1) throw new ValueError(`uncertaintyHistogramChart: bins must be an integer ≥ 1. Received: bins=${nBins}.`);
  if (n === 0) throw new ValueError('uncertaintyHistogramChart: std must hold at least one value. Received: 0 values.');
  const sorted = Float64Array.from(data.std).sort();
  if (!(sorted[0]! >= 0) || !Number.isFinite(sorted[n - 1]!)) {
    throw new ValueError(`uncertaintyHistogramChart: std values must be finite and ≥ 0. Received: range [${sorted[0]}, ${sorted[n - 1]}].`);
  }
  const max = sorted[n - 1]! > 0 ? sorted[n - 1]! : 1;
  const width = max / nBins;
  const counts = new Array<number>(nBins).fill(0);
  for (const v of sorted) counts[Math.min(nBins - 1, Math.floor(v / width))]! += 1;
  const bars = counts.map((count, i) => ({ lo: i * width, hi: (i + 1) * width, count }));
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const p90 = sorted[Math.min(n - 1, Math.ceil(0.9 * n) - 1)]!;
  const spec: TopLevelSpec = {
    width: 520,
    height: 240,
    layer: [
      {
        data: { values: bars },
        mark: { type: 'bar', color: '#72b7b2', stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'lo', type: 'quantitative', title: `SD of predicted probability over ${data.passes} MC-dropout passes`, scale: { domain: [0, max], nice: false } },
          x2: { field: 'hi' },
          y: { field: 'count', type: 'quantitative', title: 'patients' },
          y2: { datum: 0 },
        },
      },
      {
        data: { values: [{ v: median, label: `median ${fmt(median)}` }] },
        layer: [
          { mark: { type: 'rule', color: '#333', strokeDash: [4, 3] }, encoding: { x: { field: 'v', type: 'quantitative' } } },
          { mark: { type: 'text', align: 'left', dx: 4, dy: 8, fontSize: 11 }, encoding: { x: { field: 'v', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } } },
        ],
      },
    ],
  };
  return {
    title: 'MC-dropout uncertainty',
    description: `Distribution of per-patient predictive SD for ${n} patients over ${data.passes} passes: median ${fmt(median)}, 90th percentile ${fmt(p90)}, maximum ${fmt(sorted[n - 1]!)}.`,
    spec,
  };
}
