// report: ROC, calibration and decision curves hand Vega only the vertices the drawing needs
// (charts/thin-polyline.ts, tolerance a quarter pixel). Reference: the same chart drawn by Vega
// with every vertex; the two SVGs' lines and bands are compared in the pixels Vega wrote (Hausdorff
// distance of the paths, sampled every 0.05 px), so the check does not rely on the builders' own
// idea of the scales.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { report } from '../../../src/index.js';

const TOLERANCE = 0.25;
const ROUNDING = 0.0015; // Vega writes path coordinates with 3 decimals

type Pt = [number, number];

// The (sub)paths of the line and area marks, in document order, as vertex lists (M/L commands only; an area's Z closes it).
function markPaths(svg: string): Pt[][] {
  const out: Pt[][] = [];
  for (const m of svg.matchAll(/<path [^>]*aria-roledescription="(?:line|area) mark"[^>]*\sd="([^"]*)"/g)) {
    const d = m[1]!;
    if (d === '') continue; // a line with no vertex in view
    assert.match(d, /^M[-\d.,eLM]*Z?$/, `polylines only: ${d.slice(0, 60)}`);
    // a line broken by a gap is several subpaths, each compared on its own
    for (const sub of d.split('M').slice(1)) {
      const pts = [...sub.matchAll(/(-?[\d.]+(?:e-?\d+)?),(-?[\d.]+(?:e-?\d+)?)/g)].map((p): Pt => [Number(p[1]), Number(p[2])]);
      if (sub.endsWith('Z')) pts.push(pts[0]!);
      out.push(pts);
    }
  }
  return out;
}

function segmentDistance(p: Pt, a: Pt, b: Pt): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

// Distance from points to a polyline; segments bucketed in 2-px cells: a segment within 2 px of
// the point crosses a cell next to the point's, so the nearest found there is exact when ≤ 2 px.
function nearness(line: readonly Pt[]): (p: Pt) => number {
  const C = 2;
  const cells = new Map<string, number[]>();
  for (let i = 0; i + 1 < line.length; i++) {
    const [a, b] = [line[i]!, line[i + 1]!];
    for (let cx = Math.floor(Math.min(a[0], b[0]) / C); cx <= Math.floor(Math.max(a[0], b[0]) / C); cx++) {
      for (let cy = Math.floor(Math.min(a[1], b[1]) / C); cy <= Math.floor(Math.max(a[1], b[1]) / C); cy++) {
        const key = `${cx},${cy}`;
        cells.set(key, [...(cells.get(key) ?? []), i]);
      }
    }
  }
  const all = (p: Pt): number => {
    let best = line.length === 1 ? Math.hypot(p[0] - line[0]![0], p[1] - line[0]![1]) : Infinity;
    for (let i = 0; i + 1 < line.length; i++) best = Math.min(best, segmentDistance(p, line[i]!, line[i + 1]!));
    return best;
  };
  return (p) => {
    let best = Infinity;
    const [cx, cy] = [Math.floor(p[0] / C), Math.floor(p[1] / C)];
    for (let x = cx - 1; x <= cx + 1; x++) for (let y = cy - 1; y <= cy + 1; y++) for (const i of cells.get(`${x},${y}`) ?? []) best = Math.min(best, segmentDistance(p, line[i]!, line[i + 1]!));
    return best <= C ? best : all(p);
  };
}

// Largest distance from a point of `a` (its vertices and every 0.05 px between) to the polyline `b`.
function directed(a: readonly Pt[], b: readonly Pt[]): number {
  const near = nearness(b);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, near(a[i]!));
    if (i + 1 === a.length) break;
    const [p, q] = [a[i]!, a[i + 1]!];
    const steps = Math.ceil(Math.hypot(q[0] - p[0], q[1] - p[1]) / 0.05);
    for (let s = 1; s < steps; s++) worst = Math.max(worst, near([p[0] + ((q[0] - p[0]) * s) / steps, p[1] + ((q[1] - p[1]) * s) / steps]));
  }
  return worst;
}

