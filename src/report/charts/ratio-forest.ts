import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../../errors.js';
import type { Chart } from '../render-chart.js';
import { fmt, fmtCi } from './format.js';

/** One site's estimate of a calibration measure (O:E ratio or slope) with its CI. */
export interface SiteEstimate {
  site: string;
  n: number;
  /** The estimate, null when undefined at the site (one class). */
  estimate: number | null;
  ci: readonly [number, number] | null;
}

/** A random-effects summary of the measure. */
export interface PooledEstimate {
  estimate: number;
  ci: readonly [number, number];
  predictionInterval?: readonly [number, number];
}

/**
 * Forest plot of a calibration measure whose ideal value is 1 (O:E ratio, calibration slope):
 * each site's estimate with its CI (square sized by n), the random-effects summary as a diamond,
 * its prediction interval for a new hospital as a shaded band, and a dashed line at 1. Sites
 * without an estimate are named in the description, not drawn.
 * @param measure axis and title name, e.g. `'O:E ratio'` or `'calibration slope'`.
 * @param sites per-site estimates, drawn top to bottom in the given order.
 * @param pooled the summary, if any.
 * @throws ValueError when a CI does not contain its estimate or a value is not finite.
 * @example
 * ratioForestChart('O:E ratio', [{ site: 'va', n: 200, estimate: 1.3, ci: [1.1, 1.5] }]);
 */
export function ratioForestChart(measure: string, sites: readonly SiteEstimate[], pooled?: PooledEstimate): Chart {
  const POOLED = 'Pooled (random effects)';
  const rows: { label: string; est: number; lo: number; hi: number; n: number | null; kind: string; order: number }[] = [];
  const missing: string[] = [];
  const check = (name: string, est: number, ci: readonly [number, number]): void => {
    if (![est, ci[0], ci[1]].every(Number.isFinite) || !(ci[0] <= est && est <= ci[1])) {
      throw new ValueError(`ratioForestChart: the interval of '${name}' must satisfy lo ≤ estimate ≤ hi, all finite. Received: estimate=${est}, interval=[${ci[0]}, ${ci[1]}].`);
    }
  };
  for (const s of sites) {
    if (s.estimate === null || s.ci === null) {
      missing.push(s.site);
      continue;
    }
    check(s.site, s.estimate, s.ci);
    rows.push({ label: s.site, est: s.estimate, lo: s.ci[0], hi: s.ci[1], n: s.n, kind: 'site', order: rows.length });
  }
  if (pooled !== undefined) {
    check(POOLED, pooled.estimate, pooled.ci);
    rows.push({ label: POOLED, est: pooled.estimate, lo: pooled.ci[0], hi: pooled.ci[1], n: null, kind: 'pooled', order: rows.length });
  }
  const pi = pooled?.predictionInterval;
  // keep the axis readable: a wide prediction interval is drawn clipped at 0 and 4
  const values = rows.flatMap((r) => [r.lo, r.hi]).concat([1]);
  const lo = Math.max(Math.min(0, ...values), -2);
  const hi = Math.min(Math.max(2, ...values), 4);
  const x = { type: 'quantitative' as const, scale: { domain: [Math.floor(lo * 10) / 10, Math.ceil(hi * 10) / 10], clamp: true }, title: `${measure} (95 % CI; ideal 1)` };
  const y = { field: 'label', type: 'nominal' as const, sort: { field: 'order', op: 'min' as const }, title: null, axis: { labelLimit: 240 } };
  const spec: TopLevelSpec = {
    width: 360,
    height: { step: 28 },
    layer: [
      ...(pi !== undefined
        ? [{ data: { values: [{ lo: pi[0], hi: pi[1] }] }, mark: { type: 'rect' as const, color: '#9ecae9', opacity: 0.35, clip: true }, encoding: { x: { field: 'lo', ...x }, x2: { field: 'hi' } } }]
        : []),
      { data: { values: [{ v: 1 }] }, mark: { type: 'rule', color: '#999', strokeDash: [4, 4] }, encoding: { x: { field: 'v', ...x } } },
      {
        data: { values: rows },
        layer: [
          { mark: { type: 'rule', color: '#333', clip: true }, encoding: { y, x: { field: 'lo', ...x }, x2: { field: 'hi' } } },
          {
            transform: [{ filter: "datum.kind === 'site'" }],
            mark: { type: 'square', filled: true, color: '#4c78a8', clip: true },
            encoding: { y, x: { field: 'est', ...x }, size: { field: 'n', type: 'quantitative', legend: null, scale: { range: [40, 260] } } },
          },
          {
            transform: [{ filter: "datum.kind === 'pooled'" }],
            mark: { type: 'point', shape: 'diamond', filled: true, size: 220, color: '#e45756', clip: true },
            encoding: { y, x: { field: 'est', ...x } },
          },
        ],
      },
    ],
  };
  const siteText = rows.filter((r) => r.kind === 'site').map((r) => `${r.label} ${fmt(r.est, 2)} ${fmtCi([r.lo, r.hi], 2)}`).join('; ');
  const pooledText = pooled !== undefined ? ` Random-effects summary ${fmt(pooled.estimate, 2)} ${fmtCi(pooled.ci, 2)}.` : '';
  const piText = pi !== undefined ? ` Shaded: 95 % prediction interval for a new hospital ${fmtCi(pi, 2)}.` : '';
  const missText = missing.length > 0 ? ` Not estimable at ${missing.join(', ')}.` : '';
  return {
    title: `Forest plot of site ${measure}s`,
    description: `${measure} with 95 % CI by site (ideal 1; squares sized by patients): ${siteText || 'none'}.${pooledText}${piText}${missText}`,
    spec,
  };
}
