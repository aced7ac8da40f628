import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../../errors.js';
import type { Chart } from '../render-chart.js';
import { fmt } from './format.js';
import { thinPolylines } from './thin-polyline.js';

/** Plot size in pixels; the axes span [0, 1]. */
const SIZE = 320;

/** One site's ROC curve (as from `metrics.rocCurve`) and its AUC. */
export interface SiteRocCurve {
  /** Site (hospital) name. */
  site: string;
  /** False-positive rates, ascending, from 0 to 1. */
  fpr: ArrayLike<number>;
  /** True-positive rates, same length as `fpr`. */
  tpr: ArrayLike<number>;
  /** ROC AUC of the site, or null when undefined (one class). */
  auc: number | null;
}

/**
 * Per-site ROC curves on one square plot, one colour per site (legend shows the AUC), with the
 * chance diagonal. A long curve is drawn with only the vertices it needs to stay within a quarter
 * pixel of the full curve (`thinPolylines`). Sites without a curve (empty arrays, e.g. one class)
 * are listed in the description instead of drawn.
 * @param curves one entry per site.
 * @throws ValueError when `fpr` and `tpr` differ in length or hold values outside [0, 1].
 * @example
 * rocCurvesChart([{ site: 'va', fpr: [0, 0.5, 1], tpr: [0, 0.8, 1], auc: 0.65 }]);
 */
export function rocCurvesChart(curves: readonly SiteRocCurve[]): Chart {
  const points: { key: string; order: number; fpr: number; tpr: number }[] = [];
  const drawn: string[] = [];
  const skipped: string[] = [];
  for (const c of curves) {
    if (c.fpr.length !== c.tpr.length) {
      throw new ValueError(`rocCurvesChart: fpr and tpr must have equal length. Received: ${c.fpr.length} and ${c.tpr.length} for site '${c.site}'.`);
    }
    if (c.fpr.length === 0) {
      skipped.push(c.site);
      continue;
    }
    const key = `${c.site} (AUC ${fmt(c.auc)})`;
    drawn.push(key);
    for (let i = 0; i < c.fpr.length; i++) {
      const fpr = c.fpr[i]!;
      const tpr = c.tpr[i]!;
      if (!(fpr >= 0 && fpr <= 1 && tpr >= 0 && tpr <= 1)) {
        throw new ValueError(`rocCurvesChart: fpr and tpr must lie in [0, 1]. Received: (${fpr}, ${tpr}) at point ${i} of site '${c.site}'.`);
      }
    }
    // Only the vertices the 320-pixel drawing needs (within a quarter pixel of the full curve).
    for (const i of thinPolylines(c.fpr, [c.tpr], { x: SIZE, y: SIZE })) points.push({ key, order: i, fpr: c.fpr[i]!, tpr: c.tpr[i]! });
  }
  const spec: TopLevelSpec = {
    width: SIZE,
    height: SIZE,
    layer: [
      {
        data: { values: [{ x: 0, y: 0, x2: 1, y2: 1 }] },
        mark: { type: 'rule', color: '#999', strokeDash: [4, 4] },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'y', type: 'quantitative' },
          x2: { field: 'x2' },
          y2: { field: 'y2' },
        },
      },
      {
        data: { values: points },
        mark: { type: 'line', strokeWidth: 2, interpolate: 'linear' },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', title: '1 − specificity (false-positive rate)', scale: { domain: [0, 1] } },
          y: { field: 'tpr', type: 'quantitative', title: 'sensitivity (true-positive rate)', scale: { domain: [0, 1] } },
          // Sites in the order given: the points come site by site, and an unsorted domain keeps the data's order
          // (a sort array of the keys would put site names and AUCs into the chart's structure: see chart-template.ts).
          color: { field: 'key', type: 'nominal', title: 'site', sort: null, scale: { scheme: 'category10' } },
          order: { field: 'order', type: 'quantitative' },
        },
      },
    ],
  };
  const aucs = curves.map((c) => `${c.site} ${c.auc === null ? 'undefined' : fmt(c.auc)}`).join('; ');
  return {
    title: 'ROC curves by site',
    description:
      `ROC curves of ${drawn.length} site${drawn.length === 1 ? '' : 's'} with the chance diagonal. AUC by site: ${aucs}.` +
      (skipped.length > 0 ? ` No curve for ${skipped.join(', ')} (one outcome class only).` : ''),
    spec,
  };
}
