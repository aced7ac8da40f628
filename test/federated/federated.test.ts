// Federated validation: per-site summaries pooled by federated.metaAnalyse give the numbers an
// in-process validate.evaluateCrossSite gives over the rows; small cells never reach a summary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conformal, data, DataError, federated, validate } from '../../src/index.js';

const HEART = 'data/heart-disease/heart_disease_4sites.csv';

/** Heart data with a fixed risk score (age, sex, chest-pain type): the predictions of a known model. */
async function heart(): Promise<{ table: data.Table; y: Float64Array; p: Float64Array; sites: string[] }> {
  const table = await data.readCsv(HEART);
  const age = table.numbers('age');
  const sex = table.numbers('sex');
  const cp = table.numbers('cp');
  const num = table.numbers('num');
  const sites = table.strings('site').map((s) => s!);
  const y = Float64Array.from(num, (v) => (v > 0 ? 1 : 0));
  const p = Float64Array.from(age, (a, i) => 1 / (1 + Math.exp(-(-6 + 0.06 * a + 1.1 * sex[i]! + 0.7 * (cp[i]! === 4 ? 1 : 0) + 0.2 * cp[i]!))));
  return { table, y, p, sites };
}

function rowsOf(sites: readonly string[], site: string): number[] {
  return sites.flatMap((s, i) => (s === site ? [i] : []));
}

/** One summary file per hospital, each computed from that hospital's rows only, through JSON. */
function perSiteFiles(h: Awaited<ReturnType<typeof heart>>, ranges: conformal.FeatureRange[]): federated.SiteSummaryFile[] {
  return [...new Set(h.sites)].map((site) => {
    const rows = rowsOf(h.sites, site);
    const file = federated.summariseSites(
      { yTrue: rows.map((r) => h.y[r]!), yProb: rows.map((r) => h.p[r]!), sites: rows.map(() => site) },
      { target: 'num', features: { table: h.table, rows, ranges } },
    );
    return federated.parseSiteSummary(JSON.stringify(file), `${site}.summary.json`);
  });
}

test('per-site results, random-effects summaries and heterogeneity from summaries equal the in-process ones exactly', async () => {
  const h = await heart();
  const ranges = conformal.trainingRanges(h.table, ['age', 'sex', 'cp', 'chol', 'trestbps'], rowsOf(h.sites, 'cleveland'));
  const meta = federated.metaAnalyse(perSiteFiles(h, ranges));
  const inProcess = validate.evaluateCrossSite({ yTrue: h.y, yProb: h.p, sites: h.sites }, { reference: 'mean' });
  assert.equal(meta.sites.length, 4);
  assert.deepEqual(meta.suppressed, []);
  for (const want of inProcess.sites) {
    const got = meta.sites.find((s) => s.site === want.site)!;
    // Everything but the lowess curve (its grid runs from the smallest to the largest prediction: row-level).
    assert.deepEqual({ ...got, calibrationCurve: null }, { ...want, calibrationCurve: null }, want.site);
  }
  assert.deepEqual(meta.summaries, inProcess.summaries);
  assert.deepEqual(meta.heterogeneity, inProcess.heterogeneity);
  assert.equal(meta.meanAuc, inProcess.meanAuc);
  const cross = meta.findings.filter((f) => f.code.startsWith('site-'));
  assert.deepEqual(cross, inProcess.findings);
  // Pooled sums agree with all rows together up to summation order.
  assert.equal(meta.pooled.n, inProcess.pooled.n);
  assert.equal(meta.pooled.events, inProcess.pooled.events);
  assert.ok(Math.abs(meta.pooled.oe - inProcess.pooled.oe!) < 1e-12);
  assert.ok(Math.abs(meta.pooled.oeCi[0] - inProcess.pooled.oeCi![0]) < 1e-12);
  assert.ok(Math.abs(meta.pooled.brier - inProcess.pooled.brier) < 1e-12);
  meta.pooled.netBenefit.forEach((pt, t) => {
    const want = inProcess.pooled.netBenefit[t]!;
    assert.equal(pt.threshold, want.threshold);
    assert.ok(Math.abs(pt.model - want.model) < 1e-12 && Math.abs(pt.treatAll - want.treatAll) < 1e-12, `NB at ${pt.threshold}`);
  });
  // The HTML report input carries the same table.
  const input = federated.metaReportInput(meta, ['a.json']);
  assert.equal(input.validation!.sites.length, 4);
  assert.equal(input.calibration!.length, 4);
});

/** Every count in a summary is 0 or ≥ 5; bins and levels ≥ 5. */
function assertNoSmallCounts(file: federated.SiteSummaryFile): void {
  const bad = (c: number | null): boolean => c !== null && c > 0 && c < federated.MIN_CELL;
  for (const s of file.sites) {
    if (s.suppressed) {
      assert.deepEqual(Object.keys(s).sort(), ['reason', 'site', 'suppressed']);
      continue;
    }
    for (const c of [s.n, s.events, s.nonEvents]) assert.ok(!bad(c), `${s.site}: ${c}`);
    for (const b of s.calibrationBins) assert.ok(b.events >= 5 && b.n - b.events >= 5, `${s.site}: bin ${JSON.stringify(b)}`);
    for (const f of s.features) {
      assert.ok(!bad(f.missing), `${s.site} ${f.feature}: missing ${f.missing}`);
      const counts = f.kind === 'numeric' ? f.bins.map((b) => b.count) : f.groups.map((g) => g.count);
      for (const c of counts) assert.ok(c >= 5, `${s.site} ${f.feature}: count ${c}`);
    }
  }
}

