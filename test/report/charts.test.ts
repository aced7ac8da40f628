import { test } from 'node:test';
import assert from 'node:assert/strict';
import { report, ValueError } from '../../src/index.js';
import { HOSTILE, sampleCharts, sampleInput } from './sample-input.js';

const input = sampleInput({ hostile: true });
const v = input.validation!;

function assertValueError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ValueError, `expected ValueError, got ${String(err)}`);
    assert.equal(err.code, 'E_VALUE');
    assert.match(err.message, pattern);
    return true;
  });
}

test('every chart renders to an accessible SVG: role=img, <title>, <desc>, escaped text', async () => {
  for (const [id, chart] of sampleCharts(input)) {
    const svg = await report.renderChart(chart, { id: `c-${id}` });
    assert.match(svg, /^<svg [^>]*role="img"[^>]*aria-labelledby="c-[a-z]+-title c-[a-z]+-desc"/, id);
    assert.ok(svg.includes(`<title id="c-${id}-title">`), id);
    assert.ok(svg.includes(`<desc id="c-${id}-desc">`), id);
    assert.ok(svg.endsWith('</svg>'), id);
    assert.ok(!svg.includes('<script'), `${id}: raw <script> in SVG`);
    assert.ok(!/\s(?:href|src)="https?:/i.test(svg), `${id}: external reference`);
  }
});

test('data-derived text is escaped inside SVG (site and feature names, titles)', async () => {
  const shift = await report.renderChart(report.shiftHeatmapChart(input.shift!.matrix!), { id: 'x' });
  assert.ok(shift.includes('&lt;script&gt;'), 'escaped hostile label present');
  assert.ok(!shift.includes(HOSTILE));
  const chart = { ...report.calibrationChart(input.calibration!), title: `T ${HOSTILE}`, description: `D "${HOSTILE}" & more` };
  const svg = await report.renderChart(chart, { id: 'y' });
  assert.ok(svg.includes('<title id="y-title">T &lt;script&gt;alert(1)&lt;/script&gt;</title>'));
  assert.ok(svg.includes('<desc id="y-desc">D &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &amp; more</desc>'));
});

test('element ids inside a chart are prefixed so several charts can share a page', async () => {
  const svg = await report.renderChart(report.rocCurvesChart(v.roc), { id: 'roc' });
  const ids = [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(ids.length >= 2);
  for (const id of ids) assert.ok(id.startsWith('roc-'), id);
  for (const m of svg.matchAll(/url\(#([^)]+)\)/g)) assert.ok(ids.includes(m[1]!), `dangling reference ${m[1]}`);
});

test('renderChart: bad id and URL data are refused', async () => {
  const chart = report.uncertaintyHistogramChart({ std: [0.1, 0.2], passes: 30 });
  await assert.rejects(report.renderChart(chart, { id: '1bad"id' }), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
  const remote: report.Chart = { title: 't', description: 'd', spec: { data: { url: 'https://example.com/x.json' }, mark: 'point' } };
  await assert.rejects(report.renderChart(remote, { id: 'r' }), (e: unknown) => e instanceof ValueError && /inline data/.test(e.message));
});

test('descriptions state the numbers a screen-reader user needs', () => {
  const charts = Object.fromEntries(sampleCharts(input));
  assert.match(charts.learning!.description, /40 epochs\. Best epoch 19 \(validation loss 0\.\d{3}\)/);
  assert.match(charts.roc!.description, /switzerland undefined/);
  assert.match(charts.forest!.description, /Pooled AUC 0\.810 \[0\.740, 0\.870\]/);
  assert.match(charts.forest!.description, /prediction interval for a new hospital \[0\.550, 0\.940\]/);
  assert.match(charts.forest!.description, /undefined \(one class\) for switzerland/);
  assert.match(charts.missingness!.description, /chol at switzerland 100 %/);
  assert.match(charts.uncertainty!.description, /920 patients over 30 passes: median 0\.\d+/);
});

test('uncertainty histogram bins every patient exactly once', () => {
  const std = [0, 0.05, 0.1, 0.1, 0.2, 0.2, 0.2];
  const chart = report.uncertaintyHistogramChart({ std, passes: 30, bins: 4 });
  const layer = (chart.spec as { layer: { data?: { values: { lo: number; hi: number; count: number }[] } }[] }).layer[0]!;
  const bars = layer.data!.values;
  assert.equal(bars.length, 4);
  assert.deepEqual(bars.map((b) => b.count), [1, 1, 2, 3]);
  assert.equal(bars[3]!.hi, 0.2);
});

test('learning curve: gap band spans both losses and the best epoch is marked', () => {
  const chart = report.learningCurveChart({ label: 'm', trainLoss: [0.7, 0.5, 0.4], valLoss: [0.69, 0.55, NaN], bestEpoch: 2 });
  const layers = (chart.spec as { layer: { data?: { values: Record<string, unknown>[] } }[] }).layer;
  assert.deepEqual(layers[0]!.data!.values, [
    { epoch: 1, lo: 0.69, hi: 0.7 },
    { epoch: 2, lo: 0.5, hi: 0.55 },
  ]);
  assert.deepEqual(layers[2]!.data!.values, [{ epoch: 2, loss: 0.55, label: 'best epoch 2' }]);
  // a non-finite loss is a gap (null), not a fabricated point
  assert.ok(layers[1]!.data!.values.some((p) => p['epoch'] === 3 && p['series'] === 'validation' && p['loss'] === null));
});

test('chart builders validate their input (ValueError, code E_VALUE)', () => {
  assertValueError(() => report.learningCurveChart({ label: 'm', trainLoss: [1, 2], valLoss: [1], bestEpoch: 1 }), /equal length/);
  assertValueError(() => report.learningCurveChart({ label: 'm', trainLoss: [1, 2], valLoss: [1, 2], bestEpoch: 3 }), /bestEpoch must be an integer in 1…2/);
  assertValueError(() => report.rocCurvesChart([{ site: 'a', fpr: [0, 1], tpr: [0], auc: 0.5 }]), /equal length/);
  assertValueError(() => report.rocCurvesChart([{ site: 'a', fpr: [0, 1.5], tpr: [0, 1], auc: 0.5 }]), /\[0, 1\]/);
  assertValueError(() => report.forestPlotChart([{ site: 'a', n: 10, auc: 0.9, ci: [0.5, 0.8] }]), /lo ≤ auc ≤ hi/);
  assertValueError(() => report.forestPlotChart([], { auc: 0.8, ci: [0.7, 0.9], predictionInterval: [0.85, 0.95] }), /prediction interval/);
  assertValueError(() => report.calibrationChart([{ label: 'g', bins: [{ meanPredicted: 1.2, fractionPositive: 0.5, count: 3 }] }]), /\[0, 1\]/);
  assertValueError(() => report.shiftHeatmapChart({ sites: ['a', 'b'], features: ['x'], values: [[0.1]] }), /2 × 1 matrix/);
  assertValueError(() => report.missingnessHeatmapChart({ sites: ['a'], features: ['x'], values: [[1.5]] }), /fractions in \[0, 1\]/);
  assertValueError(() => report.uncertaintyHistogramChart({ std: [], passes: 30 }), /at least one value/);
  assertValueError(() => report.uncertaintyHistogramChart({ std: [0.1, -0.2], passes: 30 }), /finite and ≥ 0/);
  assertValueError(() => report.uncertaintyHistogramChart({ std: [0.1], passes: 30, bins: 0 }), /bins must be an integer ≥ 1/);
});

test('escapeHtml escapes the five HTML-special characters', () => {
  assert.equal(report.escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  assert.equal(report.escapeHtml(42), '42');
});

test('calibration charts: descriptions carry the numbers; bad input is a ValueError', () => {
  const oe = report.ratioForestChart('O:E ratio', [{ site: 'a', n: 10, estimate: 1.4, ci: [1.2, 1.6] }, { site: 'b', n: 5, estimate: null, ci: null }]);
  assert.match(oe.description, /a 1\.40 \[1\.20, 1\.60\]/);
  assert.match(oe.description, /Not estimable at b/);
  assertValueError(() => report.ratioForestChart('slope', [{ site: 'a', n: 10, estimate: 2, ci: [0.5, 1] }]), /lo ≤ estimate ≤ hi/);
  const dc = report.decisionCurvesChart([{ site: 'a', points: [{ threshold: 0.1, model: 0.3, treatAll: 0.2 }, { threshold: 0.2, model: 0.25, treatAll: 0.1 }] }]);
  assert.match(dc.description, /a: model best from 0\.10 to 0\.20/);
  assertValueError(() => report.decisionCurvesChart([{ site: 'a', points: [{ threshold: 1, model: 0, treatAll: 0 }] }]), /thresholds in \(0, 1\)/);
  assertValueError(() => report.calibrationCurvesChart([{ site: 'a', predicted: [0.1, 0.2], observed: [0.1] }]), /one length/);
});
