import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../../errors.js';
import type { Chart } from '../render-chart.js';
import { fmt } from './format.js';
import { thinPolylines } from './thin-polyline.js';

/** Panel size in pixels. */
const PANEL_W = 170;
const PANEL_H = 150;

/** Net benefit of a site (or the pooled rows) on a threshold grid. */
export interface SiteDecisionCurve {
  site: string;
  points: readonly { threshold: number; model: number; treatAll: number }[];
}

/**
 * Decision curves (Vickers & Elkin 2006) as small multiples, one panel per site and one for the
 * pooled rows when passed: net benefit of the model, of treating everyone and of treating no one
 * (0) against the threshold probability. The y axis is cut at −0.05 (treat-all falls steeply).
 * Each line is drawn with the vertices it needs to stay within a quarter pixel of its full drawing.
 * @param curves one per panel, in display order.
 * @throws ValueError for a threshold outside (0, 1) or a non-finite net benefit.
 * @example
 * decisionCurvesChart([{ site: 'va', points: [{ threshold: 0.1, model: 0.3, treatAll: 0.28 }] }]);
 */
export function decisionCurvesChart(curves: readonly SiteDecisionCurve[]): Chart {
  const rows: { panel: string; order: number; threshold: number; netBenefit: number; strategy: string }[] = [];
  let top = 0.05;
  let [tMin, tMax] = [1, 0];
  for (const c of curves) {
    for (const p of c.points) {
      if (!(p.threshold > 0 && p.threshold < 1) || !Number.isFinite(p.model) || !Number.isFinite(p.treatAll)) {
        throw new ValueError(`decisionCurvesChart: '${c.site}' needs thresholds in (0, 1) and finite net benefits. Received: ${JSON.stringify(p)}.`);
      }
      top = Math.max(top, p.model, p.treatAll);
      [tMin, tMax] = [Math.min(tMin, p.threshold), Math.max(tMax, p.threshold)];
    }
  }
  const yDomain = [-0.05, Math.ceil(top * 20) / 20];
  // Each line with the vertices it needs to stay within a quarter pixel of its full drawing. The x
  // scale spans at least the thresholds (Vega-Lite adds zero and nice ends), so pixels per unit are
  // at most PANEL_W / (tMax − tMin): thinning at that scale is as fine or finer than the drawing.
  const scale = { x: PANEL_W / Math.max(tMax - tMin, 1e-9), y: PANEL_H / (yDomain[1]! - yDomain[0]!) };
  curves.forEach((c, k) => {
    // in drawing order: Vega-Lite draws a line by ascending x
    const points = [...c.points].sort((a, b) => a.threshold - b.threshold);
    const t = points.map((p) => p.threshold);
    const lines: [string, number[]][] = [
      ['model', points.map((p) => p.model)],
      ['treat all', points.map((p) => p.treatAll)],
      ['treat none', points.map(() => 0)],
    ];
    for (const [strategy, nb] of lines) {
      for (const i of thinPolylines(t, [nb], scale)) rows.push({ panel: c.site, order: k, threshold: t[i]!, netBenefit: nb[i]!, strategy });
    }
  });
  const spec: TopLevelSpec = {
    data: { values: rows },
    facet: { field: 'panel', type: 'nominal', sort: { field: 'order', op: 'min' }, title: null, header: { labelFontSize: 12, labelLimit: 200 } },
    columns: 3,
    spec: {
      width: PANEL_W,
      height: PANEL_H,
      mark: { type: 'line', clip: true },
      encoding: {
        x: { field: 'threshold', type: 'quantitative', title: 'threshold probability' },
        y: { field: 'netBenefit', type: 'quantitative', title: 'net benefit', scale: { domain: yDomain } },
        color: {
          field: 'strategy',
          type: 'nominal',
          scale: { domain: ['model', 'treat all', 'treat none'], range: ['#4c78a8', '#f58518', '#999'] },
          legend: { title: null, orient: 'bottom' },
        },
        strokeDash: { field: 'strategy', type: 'nominal', scale: { domain: ['model', 'treat all', 'treat none'], range: [[1, 0], [6, 3], [2, 2]] }, legend: null },
      },
    },
  } as TopLevelSpec;
  const text = curves
    .map((c) => {
      const best = c.points.filter((p) => p.model > Math.max(p.treatAll, 0));
      return best.length === 0
        ? `${c.site}: the model never beats treating all or none`
        : `${c.site}: model best from ${fmt(best[0]!.threshold, 2)} to ${fmt(best[best.length - 1]!.threshold, 2)}`;
    })
    .join('; ');
  return {
    title: 'Decision curves by site',
    description: `Net benefit against threshold probability for the model, treat-all and treat-none. ${text}.`,
    spec,
  };
}
