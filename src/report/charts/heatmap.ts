import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../../errors.js';

/** A site × feature matrix of one statistic (rows: sites, columns: features). */
export interface SiteFeatureMatrix {
  /** Site names (matrix rows). */
  sites: readonly string[];
  /** Feature names (matrix columns). */
  features: readonly string[];
  /** `values[i][j]`: statistic for site i, feature j; null when not computable. */
  values: readonly (readonly (number | null)[])[];
}

/** How a heatmap colours and labels its cells. */
export interface HeatmapStyle {
  /** Legend title, e.g. `'KS statistic'`. */
  legendTitle: string;
  /** Colour domain [min, max]. */
  domain: readonly [number, number];
  /** Vega colour scheme name, e.g. `'orangered'`. */
  scheme: 'orangered' | 'purples' | 'blues' | 'greens';
  /** d3-format string for cell labels, e.g. `'.2f'` or `'.0%'`. */
  format: string;
}

/**
 * The shared Vega-Lite spec of the site × feature heatmaps (shift and missingness): one cell per
 * (site, feature), coloured by value, labelled with the value, grey `–` for null.
 * @param who caller name for error messages.
 * @param m the matrix.
 * @param style colour scale and label format.
 * @throws ValueError when the matrix shape does not match `sites` × `features`.
 */
export function heatmapSpec(who: string, m: SiteFeatureMatrix, style: HeatmapStyle): TopLevelSpec {
  if (m.values.length !== m.sites.length || m.values.some((row) => row.length !== m.features.length)) {
    throw new ValueError(
      `${who}: values must be a ${m.sites.length} × ${m.features.length} matrix (sites × features). Received: ${m.values.length} rows of lengths ${m.values.map((r) => r.length).join(', ')}.`,
    );
  }
  // Order by index fields, not Vega-Lite sort arrays: those compile names into expressions that
  // Vega fails to parse for 'constructor' or 'toString' (H4, #19 item 3).
  const cells: { site: string; feature: string; siteOrder: number; featureOrder: number; value: number | null }[] = [];
  m.sites.forEach((site, i) => {
    m.features.forEach((feature, j) => {
      const v = m.values[i]![j]!;
      cells.push({ site, feature, siteOrder: i, featureOrder: j, value: v === null || !Number.isFinite(v) ? null : v });
    });
  });
  const x = { field: 'feature', type: 'nominal' as const, sort: { field: 'featureOrder', op: 'min' as const }, title: null, axis: { labelAngle: -40, labelLimit: 120 } };
  const y = { field: 'site', type: 'nominal' as const, sort: { field: 'siteOrder', op: 'min' as const }, title: null, axis: { labelLimit: 160 } };
  const [lo, hi] = style.domain;
  const mid = lo + (hi - lo) * 0.6;
  return {
    data: { values: cells },
    width: { step: Math.max(30, Math.min(56, Math.floor(640 / Math.max(1, m.features.length)))) },
    height: { step: 30 },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          x,
          y,
          color: {
            condition: { test: 'datum.value === null', value: '#e6e6e6' },
            field: 'value',
            type: 'quantitative',
            title: style.legendTitle,
            scale: { domain: [lo, hi], scheme: style.scheme, clamp: true },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          x,
          y,
          text: { condition: { test: 'datum.value === null', value: '–' }, field: 'value', type: 'quantitative', format: style.format },
          color: { condition: { test: `datum.value !== null && datum.value > ${mid}`, value: 'white' }, value: '#222' },
        },
      },
    ],
  };
}
