import { bdi, html, type SafeHtml } from '../escape.js';
import { calibrationChart } from '../charts/calibration.js';
import { fmt, fmtCi } from '../charts/format.js';
import { forestPlotChart } from '../charts/forest-plot.js';
import { learningCurveChart } from '../charts/learning-curve.js';
import { rocCurvesChart } from '../charts/roc-curves.js';
import { uncertaintyHistogramChart } from '../charts/uncertainty-histogram.js';
import type { ReportInput, ValidationSection } from '../report-input.js';
import { figure, findingsTable, notRun, type FigureFn, type Section } from './parts.js';
import { calibrationForests, hasCalibration, siteCurves } from './sections-calibration.js';
import { dataTable } from './table.js';

/** Learning curves, one chart per trained model. */
export async function learningSection(curves: ReportInput['learningCurves'], fig: FigureFn = figure): Promise<Section> {
  const id = 'learning-curves';
  const title = 'Learning curves';
  if (curves === undefined || curves.length === 0) return { id, title, body: notRun('Training') };
  const figures = [];
  for (let i = 0; i < curves.length; i++) figures.push(await fig(learningCurveChart(curves[i]!), `chart-learning-${i + 1}`));
  const body = html`<p>Training and validation loss per epoch. The dashed line marks the epoch whose weights were restored
(early stopping); the shaded band is the gap between validation and training loss — a band that widens after
the best epoch is overfitting.</p>
<div class="charts">${figures}</div>`;
  return { id, title, body };
}

/** Per-site validation: table, pooled estimate, ROC curves, forest plot and findings. */
export async function validationSection(v: ValidationSection | undefined, fig: FigureFn = figure): Promise<Section> {
  const id = 'validation';
  const title = 'Validation by site';
  if (v === undefined) return { id, title, body: notRun('Site-by-site validation') };
  const het = v.heterogeneity;
  const hetText =
    het === undefined
      ? ''
      : [
          het.i2 !== undefined ? `I² = ${(100 * het.i2).toFixed(0)} %` : '',
          het.tau2 !== undefined ? `τ² = ${fmt(het.tau2, 4)}` : '',
          het.q !== undefined ? `Q = ${fmt(het.q, 2)}` : '',
          het.pValue !== undefined ? `p = ${fmt(het.pValue, 3)}` : '',
        ]
          .filter((s) => s !== '')
          .join(', ');
  const pooled = v.pooled;
  const body = html`<p>Scheme: <strong>${v.scheme}</strong>. ${v.scheme === 'leave-one-site-out' ? 'Each site is scored by a model that did not see it.' : v.scheme === 'temporal' ? 'The latest records are scored by a model trained on earlier ones.' : 'Each row is scored by a model that did not see its group.'}</p>
${dataTable(
  'Discrimination by site (AUC with 95 % DeLong CI)',
  ['site', 'patients', 'events', 'non-events', 'AUC', '95 % CI', 'status'],
  v.sites.map((s) => [bdi(s.site), s.n, s.events, s.nonEvents, fmt(s.auc), fmtCi(s.ci), html`<span class="status-${s.status}">${s.status}</span>`]),
  { numeric: [false, true, true, true, true, true, false] },
)}
${
  pooled !== undefined
    ? html`<p class="note">Pooled AUC (random effects) <strong>${fmt(pooled.auc)}</strong> ${fmtCi(pooled.ci)}${
        pooled.predictionInterval !== undefined ? html`; 95 % prediction interval for a new hospital <strong>${fmtCi(pooled.predictionInterval)}</strong>` : ''
      }${hetText !== '' ? html`; heterogeneity ${hetText}` : ''}.</p>`
    : ''
}
<div class="charts">
${v.roc.length > 0 ? await fig(rocCurvesChart(v.roc), 'chart-roc') : ''}
${await fig(forestPlotChart(v.sites, pooled), 'chart-forest')}
${hasCalibration(v) ? await calibrationForests(v, fig) : ''}
</div>
${hasCalibration(v) ? html`<h3>Calibration and clinical utility by site</h3>
<p>Calibration curves: lowess of the outcome on the predicted risk (as <code>rms::val.prob</code>) with a 95 % pointwise band.
Decision curves: net benefit of acting on the model at each threshold against treating everyone or no one (Vickers &amp; Elkin 2006).</p>
<div class="charts">${await siteCurves(v, fig)}</div>` : ''}
${v.adaptation !== undefined ? adaptationTable(v.adaptation) : ''}
${findingsTable('Validation findings', v.findings, 'No validation findings.')}`;
  return { id, title, body };
}

