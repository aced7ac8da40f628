import type { Finding } from '../../checks/finding.js';
import { severityRank } from '../../checks/finding.js';
import { bdi, html, SafeHtml } from '../escape.js';
import { renderChart, type Chart } from '../render-chart.js';
import { dataTable } from './table.js';
import { findingDetailsList } from './finding-details.js';

/** One report section: anchor id, heading and body. */
export interface Section {
  /** Anchor id (`#id`), also used for the heading's id. */
  id: string;
  /** Heading text. */
  title: string;
  /** Section body markup. */
  body: SafeHtml;
}

/**
 * A chart as a `<figure>`: inline accessible SVG plus a visible caption (title and description).
 * @param chart the chart to render.
 * @param id unique chart id in the page.
 */
export async function figure(chart: Chart, id: string): Promise<SafeHtml> {
  return figureMarkup(chart, new SafeHtml(await renderChart(chart, { id })));
}

/** How a section turns a chart into its `<figure>` markup ({@link figure}, or a deferring collector). */
export type FigureFn = (chart: Chart, id: string) => Promise<SafeHtml>;

/** The `<figure>` around a rendered chart (or a placeholder replaced by it later) and its caption. */
export function figureMarkup(chart: Chart, svg: SafeHtml): SafeHtml {
  return html`<figure>${svg}<figcaption><strong>${chart.title}.</strong> ${chart.description}</figcaption></figure>`;
}

/** A severity as a text badge (the word carries the meaning, colour only reinforces it). */
export function severityBadge(severity: Finding['severity']): SafeHtml {
  return html`<span class="sev sev-${severity}">${severity}</span>`;
}

/**
 * Findings as a table, most severe first; `details` in a collapsed `<details>` block.
 * @param caption table caption.
 * @param findings the findings.
 * @param none text shown when there are none.
 */
export function findingsTable(caption: string, findings: readonly Finding[], none: string): SafeHtml {
  if (findings.length === 0) return html`<p class="empty">${none}</p>`;
  const sorted = [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const counts = (['critical', 'warning', 'info'] as const)
    .map((s) => [s, sorted.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  return dataTable(
    `${caption} (${counts})`,
    ['code', 'severity', 'site', 'feature', 'message'],
    sorted.map((f) => [
      html`<code>${f.code}</code>`,
      severityBadge(f.severity),
      f.site === undefined ? '' : bdi(f.site),
      f.feature === undefined ? '' : bdi(f.feature),
      html`${f.message}${
        f.details !== undefined && Object.keys(f.details).length > 0
          ? html`<details><summary>details</summary>${findingDetailsList(f.details)}</details>`
          : ''
      }`,
    ]),
  );
}

/** The "this step was not run" note. */
export function notRun(what: string): SafeHtml {
  return html`<p class="empty">${what} was not run for this report.</p>`;
}
