import type { Chart } from '../render-chart.js';
import { heatmapSpec, type SiteFeatureMatrix } from './heatmap.js';
import { fmt } from './format.js';

/**
 * Site × feature shift heatmap: each cell is a shift statistic of one feature at one site against
 * the other sites pooled (for example the two-sample Kolmogorov–Smirnov statistic D, 0 = same
 * distribution, 1 = disjoint), so a hospital whose case mix or measurement differs stands out as
 * a dark row and a drifting feature as a dark column.
 * @param matrix sites × features statistic (null = not computable, e.g. all missing at the site).
 * @param options.statistic name of the statistic for the legend. Default `'KS statistic D'`.
 * @param options.domain colour domain. Default [0, max(1, largest value)].
 * @throws ValueError when the matrix shape does not match.
 * @example
 * shiftHeatmapChart({ sites: ['a', 'b'], features: ['age'], values: [[0.1], [0.4]] });
 */
export function shiftHeatmapChart(
  matrix: SiteFeatureMatrix,
  options: { statistic?: string; domain?: readonly [number, number] } = {},
): Chart {
  const statistic = options.statistic ?? 'KS statistic D';
  let max = -Infinity;
  let arg = '';
  matrix.values.forEach((row, i) =>
    row.forEach((v, j) => {
      if (v !== null && Number.isFinite(v) && v > max) {
        max = v;
        arg = `${matrix.features[j]} at ${matrix.sites[i]}`;
      }
    }),
  );
  const domain = options.domain ?? [0, Math.max(1, Number.isFinite(max) ? max : 1)];
  return {
    title: 'Domain shift by site and feature',
    description:
      `${statistic} of each feature at each of ${matrix.sites.length} sites against the other sites, for ${matrix.features.length} features. ` +
      (Number.isFinite(max) ? `Largest: ${fmt(max, 2)} (${arg}).` : 'No computable cells.'),
    spec: heatmapSpec('shiftHeatmapChart', matrix, { legendTitle: statistic, domain, scheme: 'orangered', format: '.2f' }),
  };
}