/** Calibration plot with slope and intercept. */
export async function calibrationSection(curves: ReportInput['calibration'], fig: FigureFn = figure): Promise<Section> {
  const id = 'calibration';
  const title = 'Calibration';
  if (curves === undefined || curves.length === 0) return { id, title, body: notRun('Calibration') };
  const rows = curves
    .filter((c) => c.slope !== undefined || c.intercept !== undefined)
    .map((c) => [c.label, fmt(c.slope ?? null, 2), fmt(c.intercept ?? null, 2)]);
  const body = html`${await fig(calibrationChart(curves), 'chart-calibration')}
${rows.length > 0 ? dataTable('Calibration slope (ideal 1) and intercept (ideal 0)', ['group', 'slope', 'intercept'], rows, { numeric: [false, true, true] }) : ''}`;
  return { id, title, body };
}

/** MC-dropout uncertainty histogram. */
export async function uncertaintySection(u: ReportInput['uncertainty'], fig: FigureFn = figure): Promise<Section> {
  const id = 'uncertainty';
  const title = 'MC-dropout uncertainty';
  if (u === undefined) return { id, title, body: notRun('MC-dropout prediction') };
  const body = html`<p>Each patient was scored ${u.passes} times with dropout active (batch normalisation in evaluation mode);
the spread of the predicted probability is the model's uncertainty for that patient. Patients in the right tail deserve a second look.</p>
${await fig(uncertaintyHistogramChart(u), 'chart-uncertainty')}
${uncertaintyTables(u)}`;
  return { id, title, body };
}

/** AUC per site without and with domain adaptation, and where adaptation hurt. */
function adaptationTable(a: NonNullable<ValidationSection['adaptation']>): SafeHtml {
  const auc = (x: number | null, ci: readonly [number, number] | null): string => (x === null ? '–' : `${fmt(x)} ${ci === null ? '' : fmtCi(ci)}`);
  const rows = a.sites.map((s) => [bdi(s.site), auc(s.auc, s.ci), auc(s.adaptedAuc, s.adaptedCi), s.auc === null || s.adaptedAuc === null ? '–' : (s.adaptedAuc - s.auc).toFixed(3)]);
  rows.push(['summary (random effects)', auc(a.pooled.auc, null), auc(a.pooled.adaptedAuc, null), a.pooled.auc === null || a.pooled.adaptedAuc === null ? '–' : (a.pooled.adaptedAuc - a.pooled.auc).toFixed(3)]);
  return html`<h3>Domain adaptation (${a.method}) against none</h3>
<p>The same validation repeated with adaptation; the deployed model is not adapted. ${a.findings.length === 0 ? 'Adaptation lowered no site\'s AUC below the unadapted 95 % CI.' : 'Where it lowered an AUC below the unadapted 95 % CI, an adaptation-hurts finding says so.'}</p>
${dataTable(`AUC without and with ${a.method}`, ['site', 'AUC (none)', `AUC (${a.method})`, 'change'], rows, { numeric: [false, true, true, true] })}
${a.findings.length > 0 ? findingsTable('Adaptation findings', a.findings, '') : ''}`;
}

/** The most uncertain patients by id, and per site whether the SD points at the model's errors. */
function uncertaintyTables(u: NonNullable<ReportInput['uncertainty']>): SafeHtml {
  const f = (v: number | null, d = 3): string => (v === null ? '–' : v.toFixed(d));
  const scope = u.scope !== undefined ? ` — ${u.scope}` : '';
  return html`${u.mostUncertain !== undefined && u.mostUncertain.length > 0
    ? u.mostUncertain.some((p) => p.site !== undefined)
      ? dataTable(`Most uncertain patients${scope}`, ['patient', 'site', 'SD', 'predicted risk', 'outcome'], u.mostUncertain.map((p) => [bdi(p.id), bdi(p.site ?? ''), f(p.sd), f(p.probability), String(p.outcome)]), { numeric: [false, false, true, true, true] })
      : dataTable(`Most uncertain patients${scope}`, ['patient', 'SD', 'predicted risk', 'outcome'], u.mostUncertain.map((p) => [bdi(p.id), f(p.sd), f(p.probability), String(p.outcome)]), { numeric: [false, true, true, true] })
    : ''}
${u.errorAuc !== undefined && u.errorAuc.length > 0
    ? dataTable(`Does the SD point at errors?${scope} AUC of the SD for |y − p| > 0.5 (0.5: it does not)`, ['site', 'patients', 'errors', 'AUC', 'Spearman'], u.errorAuc.map((g) => [bdi(g.site), String(g.n), String(g.errors), f(g.auc), f(g.spearman)]), { numeric: [false, true, true, true, true] })
    : ''}`;
}