/** Renders both charts; returns the vertex counts, and checks every drawn line and band is within the tolerance. */
async function assertSameDrawing(thin: report.Chart, full: report.Chart, what: string): Promise<{ thin: number; full: number }> {
  const a = markPaths(await report.renderChart(thin, { id: 'thin' }));
  const b = markPaths(await report.renderChart(full, { id: 'full' }));
  assert.equal(a.length, b.length, `${what}: same number of lines and bands`);
  assert.ok(a.length > 0, what);
  a.forEach((path, k) => {
    const h = Math.max(directed(path, b[k]!), directed(b[k]!, path));
    assert.ok(h <= TOLERANCE + ROUNDING, `${what}: path ${k} is ${h.toFixed(4)} px from the full drawing (tolerance ${TOLERANCE})`);
  });
  const count = (ps: Pt[][]): number => ps.reduce((s, p) => s + p.length, 0);
  return { thin: count(a), full: count(b) };
}

// Even-indexed elements, then odd-indexed ones.
const scramble = <T>(v: readonly T[]): T[] => [...v.filter((_, i) => i % 2 === 0), ...v.filter((_, i) => i % 2 === 1)];

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

// An ROC curve from scores of n patients (ties-free staircase, as metrics.rocCurve gives).
function rocOf(n: number, seed: number): { fpr: number[]; tpr: number[] } {
  const r = lcg(seed);
  const rows = Array.from({ length: n }, () => {
    const y = r() < 0.35 ? 1 : 0;
    return { y, s: y + 1.2 * (r() + r() + r()) };
  }).sort((u, v) => v.s - u.s);
  const pos = rows.filter((x) => x.y === 1).length;
  const fpr = [0];
  const tpr = [0];
  let [tp, fp] = [0, 0];
  for (const x of rows) {
    if (x.y === 1) tp++;
    else fp++;
    fpr.push(fp / (n - pos));
    tpr.push(tp / pos);
  }
  return { fpr, tpr };
}

test('ROC curves of 3000 and 300 patients: drawn within a quarter pixel of every vertex, with far fewer vertices', async () => {
  const curves = [
    { site: 'big', auc: 0.8, ...rocOf(3000, 7) },
    { site: 'small', auc: 0.7, ...rocOf(300, 11) },
  ];
  const thin = report.rocCurvesChart(curves);
  const layer = (thin.spec as { layer: { data: { values: object[] } }[] }).layer;
  const full = structuredClone(thin);
  (full.spec as typeof thin.spec & { layer: typeof layer }).layer[1]!.data.values = curves.flatMap((c) =>
    c.fpr.map((fpr, i) => ({ key: `${c.site} (AUC ${c.auc.toFixed(3)})`, order: i, fpr, tpr: c.tpr[i]! })),
  );
  assert.equal(full.description, thin.description);
  const n = await assertSameDrawing(thin, full, 'roc');
  assert.ok(n.thin * 4 < n.full, `vertices ${n.thin} of ${n.full}`);
  // the first and last points of each curve stay
  for (const c of curves) {
    const rows = layer[1]!.data.values.filter((r) => (r as { key: string }).key.startsWith(c.site)) as { fpr: number; tpr: number }[];
    assert.deepEqual([rows[0]!.fpr, rows[0]!.tpr, rows.at(-1)!.fpr, rows.at(-1)!.tpr], [0, 0, 1, 1]);
  }
});

test('calibration curves with bands (one with a gap in its band): curve and band edges within a quarter pixel', async () => {
  const grid = Array.from({ length: 200 }, (_, i) => 0.02 + (0.96 * i) / 199);
  const sites: report.SiteCalibrationCurve[] = [0, 1, 2].map((k) => ({
    site: `site ${k}`,
    predicted: grid,
    observed: grid.map((p) => p + 0.08 * Math.sin(6 * p + k) * p),
    lower: grid.map((p, i) => (k === 2 && i > 80 && i < 90 ? NaN : p - 0.1 + 0.05 * Math.sin(9 * p))),
    upper: grid.map((p) => p + 0.12 + 0.1 * p * p),
    ici: 0.03,
  }));
  // site 1's grid out of order (even, then odd points): drawn by ascending predicted risk all the same
  const s1 = sites[1]!;
  sites[1] = { ...s1, predicted: scramble(s1.predicted), observed: scramble(s1.observed), lower: scramble(s1.lower!), upper: scramble(s1.upper!) };
  const thin = report.calibrationCurvesChart(sites);
  const full = structuredClone(thin);
  const spec = full.spec as { data: { values: Record<string, unknown>[] } };
  const clip = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : Math.min(1, Math.max(0, v)));
  spec.data.values = [
    ...sites.flatMap((c, k) =>
      c.predicted.map((p, i) => ({ panel: c.site, order: k, predicted: p, observed: clip(c.observed[i]), lower: clip(c.lower![i]), upper: clip(c.upper![i]), series: 'curve' })),
    ),
    ...spec.data.values.filter((r) => r.series === 'ideal'),
  ];
  const n = await assertSameDrawing(thin, full, 'calibration curves');
  assert.ok(n.thin * 2 < n.full, `vertices ${n.thin} of ${n.full}`);
  // the gap of site 2's band is still a gap: the rows around it are all there
  const rows = (thin.spec as typeof spec).data.values.filter((r) => r.panel === 'site 2' && r.series === 'curve');
  for (let i = 80; i <= 90; i++) assert.ok(rows.some((r) => r.predicted === grid[i]), `row ${i} kept`);
});

