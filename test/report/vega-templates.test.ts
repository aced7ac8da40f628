// The Vega specs compiled ahead of time (src/report/vega-templates.ts, scripts/gen-vega-templates.ts)
// are what Vega-Lite compiles now, and serve the report's charts: each chart of the sample report
// (plain and hostile) is drawn from one, and its spec equals the chart's own Vega-Lite compile.
// Their runtime specs parsed ahead of time (src/report/vega-runtimes.ts) are what Vega parses now,
// and a View of one, filled with a chart's numbers, draws the SVG of the parse of the chart's own spec.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { report } from '../../src/index.js';
import { parse, version as vegaVersion, View, type Runtime, type Spec } from 'vega';
import { datasetName, splitSpec } from '../../src/report/chart-structure.js';
import { compileVegaLite, portableRuntime, vegaRuntimeOf, vegaSpecOf } from '../../src/report/compile-chart.js';
import { CHART_CONFIG, chartStructure, prefixIds, type Chart } from '../../src/report/render-chart.js';
import { VEGA_RUNTIMES, VEGA_RUNTIMES_VERSION } from '../../src/report/vega-runtimes.js';
import { VEGA_TEMPLATES } from '../../src/report/vega-templates.js';
import { sampleInput } from './sample-input.js';

/** The structure renderChart compiles for a chart (rows moved out, empty data sets named). */
function structureOf(chart: Chart): Record<string, unknown> {
  return chartStructure(chart)!;
}

async function sampleCharts(): Promise<Chart[]> {
  const charts: Chart[] = [];
  const collect = (chart: Chart): Promise<string> => (charts.push(chart), Promise.resolve('<svg></svg>'));
  await report.renderHtmlReport(sampleInput(), { renderChart: collect });
  await report.renderHtmlReport(sampleInput({ hostile: true }), { renderChart: collect });
  return charts;
}

test('every template compiled ahead is what Vega-Lite compiles now (else: node --import tsx scripts/gen-vega-templates.ts)', async () => {
  assert.ok(VEGA_TEMPLATES.size >= 11, `${VEGA_TEMPLATES.size} templates`);
  for (const [key, vega] of VEGA_TEMPLATES) {
    assert.equal(JSON.stringify(await compileVegaLite(JSON.parse(key) as Record<string, unknown>)), JSON.stringify(vega), `stale template: ${key.slice(0, 200)}`);
  }
});

test("each chart of the sample reports is drawn from a template compiled ahead, and its Vega spec equals the chart's own compile", async () => {
  const charts = await sampleCharts();
  assert.equal(charts.length, 22);
  for (const chart of charts) {
    const structure = structureOf(chart);
    const { spec, source } = await vegaSpecOf(structure);
    assert.equal(source, 'ahead', `${chart.title}: no template compiled ahead (run scripts/gen-vega-templates.ts)`);
    assert.equal(JSON.stringify(spec), JSON.stringify(await compileVegaLite(structure)), chart.title);
  }
});

test('a chart without a template compiled ahead is compiled here from its template, once, with the same result', async () => {
  // The uncertainty chart's axis title names the number of passes: 7 passes is a structure no report drew ahead.
  const chart = report.uncertaintyHistogramChart({ std: [0.01, 0.02, 0.05, 0.2], passes: 7 });
  const structure = structureOf(chart);
  const first = await vegaSpecOf(structure);
  assert.equal(first.source, 'compiled');
  assert.equal(JSON.stringify(first.spec), JSON.stringify(await compileVegaLite(structure)));
  // Another maximum SD: the same template, other numbers.
  const other = structureOf(report.uncertaintyHistogramChart({ std: [0.01, 0.3], passes: 7 }));
  const second = await vegaSpecOf(other);
  assert.equal(JSON.stringify(second.spec), JSON.stringify(await compileVegaLite(other)));
  assert.notEqual(JSON.stringify(second.spec), JSON.stringify(first.spec));
});

