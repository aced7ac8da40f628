import { html, SafeHtml } from '../escape.js';
import type { ReportInput } from '../report-input.js';
import { figureMarkup, type FigureFn, type Section } from './parts.js';
import { renderChart, type Chart } from '../render-chart.js';
import { leakageSection, recommendationSection, shiftSection, summarySection } from './sections-data.js';
import { calibrationSection, learningSection, uncertaintySection, validationSection } from './sections-model.js';
import { REPORT_CSS } from './style.js';
import { glanceSection, hasCalibration } from './sections-calibration.js';
import { updatingSection } from './sections-updating.js';

// No script, no network: the CSP makes the browser refuse both even if markup ever slipped through.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** Options of {@link renderHtmlReport}. */
export interface RenderReportOptions {
  /**
   * Renders one chart to SVG markup, as `renderChart` does (e.g. on a worker thread). With it every
   * chart is requested at once and rendered concurrently; the page is the same. Default: `renderChart`,
   * one chart after another.
   */
  renderChart?: (chart: Chart, options: { id: string }) => Promise<string>;
}

/**
 * Render the whole report as ONE self-contained HTML document: inline CSS, charts as inline SVG
 * rendered in Node, no `<script>`, no external request (a Content-Security-Policy forbids both).
 * Sections: at a glance (per site AUC, O:E, slope, net benefit, status and the random-effects
 * summaries, when the validation carries calibration); data summary; leakage findings; shift;
 * recommended configuration; learning curves; validation by site (table, ROC curves, AUC, O:E and
 * slope forest plots, per-site calibration and decision curves); updating for a new site (when the
 * input carries the leave-one-site-out updating experiment); calibration; MC-dropout uncertainty.
 * Every data-derived string is HTML-escaped.
 * @param input the results (see {@link ReportInput}); absent sections are shown as "not run".
 * @param options see {@link RenderReportOptions}.
 * @returns the HTML document.
 * @throws ValueError when a chart's data are inconsistent (see the chart builders).
 * @example
 * const page = await renderHtmlReport({ summary: { source: 'heart.csv', nRows: 0, target: 'num', columns: [], sites: [] } });
 */
export async function renderHtmlReport(input: ReportInput, options: RenderReportOptions = {}): Promise<string> {
  const title = input.title ?? 'clinreg report';
  // Sections get placeholders; the charts are rendered afterwards (all at once with a renderer).
  const charts: { chart: Chart; id: string }[] = [];
  const fig: FigureFn = (chart, id) => Promise.resolve(figureMarkup(chart, new SafeHtml(`<!--clinreg-chart:${charts.push({ chart, id }) - 1}-->`)));
  const sections: Section[] = [
    ...(hasCalibration(input.validation) ? [glanceSection(input.validation)] : []),
    summarySection(input.summary),
    leakageSection(input.leakage),
    await shiftSection(input.shift, fig),
    recommendationSection(input.recommendation),
    await learningSection(input.learningCurves, fig),
    await validationSection(input.validation, fig),
    ...(input.updating !== undefined ? [updatingSection(input.updating)] : []),
    await calibrationSection(input.calibration, fig),
    await uncertaintySection(input.uncertainty, fig),
  ];
  const svgs: string[] = [];
  if (options.renderChart !== undefined) svgs.push(...(await Promise.all(charts.map((c) => options.renderChart!(c.chart, { id: c.id })))));
  else for (const c of charts) svgs.push(await renderChart(c.chart, { id: c.id }));
  const p = input.provenance ?? {};
  const footer = [
    p.clinregVersion !== undefined ? `clinreg ${p.clinregVersion}` : 'clinreg',
    p.node !== undefined ? `Node.js ${p.node}` : '',
    p.kernelTier !== undefined ? `kernel tier ${p.kernelTier}` : '',
    p.seed !== undefined ? `seed ${p.seed}` : '',
  ].filter((s) => s !== '');
  const doc = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="clinreg">
<title>${title}</title>
<style>${new SafeHtml(REPORT_CSS)}</style>
</head>
<body>
<header>
<h1>${title}</h1>
<p class="meta">Data: <code>${input.summary.source}</code>${input.generatedAt !== undefined ? html` · generated ${input.generatedAt}` : ''}</p>
<nav aria-label="Contents"><ol>${sections.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>`)}</ol></nav>
</header>
<main>
${sections.map((s) => html`<section id="${s.id}" aria-labelledby="${s.id}-heading">
<h2 id="${s.id}-heading">${s.title}</h2>
${s.body}
</section>
`)}</main>
<footer>Produced by ${footer.join(' · ')}${p.command !== undefined ? html` — <code>${p.command}</code>` : ''}.</footer>
</body>
</html>
`;
  // A placeholder is markup no data can forge (data text is escaped: '<' becomes '&lt;').
  return doc.value.replace(/<!--clinreg-chart:(\d+)-->/g, (_m, k: string) => svgs[Number(k)]!);
}