test('decision curves on a fine threshold grid: each strategy within a quarter pixel; treat-none is two vertices', async () => {
  const t = Array.from({ length: 300 }, (_, i) => 0.01 + (0.8 * i) / 299);
  const curve = (prev: number, k: number): report.SiteDecisionCurve => ({
    site: `site ${k}`,
    points: t.map((x) => ({ threshold: x, treatAll: prev - ((1 - prev) * x) / (1 - x), model: Math.max(0, prev * (1 - 1.3 * x) - 0.02 * Math.sin(20 * x)) })),
  });
  const mixed = curve(0.25, 1); // points in any order (even, then odd ones): drawn by ascending threshold
  const curves = [curve(0.4, 0), { ...mixed, points: scramble(mixed.points) }];
  const thin = report.decisionCurvesChart(curves);
  const full = structuredClone(thin);
  (full.spec as { data: { values: object[] } }).data.values = curves.flatMap((c, k) =>
    c.points.flatMap((p) => [
      { panel: c.site, order: k, threshold: p.threshold, netBenefit: p.model, strategy: 'model' },
      { panel: c.site, order: k, threshold: p.threshold, netBenefit: p.treatAll, strategy: 'treat all' },
      { panel: c.site, order: k, threshold: p.threshold, netBenefit: 0, strategy: 'treat none' },
    ]),
  );
  const n = await assertSameDrawing(thin, full, 'decision curves');
  assert.ok(n.thin * 3 < n.full, `vertices ${n.thin} of ${n.full}`);
  const none = (thin.spec as { data: { values: { strategy: string; panel: string }[] } }).data.values.filter((r) => r.strategy === 'treat none' && r.panel === 'site 0');
  assert.equal(none.length, 2);
});

test('learning curves of 400 epochs (a non-finite stretch in one series): lines and gap within a quarter pixel', async () => {
  const r = lcg(5);
  const n = 400;
  const trainLoss = Array.from({ length: n }, (_, e) => 0.25 + 0.45 * Math.exp(-e / 40));
  const valLoss = Array.from({ length: n }, (_, e) => (e >= 200 && e < 205 ? NaN : 0.3 + 0.4 * Math.exp(-e / 50) + 0.0004 * e + 0.004 * (r() - 0.5)));
  const thin = report.learningCurveChart({ label: 'long', trainLoss, valLoss, bestEpoch: 150 });
  const full = structuredClone(thin);
  const layers = (full.spec as { layer: { data: { values: object[] } }[] }).layer;
  const fin = (v: number): number | null => (Number.isFinite(v) ? v : null);
  layers[0]!.data.values = trainLoss.flatMap((t, e) => (Number.isFinite(valLoss[e]!) ? [{ epoch: e + 1, lo: Math.min(t, valLoss[e]!), hi: Math.max(t, valLoss[e]!) }] : []));
  layers[1]!.data.values = trainLoss.flatMap((t, e) => [
    { epoch: e + 1, loss: fin(t), series: 'training' },
    { epoch: e + 1, loss: fin(valLoss[e]!), series: 'validation' },
  ]);
  const n2 = await assertSameDrawing(thin, full, 'learning curves');
  assert.ok(n2.thin < 0.7 * n2.full, `vertices ${n2.thin} of ${n2.full}`); // the noisy validation loss keeps most of its own
});
