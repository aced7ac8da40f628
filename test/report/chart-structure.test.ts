// report: renderChart compiles a chart's structure (spec less its inline rows) once and gives
// each chart of that structure its own rows in a fresh View. Reference: the plain path — the
// whole spec, rows inline, through vega-lite's compile, vega's parse, a View and toSVG — with
// the ids and the accessibility wrapper renderChart adds taken out of both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View } from 'vega';
import { report } from '../../src/index.js';
// The shared chart look is part of the reference spec (not on the public entry).
import { CHART_CONFIG } from '../../src/report/render-chart.js';
import { sampleCharts, sampleInput } from './sample-input.js';

const input = sampleInput();

async function reference(chart: report.Chart): Promise<string> {
  const view = new View(parse(compile({ config: CHART_CONFIG, ...chart.spec } as TopLevelSpec).spec), { renderer: 'none', logLevel: 0 });
  try {
    return normalise(await view.toSVG());
  } finally {
    view.finalize();
  }
}

// Drop role/aria, <title>/<desc>, and rename ids (Vega's clipN/gradient_N, renderChart's
// prefixed ones) by order of appearance.
function normalise(svg: string): string {
  const bare = svg.replace(/ role="img" aria-labelledby="[^"]*"/, '').replace(/<title id="[^"]*">.*?<\/title><desc id="[^"]*">.*?<\/desc>/s, '');
  const names = new Map<string, string>();
  for (const m of bare.matchAll(/\sid="([^"]+)"/g)) if (!names.has(m[1]!)) names.set(m[1]!, `i${names.size}`);
  return bare.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (m, head: string, name: string) => (names.has(name) ? head + names.get(name)! : m));
}

const learning = (n: number, shift: number, best: number): report.Chart =>
  report.learningCurveChart({
    label: `model ${n}`,
    trainLoss: Array.from({ length: n }, (_, e) => 0.7 * Math.exp(-e / 9) + shift),
    valLoss: Array.from({ length: n }, (_, e) => 0.72 * Math.exp(-e / 12) + 0.002 * e + shift),
    bestEpoch: best,
  });

test('every chart type: the first and the repeated (structure reused) rendering are the plain vega-lite + vega SVG', async () => {
  for (const [id, chart] of sampleCharts(input)) {
    const expected = await reference(chart);
    const first = await report.renderChart(chart, { id: `s-${id}` });
    const again = await report.renderChart(chart, { id: `t-${id}` });
    assert.equal(normalise(first), expected, `${id}: first rendering`);
    assert.equal(normalise(again), expected, `${id}: repeated rendering`);
  }
});

test('charts of one structure with other rows (epochs, losses, best epoch) each draw their own rows, in any order', async () => {
  const charts = [learning(30, 0, 12), learning(30, 0.1, 25), learning(7, 0.05, 3), learning(100, 0.2, 64)];
  const expected = await Promise.all(charts.map(reference));
  // the four share one structure: rendering A, B, C, D, then D, C, B, A reuses it every time but the first
  for (const k of [0, 1, 2, 3, 3, 2, 1, 0]) assert.equal(normalise(await report.renderChart(charts[k]!, { id: `l${k}` })), expected[k], `chart ${k}`);
  // and concurrently, on one thread: each View has its own rows
  const together = await Promise.all(charts.map((c, k) => report.renderChart(c, { id: `m${k}` })));
  together.forEach((svg, k) => assert.equal(normalise(svg), expected[k], `concurrent chart ${k}`));
  assert.notEqual(expected[0], expected[1]);
});

test('a layer whose rows are empty in one chart and not in another of the same structure', async () => {
  const spec = (rows: object[]): report.Chart => ({
    title: 't',
    description: 'd',
    spec: {
      width: 120,
      height: 80,
      layer: [
        { data: { values: [{ x: 0 }, { x: 1 }] }, mark: 'rule', encoding: { x: { field: 'x', type: 'quantitative' } } },
        { data: { values: rows }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
      ],
    },
  });
  for (const rows of [[], [{ x: 0.5, y: 2 }, { x: 0.2, y: 3 }], []]) {
    const chart = spec(rows);
    assert.equal(normalise(await report.renderChart(chart, { id: 'e' })), await reference(chart));
  }
});

test('specs whose data cannot move out (values not objects, a format, own datasets) render as before', async () => {
  const charts: report.Chart[] = [
    { title: 't', description: 'd', spec: { data: { values: [1, 3, 2] }, mark: 'tick', encoding: { x: { field: 'data', type: 'quantitative' } } } },
    { title: 't', description: 'd', spec: { data: { values: 'a\n1\n4', format: { type: 'csv' } }, mark: 'tick', encoding: { x: { field: 'a', type: 'quantitative' } } } },
    {
      title: 't',
      description: 'd',
      spec: { datasets: { own: [{ a: 1 }, { a: 2 }] }, data: { name: 'own' }, mark: 'tick', encoding: { x: { field: 'a', type: 'quantitative' } } },
    },
  ];
  for (const [k, chart] of charts.entries()) {
    const svg = await report.renderChart(chart, { id: `f${k}` });
    assert.equal(normalise(svg), await reference(chart), `spec ${k}`);
    assert.match(svg, /<path|<line/, `spec ${k} draws marks`);
  }
});

test('rendering leaves the chart as it was (rows are read, not rewritten)', async () => {
  const chart = learning(20, 0, 9);
  const before = JSON.stringify(chart);
  await report.renderChart(chart, { id: 'r1' });
  await report.renderChart(chart, { id: 'r2' });
  assert.equal(JSON.stringify(chart), before);
});
