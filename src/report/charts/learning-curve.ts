import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../../errors.js';
import type { Chart } from '../render-chart.js';
import { fmt } from './format.js';
import { thinPolylines } from './thin-polyline.js';

/** Plot size in pixels. */
const WIDTH = 400;
const HEIGHT = 240;

/** Per-epoch training history of one model, as plain numbers (from `train.fit`'s History). */
export interface LearningCurve {
  /** What was trained, e.g. `'final model'` or `'fold: held-out va'`. */
  label: string;
  /** Mean training loss per epoch (epoch 1 first). Non-finite values are drawn as gaps. */
  trainLoss: readonly number[];
  /** Validation loss per epoch, same length as `trainLoss`. */
  valLoss: readonly number[];
  /** 1-based epoch whose weights were kept (early stopping with `restoreBestWeights`). */
  bestEpoch: number;
}

/**
 * Learning curves: training and validation loss per epoch, the best (restored) epoch marked by a
 * rule and a point, and the train–validation gap shaded so overfitting is visible at a glance.
 * Long histories are drawn with the vertices needed to stay within a quarter pixel of every epoch.
 * @param curve one model's history (see {@link LearningCurve}).
 * @throws ValueError when the two series differ in length, are empty, or `bestEpoch` is outside
 *   1…epochs.
 * @example
 * learningCurveChart({ label: 'final model', trainLoss: [0.7, 0.5], valLoss: [0.69, 0.6], bestEpoch: 2 });
 */
export function learningCurveChart(curve: LearningCurve): Chart {
  const n = curve.trainLoss.length;
  if (n === 0 || curve.valLoss.length !== n) {
    throw new ValueError(
      `learningCurveChart: trainLoss and valLoss must be non-empty and of equal length. Received: ${n} and ${curve.valLoss.length} epochs.`,
    );
  }
  if (!Number.isInteger(curve.bestEpoch) || curve.bestEpoch < 1 || curve.bestEpoch > n) {
    throw new ValueError(`learningCurveChart: bestEpoch must be an integer in 1…${n}. Received: bestEpoch=${curve.bestEpoch}.`);
  }
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  const epochs = Array.from({ length: n }, (_, e) => e + 1);
  const train = curve.trainLoss.map(finite);
  const val = curve.valLoss.map(finite);
  const full: { epoch: number; lo: number; hi: number }[] = [];
  for (let e = 0; e < n; e++) if (train[e] !== null && val[e] !== null) full.push({ epoch: e + 1, lo: Math.min(train[e]!, val[e]!), hi: Math.max(train[e]!, val[e]!) });
  // Lines and the gap with the vertices they need to stay within a quarter pixel of their full
  // drawing. The scales span at least epochs 1…n and the finite losses (Vega-Lite adds zero and
  // nice ends), so these pixels per unit are as fine or finer than the drawing's.
  const losses = [...train, ...val].filter((v): v is number => v !== null);
  const scale = { x: WIDTH / Math.max(n - 1, 1), y: HEIGHT / Math.max(Math.max(...losses) - Math.min(...losses), 1e-12) };
  const lines: { epoch: number; loss: number | null; series: string }[] = [];
  for (const [series, ys] of [['training', train], ['validation', val]] as const) {
    for (const i of thinPolylines(epochs, [ys], scale)) lines.push({ epoch: i + 1, loss: ys[i]!, series });
  }
  const gap = thinPolylines(full.map((g) => g.epoch), [full.map((g) => g.lo), full.map((g) => g.hi)], scale).map((i) => full[i]!);
  const best = curve.bestEpoch;
  const bestVal = curve.valLoss[best - 1]!;
  const lastGap = curve.valLoss[n - 1]! - curve.trainLoss[n - 1]!;
  const spec: TopLevelSpec = {
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: gap },
        mark: { type: 'area', color: '#e45756', opacity: 0.15 },
        encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
      {
        data: { values: lines },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
          y: { field: 'loss', type: 'quantitative', title: 'loss', scale: { zero: false } },
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: { domain: ['training', 'validation'], range: ['#4c78a8', '#f58518'] },
            legend: { orient: 'top-right' },
          },
          strokeDash: { field: 'series', type: 'nominal', scale: { domain: ['training', 'validation'], range: [[1, 0], [6, 3]] }, title: null },
        },
      },
      {
        data: { values: [{ epoch: best, loss: finite(bestVal), label: `best epoch ${best}` }] },
        layer: [
          { mark: { type: 'rule', color: '#555', strokeDash: [3, 3] }, encoding: { x: { field: 'epoch', type: 'quantitative' } } },
          {
            mark: { type: 'point', filled: true, size: 80, color: '#f58518', stroke: '#333' },
            encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { field: 'loss', type: 'quantitative' } },
          },
          {
            mark: { type: 'text', align: 'left', dx: 4, dy: -8, fontSize: 11, color: '#333' },
            encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } },
          },
        ],
      },
    ],
  };
  return {
    title: `Learning curves — ${curve.label}`,
    description:
      `Training and validation loss over ${n} epochs. Best epoch ${best} (validation loss ${fmt(bestVal)}). ` +
      `Shaded area: gap between validation and training loss; at the last epoch validation minus training loss is ${fmt(lastGap)}.`,
    spec,
  };
}
