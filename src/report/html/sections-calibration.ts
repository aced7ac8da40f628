import { bdi, html, SafeHtml } from '../escape.js';
import { calibrationCurvesChart } from '../charts/calibration-curves.js';
import { decisionCurvesChart } from '../charts/decision-curves.js';
import { fmt, fmtCi } from '../charts/format.js';
import { ratioForestChart } from '../charts/ratio-forest.js';
import type { NetBenefitPoint, ValidationSection } from '../report-input.js';
import { figure, type FigureFn, type Section } from './parts.js';
import { dataTable } from './table.js';

/** Whether the validation carries the per-site calibration fields (validate.SiteResult since v0.2). */
export function hasCalibration(v: ValidationSection | undefined): v is ValidationSection {
  return v !== undefined && v.sites.some((s) => s.oe !== undefined || s.slope !== undefined || s.netBenefit !== undefined);
}

function nearest(points: readonly NetBenefitPoint[] | undefined, t: number): NetBenefitPoint | null {
  if (points === undefined || points.length === 0) return null;
  return points.reduce((b, p) => (Math.abs(p.threshold - t) < Math.abs(b.threshold - t) ? p : b), points[0]!);
}

/**
 * The one-glance summary at the top of the report: per site AUC, O:E, slope, net benefit at one
 * threshold (against treat-all) and status; the random-effects summaries below it.
 */
export function glanceSection(v: ValidationSection): Section {
  const t = v.netBenefitThreshold ?? 0.2;
  const nb = (points: readonly NetBenefitPoint[] | undefined): string => {
    const p = nearest(points, t);
    return p === null ? '–' : `${fmt(p.model, 3)} (all ${fmt(p.treatAll, 3)})`;
  };
  const at = nearest(v.sites.find((s) => s.netBenefit !== undefined)?.netBenefit, t)?.threshold ?? t;
  const cell = (x: number | null | undefined, ci: readonly [number, number] | null | undefined, digits: number): SafeHtml | string =>
    x == null ? '–' : html`${fmt(x, digits)} <small>${fmtCi(ci ?? null, 2)}</small>`;
  const rows = v.sites.map((s) => [
    bdi(s.site),
    s.n,
    cell(s.auc, s.ci, 3),
    cell(s.oe, s.oeCi, 2),
    cell(s.slope, s.slopeCi, 2),
    nb(s.netBenefit),
    html`<span class="status-${s.status}">${s.status}</span>`,
  ]);
  if (v.pooledNetBenefit !== undefined) rows.push(['all rows', v.sites.reduce((a, s) => a + s.n, 0), '', '', '', nb(v.pooledNetBenefit), '']);
  const body = html`${dataTable(
    `Every site at a glance (${v.scheme}): AUC, O:E (ideal 1), calibration slope (ideal 1) with 95 % CIs, net benefit at threshold ${fmt(at, 2)}`,
    ['site', 'patients', 'AUC', 'O:E', 'slope', `net benefit at ${fmt(at, 2)}`, 'status'],
    rows,
    { numeric: [false, true, true, true, true, true, false] },
  )}
${summariesTable(v)}`;
  return { id: 'at-a-glance', title: 'At a glance', body };
}

/** The random-effects summaries table (REML + HKSJ by default), with the k < 5 warning. */
export function summariesTable(v: ValidationSection): SafeHtml {
  const s = v.summaries ?? [];
  if (s.length === 0) return html``;
  const names: Record<string, string> = { auc: 'AUC', oe: 'O:E', citl: 'calibration-in-the-large', slope: 'calibration slope' };
  const warning = s.find((x) => x.warning != null)?.warning;
  return html`${dataTable(
    'Across sites (random effects): summary with 95 % CI, between-site τ² and I², 95 % prediction interval for a new hospital',
    ['measure', 'method', 'sites', 'summary', '95 % CI', 'τ²', 'I²', 'prediction interval'],
    s.map((x) => [names[x.measure] ?? x.measure, `${x.method}${x.test !== undefined ? ` + ${x.test}` : ''}`, x.k, fmt(x.estimate, 3), fmtCi(x.ci, 3), fmt(x.tau2, 4), `${(100 * x.i2).toFixed(0)} %`, fmtCi(x.predictionInterval, 3)]),
    { numeric: [false, false, true, true, true, true, true, true] },
  )}${warning != null ? html`<p class="note">Caution: ${warning}</p>` : ''}`;
}

/** O:E and slope forest plots (beside the AUC one). */
export async function calibrationForests(v: ValidationSection, fig: FigureFn = figure): Promise<SafeHtml> {
  const find = (m: string): { estimate: number; ci: readonly [number, number]; predictionInterval?: readonly [number, number] } | undefined => {
    const x = v.summaries?.find((s) => s.measure === m);
    if (x === undefined) return undefined;
    return { estimate: x.estimate, ci: x.ci, ...(x.predictionInterval !== null ? { predictionInterval: x.predictionInterval } : {}) };
  };
  const oe = v.sites.map((s) => ({ site: s.site, n: s.n, estimate: s.oe ?? null, ci: s.oeCi ?? null }));
  const slope = v.sites.map((s) => ({ site: s.site, n: s.n, estimate: s.slope ?? null, ci: s.slopeCi ?? null }));
  return html`${await fig(ratioForestChart('O:E ratio', oe, find('oe')), 'chart-forest-oe')}
${await fig(ratioForestChart('calibration slope', slope, find('slope')), 'chart-forest-slope')}`;
}

/** Per-site calibration curves (small multiples with bands) and per-site + pooled decision curves. */
export async function siteCurves(v: ValidationSection, fig: FigureFn = figure): Promise<SafeHtml> {
  const curves = v.sites
    .filter((s) => s.calibrationCurve != null)
    .map((s) => ({ site: s.site, ...s.calibrationCurve!, ici: s.ici ?? null }));
  if (v.pooledCalibrationCurve != null) curves.push({ site: 'all rows', ...v.pooledCalibrationCurve, ici: null });
  const decisions = v.sites.filter((s) => s.netBenefit !== undefined && s.netBenefit.length > 0).map((s) => ({ site: s.site, points: s.netBenefit! }));
  if (v.pooledNetBenefit !== undefined && v.pooledNetBenefit.length > 0) decisions.push({ site: 'all rows', points: v.pooledNetBenefit });
  return html`${curves.length > 0 ? await fig(calibrationCurvesChart(curves), 'chart-calibration-sites') : ''}
${decisions.length > 0 ? await fig(decisionCurvesChart(decisions), 'chart-decision') : ''}`;
}
