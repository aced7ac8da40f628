import { bdi, html } from '../escape.js';
import { fmt } from '../charts/format.js';
import { missingnessHeatmapChart } from '../charts/missingness-heatmap.js';
import { shiftHeatmapChart } from '../charts/shift-heatmap.js';
import type { DataSummary, RecommendationSection, ReportInput, ShiftSection } from '../report-input.js';
import { figure, findingsTable, notRun, type FigureFn, type Section } from './parts.js';
import { dataTable } from './table.js';

// Longer findings tables start collapsed (the charts above summarise them).
const LONG_TABLE = 12;

const pct = (k: number, n: number): string => (n > 0 ? `${((100 * k) / n).toFixed(1)} %` : '–');

/** Data summary: source, size, target, per-site counts and every column's role and missingness. */
export function summarySection(s: DataSummary): Section {
  const events = s.sites.reduce((a, x) => a + x.events, 0);
  const nonEvents = s.sites.reduce((a, x) => a + x.nonEvents, 0);
  const body = html`<dl class="kv">
<dt>source</dt><dd><code>${bdi(s.source)}</code></dd>
<dt>rows</dt><dd>${s.nRows}</dd>
<dt>target</dt><dd><code>${bdi(s.target)}</code>${s.positive !== undefined ? html` (event when <code>${bdi(s.positive)}</code>)` : ''}</dd>
<dt>site column</dt><dd>${s.site !== undefined ? html`<code>${bdi(s.site)}</code> (${s.sites.length} sites)` : 'none'}</dd>
${s.columns.length > 0 ? html`<dt>features</dt><dd>${s.columns.filter((c) => c.role === 'feature').length}</dd>` : ''}
</dl>
${
  s.sites.length > 0
    ? dataTable(
        'Patients and events by site',
        ['site', 'patients', 'events', 'non-events', 'event rate'],
        [
          ...s.sites.map((x) => [bdi(x.site), x.n, x.events, x.nonEvents, pct(x.events, x.n)]),
          [html`<strong>all</strong>`, s.nRows, events, nonEvents, pct(events, events + nonEvents)],
        ],
        { numeric: [false, true, true, true, true] },
      )
    : ''
}
${
  // No columns (a meta-analysis of site summaries has no rows): no 'features 0' and no empty table.
  s.columns.length > 0
    ? dataTable(
        'Columns: role, type and missing values',
        ['column', 'role', 'type', 'missing', 'missing %', 'levels'],
        s.columns.map((c) => [bdi(c.name), c.role, c.kind, c.missing, pct(c.missing, s.nRows), c.levels ?? '']),
        { numeric: [false, false, false, true, true, true] },
      )
    : ''
}`;
  return { id: 'data-summary', title: 'Data summary', body };
}

/** Leakage audit findings. */
export function leakageSection(findings: ReportInput['leakage']): Section {
  const body =
    findings === undefined
      ? notRun('The leakage audit')
      : findingsTable('Leakage findings', findings, 'No leakage findings: no patient or time overlap, duplicates, target proxies or identifier-like features were detected.');
  return { id: 'leakage', title: 'Leakage findings', body };
}

/** Domain shift: findings, site × feature heatmap and missingness heatmap. */
export async function shiftSection(shift: ShiftSection | undefined, fig: FigureFn = figure): Promise<Section> {
  const id = 'shift';
  const title = 'Domain shift across sites';
  if (shift === undefined) return { id, title, body: notRun('The shift diagnosis') };
  const options = { ...(shift.statistic !== undefined ? { statistic: shift.statistic } : {}), ...(shift.domain !== undefined ? { domain: shift.domain } : {}) };
  const table = findingsTable('Shift findings', shift.findings, 'No shift findings.');
  const body = html`<div class="charts">
${shift.matrix !== undefined ? await fig(shiftHeatmapChart(shift.matrix, options), 'chart-shift') : ''}
${shift.missingness !== undefined ? await fig(missingnessHeatmapChart(shift.missingness), 'chart-missingness') : ''}
</div>
${shift.findings.length > LONG_TABLE ? html`<details><summary>All ${shift.findings.length} shift findings</summary>${table}</details>` : table}`;
  return { id, title, body };
}

/** Recommended regularisation configuration with one reason per setting. */
export function recommendationSection(r: RecommendationSection | undefined): Section {
  const id = 'recommendation';
  const title = 'Recommended configuration';
  if (r === undefined) return { id, title, body: notRun('The recommender') };
  const assumed = `${r.arch}, ${r.nRows} training rows${r.positiveRate !== undefined ? `, event rate ${fmt(r.positiveRate, 2)}` : ''}`;
  const body = html`${dataTable(
    `Recommended settings for ${assumed}`,
    ['setting', 'value', 'why'],
    r.settings.map((s) => [html`<code>${s.name}</code>`, html`<code>${String(s.value)}</code>`, s.reason]),
  )}
${r.notes !== undefined && r.notes.length > 0 ? html`<ul>${r.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}`;
  return { id, title, body };
}
