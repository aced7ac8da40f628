import { bdi, html, type SafeHtml } from '../escape.js';
import type { ReportInput } from '../report-input.js';
import type { MedianIqr } from '../../update/updating-measures.js';
import { conformalText, updatingLines, updatingMethodText, updatingReading } from '../updating-text.js';
import type { Section } from './parts.js';
import { dataTable } from './table.js';

/**
 * The updating experiment of leave-one-site-out: what was done, the reading against the goal of
 * issue 16 (m = 50), and per site × m the model as developed and after each updating method
 * (median and IQR of O:E, CITL, |CITL|, slope and AUC over the draws); skipped combinations and
 * notes below.
 * @param u the experiment (absent: the caller leaves the section out).
 */
export function updatingSection(u: NonNullable<ReportInput['updating']>): Section {
  const rows = updatingLines(u).map((l) => [
    bdi(l.site),
    l.m,
    l.label === 'as developed' ? html`<em>${l.label}</em>` : l.label,
    l.nEvaluation,
    cell(l.oe),
    cell(l.citl),
    cell(l.absCitl),
    cell(l.slope),
    cell(l.auc, 3),
    l.levels,
  ]);
  const body = html`<p>${updatingMethodText(u)}</p>
${updatingReading(u).map((s) => html`<p class="note">${s}</p>`)}
${rows.length > 0
    ? dataTable(
        `Updating with m local patients, ${u.repeats} draws each: medians [IQR] on the rest of the site`,
        ['site', 'm', 'model', 'evaluation rows', 'O:E', 'CITL', '|CITL|', 'slope', 'AUC', `levels applied (of ${u.repeats})`],
        rows,
        { numeric: [false, true, false, true, true, true, true, true, true, false] },
      )
    : html`<p class="empty">No site had enough patients for any m.</p>`}
${conformalTable(u)}
${u.skipped.length > 0 ? html`<p>Skipped: ${u.skipped.map((s, i) => html`${i > 0 ? '; ' : ''}${bdi(s.site)}, m = ${s.m} (${s.reason})`)}.</p>` : ''}
${u.notes.length > 0 ? html`<ul>${u.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}`;
  return { id: 'updating', title: 'Updating for a new site', body };
}

/** A median with its IQR below it in small type ('–' when undefined). */
function cell(x: MedianIqr, digits = 2): SafeHtml | string {
  if (x.median === null) return '–';
  return html`${x.median.toFixed(digits)}${x.iqr !== null ? html`<br><small>[${x.iqr[0].toFixed(digits)}, ${x.iqr[1].toFixed(digits)}]</small>` : ''}`;
}

/** Coverage and {0,1} share of prediction sets calibrated on the same m local patients. */
function conformalTable(u: NonNullable<ReportInput['updating']>): SafeHtml | string {
  const c = u.conformal;
  if (c.length === 0) return '';
  const alpha = c[0]!.alpha;
  return html`<p>${conformalText(alpha)}</p>
${dataTable(
    `Prediction sets calibrated on m local patients (α = ${alpha}): medians [IQR] on the rest of the site`,
    ['site', 'm', `coverage (target ≥ ${(1 - alpha).toFixed(2)})`, 'share of {0,1} sets'],
    c.map((r) => [bdi(r.site), r.m, cell(r.coverage, 3), cell(r.shareBoth, 3)]),
    { numeric: [false, true, true, true] },
  )}`;
}
