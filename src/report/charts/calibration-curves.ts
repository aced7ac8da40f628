import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../../errors.js';
import type { Chart } from '../render-chart.js';
import { fmt } from './format.js';
import { thinPolylines } from './thin-polyline.js';

/** Panel size in pixels; both axes span [0, 1]. */
const PANEL = 170;

/** One site's smoothed calibration curve with its pointwise band. */
export interface SiteCalibrationCurve {
  site: string;
  /** Grid of predicted risks, ascending. */
  predicted: readonly number[];
  /** Smoothed observed risk (lowess) at each grid point. */
  observed: readonly number[];
  /** Pointwise band, if computed (same length). */
  lower?: readonly number[] | null;
  upper?: readonly number[] | null;
  /** Integrated calibration index, for the description. */
  ici?: number | null;
}

/**
 * Calibration curves as small multiples, one panel per site (and the pooled rows when passed as
 * a site): the lowess curve of observed against predicted risk with its shaded pointwise band and
 * the dashed identity line (perfect calibration). Curves and bands are clipped to [0, 1] and drawn
 * with the vertices they need to stay within a quarter pixel of the full curves (`thinPolylines`).
 * @param curves one per panel, in display order.
 * @throws ValueError when arrays differ in length or values are not finite.
 * @example
 * calibrationCurvesChart([{ site: 'va', predicted: [0.1, 0.5], observed: [0.2, 0.6] }]);
 */
export function calibrationCurvesChart(curves: readonly SiteCalibrationCurve[]): Chart {
  const rows: { panel: string; order: number; predicted: number; observed: number | null; lower: number | null; upper: number | null; series: string }[] = [];
  const clip = (v: number): number => Math.min(1, Math.max(0, v));
  curves.forEach((c, k) => {
    const m = c.predicted.length;
    if (c.observed.length !== m || (c.lower != null && c.lower.length !== m) || (c.upper != null && c.upper.length !== m)) {
      throw new ValueError(`calibrationCurvesChart: '${c.site}' needs predicted, observed, lower and upper of one length. Received: ${m}, ${c.observed.length}, ${c.lower?.length ?? '–'}, ${c.upper?.length ?? '–'}.`);
    }
    const observed: number[] = [];
    const lower: (number | null)[] = [];
    const upper: (number | null)[] = [];
    for (let i = 0; i < m; i++) {
      const lo = c.lower?.[i];
      const up = c.upper?.[i];
      if (!Number.isFinite(c.predicted[i]!) || !Number.isFinite(c.observed[i]!)) {
        throw new ValueError(`calibrationCurvesChart: '${c.site}' has a non-finite point at ${i}. Received: (${c.predicted[i]}, ${c.observed[i]}).`);
      }
      observed.push(clip(c.observed[i]!));
      lower.push(lo != null && Number.isFinite(lo) ? clip(lo) : null);
      upper.push(up != null && Number.isFinite(up) ? clip(up) : null);
    }
    // The curve and both band edges within a quarter pixel of their full drawing (a band gap kept).
    // in drawing order (Vega-Lite draws lines and areas by ascending x)
    const byX = Array.from({ length: m }, (_, i) => i).sort((a, b) => c.predicted[a]! - c.predicted[b]!);
    const at = <T>(v: readonly T[]): T[] => byX.map((i) => v[i]!);
    const drawn = lower.some((v) => v !== null) || upper.some((v) => v !== null) ? [at(observed), at(lower), at(upper)] : [at(observed)];
    for (const j of thinPolylines(at(c.predicted), drawn, { x: PANEL, y: PANEL })) {
      const i = byX[j]!;
      rows.push({ panel: c.site, order: k, predicted: c.predicted[i]!, observed: observed[i]!, lower: lower[i]!, upper: upper[i]!, series: 'curve' });
    }
    rows.push({ panel: c.site, order: k, predicted: 0, observed: 0, lower: null, upper: null, series: 'ideal' });
    rows.push({ panel: c.site, order: k, predicted: 1, observed: 1, lower: null, upper: null, series: 'ideal' });
  });
  const x = { field: 'predicted', type: 'quantitative' as const, scale: { domain: [0, 1] }, title: 'predicted risk' };
  const yScale = { domain: [0, 1] };
  const spec: TopLevelSpec = {
    data: { values: rows },
    facet: { field: 'panel', type: 'nominal', sort: { field: 'order', op: 'min' }, title: null, header: { labelFontSize: 12, labelLimit: 200 } },
    columns: 3,
    spec: {
      width: PANEL,
      height: PANEL,
      layer: [
        {
          transform: [{ filter: "datum.series === 'curve' && datum.lower !== null" }],
          mark: { type: 'area', color: '#4c78a8', opacity: 0.25 },
          encoding: { x, y: { field: 'lower', type: 'quantitative', scale: yScale, title: 'observed risk (lowess)' }, y2: { field: 'upper' } },
        },
        {
          transform: [{ filter: "datum.series === 'ideal'" }],
          mark: { type: 'line', color: '#999', strokeDash: [4, 4] },
          encoding: { x, y: { field: 'observed', type: 'quantitative', scale: yScale } },
        },
        {
          transform: [{ filter: "datum.series === 'curve'" }],
          mark: { type: 'line', color: '#4c78a8', strokeWidth: 2 },
          encoding: { x, y: { field: 'observed', type: 'quantitative', scale: yScale, title: 'observed risk (lowess)' } },
        },
      ],
    },
  } as TopLevelSpec;
  const text = curves.map((c) => `${c.site}${c.ici != null ? ` ICI ${fmt(c.ici, 3)}` : ''}`).join('; ');
  return {
    title: 'Calibration curves by site',
    description: `Smoothed observed risk (lowess, as rms::val.prob) against predicted risk, one panel per site, with a shaded 95 % pointwise band; the dashed diagonal is perfect calibration. ${text}.`,
    spec,
  };
}
