import type { TopLevelSpec } from 'vega-lite';
import type { Loader, Runtime } from 'vega';
import { ValueError } from '../errors.js';
import { compiledStructure, datasetName, splitSpec, StructureCache } from './chart-structure.js';
import { compileVegaLite, vegaRuntimeOf } from './compile-chart.js';
import { escapeHtml, stripSpoofing } from './escape.js';
import { cachingExpressionCodegen } from './vega-expressions.js';

/**
 * A chart as plain data: a Vega-Lite specification with inline data, plus the title and the
 * text description that screen readers announce. Every chart builder in report/ returns one.
 */
export interface Chart {
  /** Short title, used as the figure caption and the SVG `<title>`. */
  title: string;
  /** One or two sentences stating what the chart shows in numbers (SVG `<desc>`). */
  description: string;
  /** Vega-Lite specification; data must be inline (`data.values`), never a URL. */
  spec: TopLevelSpec;
}

// The report must never touch the network or the file system while rendering: every load is
// refused and recorded. Vega swallows loader errors (it logs them and renders without the data),
// so renderChart checks the record afterwards and fails loudly.
function refusingLoader(refused: string[]): Loader {
  const refuse = (uri: string): Promise<never> => {
    refused.push(uri);
    return Promise.reject(new Error(`refused to load ${uri}`));
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

/** The Vega-Lite spec renderChart draws for a chart: its spec over the shared {@link CHART_CONFIG}. */
function chartSpec(chart: Chart): Record<string, unknown> {
  return { config: CHART_CONFIG, ...chart.spec } as Record<string, unknown>;
}

/**
 * The Vega-Lite structure renderChart compiles for a chart (its spec less its inline rows, see
 * chart-structure.ts), or null for a chart compiled as it is. For the template generator and its tests.
 */
export function chartStructure(chart: Chart): Record<string, unknown> | null {
  const split = splitSpec(chartSpec(chart));
  return split === null ? null : compiledStructure(split);
}

// Parsed Vega runtime specs by chart structure (the spec without its inline rows).
const runtimes = new StructureCache<Runtime>(32);

/** Shared look of every chart: system fonts only (no web fonts), quiet grid, readable sizes. */
export const CHART_CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  background: 'white',
  view: { stroke: '#ccc' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  title: { fontSize: 13 },
} as const;

/**
 * Render a chart to a standalone, accessible SVG string in Node: Vega-Lite is compiled to Vega,
 * run headless (`renderer: 'none'`) and serialised with `View.toSVG()`. No DOM, no canvas, no
 * network. The root `<svg>` gets `role="img"`, a `<title>` and a `<desc>`; element ids (clip
 * paths, gradients) are prefixed with `id` so several charts can be inlined in one page. The
 * report's chart kinds come compiled and parsed ahead of time (vega-templates.ts, vega-runtimes.ts:
 * the Vega-Lite compile and the Vega parse of a cold process were ~0.25 s each of a report's
 * charts); a chart whose structure (the spec less its
 * inline rows) was drawn before in this process reuses that parsed spec with its own rows: the
 * same SVG, without compiling or parsing again.
 * @param chart the chart (see {@link Chart}).
 * @param options.id unique id for this chart within the page, `[A-Za-z][\w-]*`.
 * @throws ValueError for a bad id or when the spec tries to load a URL.
 * @example
 * const svg = await renderChart(learningCurveChart(history), { id: 'learning-curve' });
 */
export async function renderChart(chart: Chart, options: { id: string }): Promise<string> {
  const { id } = options;
  if (!/^[A-Za-z][\w-]*$/.test(id)) {
    throw new ValueError(`renderChart: id must match [A-Za-z][\\w-]* to be a safe element id. Received: id=${JSON.stringify(id)}.`);
  }
  // Vega loads on first use (Vega-Lite only for a chart without a template compiled ahead): commands that draw no chart start faster.
  const vega = await import('vega');
  const spec = chartSpec(chart);
  // A structure drawn before is not compiled or parsed again: its rows go to a fresh View (see chart-structure.ts).
  const split = splitSpec(spec);
  let runtime: Runtime;
  if (split === null) runtime = vega.parse(await compileVegaLite(spec));
  else {
    const key = JSON.stringify(split.structure);
    let cached = runtimes.peek(key);
    if (cached === undefined) {
      // Made from the key itself, so a chart's SVG depends on its structure and rows only.
      const { runtime: made } = await vegaRuntimeOf(compiledStructure({ structure: JSON.parse(key) as Record<string, unknown>, datasets: split.datasets }));
      cached = runtimes.get(key, () => made);
    }
    runtime = cached;
  }
  const refused: string[] = [];
  // Each expression compiled once per thread (vega-expressions.ts): the charts of a report share most of theirs.
  const view = new vega.View(runtime, { renderer: 'none', loader: refusingLoader(refused), logLevel: 0, expr: cachingExpressionCodegen(vega) });
  split?.datasets.forEach((rows, k) => view.data(datasetName(k), rows));
  try {
    const svg = await view.toSVG();
    if (refused.length > 0) {
      throw new ValueError(`renderChart: charts must use inline data (data.values). Received: a URL ${JSON.stringify(refused[0])} in chart '${id}'.`);
    }
    // Labels come from data: no bidi override or control character reaches the report (H4, #19).
    return accessibleSvg(prefixIds(stripSpoofing(svg), id), id, chart);
  } finally {
    view.finalize();
  }
}

/**
 * `svg` with its element ids (clip paths, gradients; Vega numbers them with a process-wide counter)
 * renamed `<prefix>-d1`, `<prefix>-d2`, … in order of appearance, references included: unique
 * within a page and reproducible. Exported for the template generator.
 */
export function prefixIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!names.has(m[1]!)) names.set(m[1]!, `${prefix}-d${names.size + 1}`);
  if (names.size === 0) return svg;
  return svg
    .replace(/(\sid=")([^"]+)"/g, (_m, head: string, v: string) => `${head}${names.get(v)!}"`)
    .replace(/url\(#([^)]+)\)/g, (m, v: string) => (names.has(v) ? `url(#${names.get(v)!})` : m))
    .replace(/(href=")#([^"]+)"/g, (m, head: string, v: string) => (names.has(v) ? `${head}#${names.get(v)!}"` : m));
}

function accessibleSvg(svg: string, id: string, chart: Chart): string {
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (open === null) throw new ValueError(`renderChart: Vega returned no <svg> root for chart '${id}'.`);
  const tag = open[0].replace(/>$/, ` role="img" aria-labelledby="${id}-title ${id}-desc">`);
  const a11y = `<title id="${id}-title">${escapeHtml(chart.title)}</title><desc id="${id}-desc">${escapeHtml(chart.description)}</desc>`;
  return tag + a11y + svg.slice(open[0].length);
}
