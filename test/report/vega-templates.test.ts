// The Vega specs compiled ahead of time (src/report/vega-templates.ts, scripts/gen-vega-templates.ts)
// are what Vega-Lite compiles now, and serve the report's charts: each chart of the sample report
// (plain and hostile) is drawn from one, and its spec equals the chart's own Vega-Lite compile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { report } from '../../src/index.js';
import { compileVegaLite, vegaSpecOf } from '../../src/report/compile-chart.js';
import { chartStructure, type Chart } from '../../src/report/render-chart.js';
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
