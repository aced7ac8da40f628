import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../../errors.js';
import type { Chart } from '../render-chart.js';
import { fmt, fmtCi } from './format.js';

/** One site's discrimination with its confidence interval (DeLong). */
export interface SiteAuc {
  /** Site (hospital) name. */
  site: string;
  /** Number of patients scored at the site. */
  n: number;
  /** ROC AUC, or null when undefined (one class). */
  auc: number | null;
  /** 95 % confidence interval, or null when undefined. */
  ci: readonly [number, number] | null;
}

/** The random-effects pooled AUC across sites. */
export interface PooledAuc {
  /** Pooled AUC. */
  auc: number;
  /** 95 % confidence interval of the pooled AUC. */
  ci: readonly [number, number];
  /** 95 % prediction interval for the AUC at a new hospital (Riley et al., BMJ 2011), if computed. */
  predictionInterval?: readonly [number, number];
}

/**
 * Forest plot: each site's AUC with its CI (square sized by n), the pooled AUC as a diamond with
 * its CI, the prediction interval for a new hospital as a shaded band, and a dashed line at 0.5
 * (no discrimination). Sites with an undefined AUC are named in the description, not drawn.
 * @param sites per-site AUCs, drawn top to bottom in the given order.
 * @param pooled the pooled estimate, if any.
 * @throws ValueError when a CI does not contain its AUC or values fall outside [0, 1].
 * @example
 * forestPlotChart([{ site: 'va', n: 200, auc: 0.7, ci: [0.62, 0.78] }], { auc: 0.7, ci: [0.62, 0.78] });
 */
export function forestPlotChart(sites: readonly SiteAuc[], pooled?: PooledAuc): Chart {
  const POOLED = 'Pooled (random effects)';
  const rows: { label: string; auc: number; lo: number; hi: number; n: number | null; kind: string; order?: number }[] = [];
  const undefinedSites: string[] = [];
  for (const s of sites) {
    if (s.auc === null || s.ci === null) {
      undefinedSites.push(s.site);
      continue;
    }
    checkInterval('site', s.site, s.auc, s.ci);
    rows.push({ label: s.site, auc: s.auc, lo: s.ci[0], hi: s.ci[1], n: s.n, kind: 'site' });
  }
  if (pooled !== undefined) {
    checkInterval('pooled', POOLED, pooled.auc, pooled.ci);
    rows.push({ label: POOLED, auc: pooled.auc, lo: pooled.ci[0], hi: pooled.ci[1], n: null, kind: 'pooled' });
  }
  const pi = pooled?.predictionInterval;
  if (pi !== undefined) checkInterval('prediction interval', POOLED, pooled!.auc, pi);
  const lows = rows.map((r) => r.lo).concat(pi !== undefined ? [pi[0]] : [], [0.5]);
  const xMin = Math.max(0, Math.floor(Math.min(...lows) * 10) / 10);
  const x = { type: 'quantitative' as const, scale: { domain: [xMin, 1] }, title: 'AUC (95 % CI)' };
  // Order by an index field, not a sort array of names (Vega fails on 'constructor'; H4, #19 item 3).
  rows.forEach((r, i) => (r.order = i));
  const y = { field: 'label', type: 'nominal' as const, sort: { field: 'order', op: 'min' as const }, title: null, axis: { labelLimit: 240 } };
  const spec: TopLevelSpec = {
    width: 420,
    height: { step: 28 },
    ...(pi !== undefined
      ? { title: { text: 'Shaded: 95 % prediction interval for a new hospital', fontSize: 11, fontWeight: 'normal' as const, anchor: 'start' as const, color: '#555' } }
      : {}),
    layer: [
      ...(pi !== undefined
        ? [
            {
              data: { values: [{ lo: pi[0], hi: pi[1] }] },
              mark: { type: 'rect' as const, color: '#9ecae9', opacity: 0.35 },
              encoding: { x: { field: 'lo', ...x }, x2: { field: 'hi' } },
            },
          ]
        : []),
      {
        data: { values: [{ v: 0.5 }] },
        mark: { type: 'rule', color: '#999', strokeDash: [4, 4] },
        encoding: { x: { field: 'v', ...x } },
      },
      {
        data: { values: rows },
        layer: [
          { mark: { type: 'rule', color: '#333' }, encoding: { y, x: { field: 'lo', ...x }, x2: { field: 'hi' } } },
          {
            transform: [{ filter: "datum.kind === 'site'" }],
            mark: { type: 'square', filled: true, color: '#4c78a8' },
            encoding: { y, x: { field: 'auc', ...x }, size: { field: 'n', type: 'quantitative', legend: null, scale: { range: [40, 260] } } },
          },
          {
            transform: [{ filter: "datum.kind === 'pooled'" }],
            mark: { type: 'point', shape: 'diamond', filled: true, size: 220, color: '#e45756' },
            encoding: { y, x: { field: 'auc', ...x } },
          },
        ],
      },
    ],
  };
  const siteText = rows
    .filter((r) => r.kind === 'site')
    .map((r) => `${r.label} ${fmt(r.auc)} ${fmtCi([r.lo, r.hi])}`)
    .join('; ');
  const pooledText = pooled !== undefined ? ` Pooled AUC ${fmt(pooled.auc)} ${fmtCi(pooled.ci)}.` : '';
  const piText = pi !== undefined ? ` Shaded band: 95 % prediction interval for a new hospital ${fmtCi(pi)}.` : '';
  const undefText = undefinedSites.length > 0 ? ` AUC undefined (one class) for ${undefinedSites.join(', ')}.` : '';
  return {
    title: 'Forest plot of site AUCs',
    description: `AUC with 95 % DeLong CI by site (squares sized by patients): ${siteText || 'none'}.${pooledText}${piText}${undefText}`,
    spec,
  };
}

function checkInterval(what: string, name: string, auc: number, ci: readonly [number, number]): void {
  const ok = [auc, ci[0], ci[1]].every((v) => Number.isFinite(v) && v >= 0 && v <= 1) && ci[0] <= auc && auc <= ci[1];
  if (!ok) {
    throw new ValueError(
      `forestPlotChart: the ${what} interval of '${name}' must satisfy 0 ≤ lo ≤ auc ≤ hi ≤ 1. Received: auc=${auc}, interval=[${ci[0]}, ${ci[1]}].`,
    );
  }
}