test('small cells: a site with < 5 events is suppressed, bins and levels merge to ≥ 5, no prediction or feature value appears', async () => {
  const h = await heart();
  const ranges = conformal.trainingRanges(h.table, ['age', 'sex', 'cp', 'chol', 'trestbps', 'ca', 'thal'], rowsOf(h.sites, 'cleveland'));
  // A small clinic: the first 4 events and 30 non-events of hungarian.
  const hung = rowsOf(h.sites, 'hungarian');
  const small = [...hung.filter((r) => h.y[r] === 1).slice(0, 4), ...hung.filter((r) => h.y[r] === 0).slice(0, 30)];
  const rows = [...rowsOf(h.sites, 'va'), ...small];
  const sites = rows.map((r) => (small.includes(r) ? 'clinic' : h.sites[r]!));
  const file = federated.summariseSites({ yTrue: rows.map((r) => h.y[r]!), yProb: rows.map((r) => h.p[r]!), sites }, { features: { table: h.table, rows, ranges } });
  assert.deepEqual(file.sites.find((s) => s.site === 'clinic'), { site: 'clinic', suppressed: true, reason: 'fewer than 5 events or non-events: not summarised (small-cell suppression)' });
  assertNoSmallCounts(file);
  const va = file.sites.find((s) => s.site === 'va');
  assert.ok(va !== undefined && !va.suppressed);
  assert.ok(va.features.some((f) => f.kind === 'numeric' && f.bins.some((b) => b.last > b.first)), 'some numeric bins merged');
  // No row-level value: no row's predicted risk appears (continuous, so a match would be a leak;
  // coarse feature values such as oldpeak 0.5 coincide with aggregates by chance and are covered by
  // the structure: features appear only as counts on the model's edges).
  const rowValues = new Set<number>(rows.map((r) => h.p[r]!));
  const numbers: number[] = [];
  JSON.stringify(file, (key, v: unknown) => {
    // Edges come from the model; thresholds and risk-bin bounds are the fixed grids, not the site.
    if (key === 'edges' || key === 'thresholds' || key === 'threshold' || key === 'lower' || key === 'upper') return undefined;
    if (typeof v === 'number') numbers.push(v);
    return v;
  });
  assert.deepEqual(numbers.filter((v) => rowValues.has(v)), []);
});

test('a malformed or tampered summary is a DataError naming the file and field', async () => {
  const h = await heart();
  const [good] = perSiteFiles(h, []);
  const text = JSON.stringify(good);
  const tampered = JSON.parse(text) as { sites: { events: number; nonEvents: number; n: number }[] };
  tampered.sites[0]!.events = 3;
  const inconsistent = JSON.parse(text) as { sites: { nonEvents: number }[] };
  inconsistent.sites[0]!.nonEvents += 5;
  const extra = JSON.parse(text) as { sites: Record<string, unknown>[] };
  extra.sites[0]!.rows = [[63, 1, 0.42]];
  for (const [bad, pattern] of [
    ['{', /a\.json: not a site summary: invalid JSON/],
    [JSON.stringify({ ...good, format: 'other' }), /a\.json: not a valid site summary at 'format'/],
    [JSON.stringify(tampered), /at 'sites\.0\.events': a count must be|sites\.0\.events/],
    [JSON.stringify(inconsistent), /inconsistent at site '.*': events \+ nonEvents differs from n/],
    [JSON.stringify(extra), /not a valid site summary at 'sites\.0'/],
  ] as const) {
    assert.throws(() => federated.parseSiteSummary(bad, 'a.json'), (e: unknown) => e instanceof DataError && e.code === 'E_DATA' && pattern.test(e.message) && !e.message.includes('\n'), bad.slice(0, 60));
  }
  assert.throws(() => federated.metaAnalyse([good!, good!]), /appears in more than one summary/);
});

test('summary-based shift: a site whose ages are 25 years higher gets feature-shift from histograms', async () => {
  const h = await heart();
  const ranges = conformal.trainingRanges(h.table, ['age', 'sex'], rowsOf(h.sites, 'cleveland'));
  const ages = h.table.numbers('age');
  const shifted = new data.Table({
    age: { kind: 'numeric', values: Float64Array.from(ages, (a, i) => (h.sites[i] === 'va' ? a + 25 : a)) },
    sex: { kind: 'numeric', values: Float64Array.from(h.table.numbers('sex')) },
  });
  const meta = federated.metaAnalyse(perSiteFiles({ ...h, table: shifted }, ranges));
  const age = meta.findings.filter((f) => f.code === 'feature-shift' && f.feature === 'age');
  assert.ok(age.some((f) => f.site === 'va' && f.severity === 'critical'), JSON.stringify(age));
});