/** The SVG a View of `runtime` draws with the chart's own rows (ids renumbered as renderChart does). */
async function svgOf(runtime: Runtime, chart: Chart): Promise<string> {
  const view = new View(runtime, { renderer: 'none', logLevel: 0 });
  splitSpec({ config: CHART_CONFIG, ...chart.spec } as Record<string, unknown>)!.datasets.forEach((rows, k) => view.data(datasetName(k), rows));
  try {
    return prefixIds(await view.toSVG(), 'c');
  } finally {
    view.finalize();
  }
}

test('every runtime parsed ahead is what Vega parses now from its template (else: node --import tsx scripts/gen-vega-templates.ts)', () => {
  // Used only with the release that parsed them (vegaRuntimeOf parses each chart under any other).
  assert.equal(VEGA_RUNTIMES_VERSION, vegaVersion, 'parsed by the installed Vega release');
  assert.equal(VEGA_RUNTIMES.size, VEGA_TEMPLATES.size, 'every template has its runtime');
  for (const [key, runtime] of VEGA_RUNTIMES) {
    const vega = VEGA_TEMPLATES.get(key);
    assert.ok(vega !== undefined, `a runtime without its template: ${key.slice(0, 200)}`);
    assert.equal(JSON.stringify(portableRuntime(parse(vega as Spec))), runtime, `stale runtime: ${key.slice(0, 200)}`);
  }
});

test("each chart of the sample reports is drawn from a runtime parsed ahead: the parse of its own spec, and the same SVG", async () => {
  const charts = await sampleCharts();
  const drawn = new Set<string>();
  for (const chart of charts) {
    const structure = structureOf(chart);
    const { runtime, source } = await vegaRuntimeOf(structure);
    assert.equal(source, 'ahead', `${chart.title}: no runtime parsed ahead (run scripts/gen-vega-templates.ts)`);
    const own = parse(await compileVegaLite(structure));
    assert.equal(JSON.stringify(runtime), JSON.stringify(portableRuntime(own)), chart.title);
    // A View of the runtime draws what a View of the chart's own parse draws: once per chart kind.
    if (drawn.has(chart.title)) continue;
    drawn.add(chart.title);
    assert.equal(await svgOf(runtime, chart), await svgOf(own, chart), chart.title);
  }
});

test('a chart without a runtime parsed ahead is parsed here from its Vega spec, and draws the same SVG', async () => {
  const chart = report.uncertaintyHistogramChart({ std: [0.01, 0.02, 0.05, 0.2], passes: 7 });
  const structure = structureOf(chart);
  const { runtime, source } = await vegaRuntimeOf(structure);
  assert.equal(source, 'parsed');
  assert.equal(await svgOf(runtime, chart), await svgOf(parse(await compileVegaLite(structure)), chart));
});

test('portableRuntime: anonymous data sets are renumbered from 0 in order of first appearance, everywhere they are named', () => {
  const runtime = { operators: [{ id: 0, data: { '_:vega:_41': ['input'] } }, { id: 1, data: { '_:vega:_7': ['values'] }, params: { code: "data('_:vega:_41')" } }] };
  assert.deepEqual(portableRuntime(runtime as unknown as Runtime), {
    operators: [{ id: 0, data: { '_:vega:_0': ['input'] } }, { id: 1, data: { '_:vega:_1': ['values'] }, params: { code: "data('_:vega:_0')" } }],
  });
  // Parsing the same spec twice in one process gives other names, and the same portable runtime.
  const vega = [...VEGA_TEMPLATES.values()].find((v) => JSON.stringify(parse(v as Spec)).includes('_:vega:_'))!;
  assert.notEqual(JSON.stringify(parse(vega as Spec)), JSON.stringify(parse(vega as Spec)));
  assert.equal(JSON.stringify(portableRuntime(parse(vega as Spec))), JSON.stringify(portableRuntime(parse(vega as Spec))));
});
