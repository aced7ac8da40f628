import { ValueError } from '../../errors.js';
import type { Chart } from '../render-chart.js';
import { heatmapSpec, type SiteFeatureMatrix } from './heatmap.js';

/**
 * Missingness heatmap: the fraction of missing values of each feature at each site (0 to 1).
 * Missingness that differs by site is itself a shift, and alone can identify the hospital.
 * @param matrix sites × features fractions in [0, 1].
 * @throws ValueError when the shape does not match or a fraction lies outside [0, 1].
 * @example
 * missingnessHeatmapChart({ sites: ['a', 'b'], features: ['chol'], values: [[0], [1]] });
 */
export function missingnessHeatmapChart(matrix: SiteFeatureMatrix): Chart {
  const notable: string[] = [];
  matrix.values.forEach((row, i) =>
    row.forEach((v, j) => {
      if (v !== null && !(v >= 0 && v <= 1)) {
        throw new ValueError(
          `missingnessHeatmapChart: values must be fractions in [0, 1]. Received: ${v} for feature '${matrix.features[j]}' at site '${matrix.sites[i]}'.`,
        );
      }
      if (v !== null && v >= 0.5) notable.push(`${matrix.features[j]} at ${matrix.sites[i]} ${Math.round(v * 100)} %`);
    }),
  );
  return {
    title: 'Missing values by site and feature',
    description:
      `Fraction of missing values for ${matrix.features.length} features at ${matrix.sites.length} sites. ` +
      (notable.length > 0 ? `Half or more missing: ${notable.join('; ')}.` : 'No feature is half or more missing at any site.'),
    spec: heatmapSpec('missingnessHeatmapChart', matrix, { legendTitle: 'fraction missing', domain: [0, 1], scheme: 'purples', format: '.0%' }),
  };
}
