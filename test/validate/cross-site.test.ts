import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, metrics, validate, ValueError } from '../../src/index.js';

/**
 * A site's rows: `events` positives and `nonEvents` negatives with binormal scores of separation
 * `d`, as calibrated probabilities for balanced classes (logit = d·x is the true log odds).
 */
function site(name: string, events: number, nonEvents: number, d: number, g: Generator): { y: number[]; p: number[]; s: string[] } {
  const y: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < events + nonEvents; i++) {
    const label = i < events ? 1 : 0;
    y.push(label);
    p.push(1 / (1 + Math.exp(-d * (g.normal() + (label ? d : 0) - d / 2))));
  }
  return { y, p, s: y.map(() => name) };
}

function combine(...parts: { y: number[]; p: number[]; s: string[] }[]): validate.SitePredictions {
  return { yTrue: parts.flatMap((x) => x.y), yProb: parts.flatMap((x) => x.p), sites: parts.flatMap((x) => x.s) };
}

test('every status: ok, underperforming (warning and critical), underpowered, single-class', () => {
  const g = new Generator(1);
  const preds = combine(
    site('a', 300, 300, 2.0, g),
    site('b', 300, 300, 2.0, g),
    site('weak', 600, 600, 0.6, g),
    site('small', 40, 12, 2.0, g),
    site('one-class', 30, 0, 2.0, g),
  );
  const r = validate.evaluateCrossSite(preds);
  const byName = new Map(r.sites.map((s) => [s.site, s]));
  assert.equal(byName.get('a')!.status, 'ok');
  assert.equal(byName.get('weak')!.status, 'site-underperforming');
  const weak = r.findings.find((f) => f.site === 'weak' && f.severity !== 'info')!;
  assert.equal(weak.code, 'site-underperforming');
  assert.equal(weak.severity, 'critical', 'AUC ~0.66 vs pooled ~0.8: ≥ 0.10 below with the CI excluding it');
  assert.equal(byName.get('small')!.status, 'site-underpowered');
  const small = r.findings.find((f) => f.site === 'small')!;
  assert.equal(small.code, 'site-underpowered');
  assert.equal(small.severity, 'warning');
  assert.match(small.message, /about \d+ patients would be needed for a 95% CI of the C-statistic no wider than 0.1/);
  assert.ok(byName.get('small')!.sampleSize!.cstatistic > 52);
  const one = byName.get('one-class')!;
  assert.equal(one.status, 'site-single-class');
  assert.equal(one.auc, null);
  assert.equal(one.ci, null);
  assert.match(r.findings.find((f) => f.site === 'one-class')!.message, /AUC is undefined — all 30 rows are events/);
  // Per-site numbers equal the metrics computed directly on that site's rows.
  const rows = Array.from(preds.sites).map((s, i) => (s === 'a' ? i : -1)).filter((i) => i >= 0);
  const ya = rows.map((i) => preds.yTrue[i]!);
  const pa = rows.map((i) => preds.yProb[i]!);
  const a = byName.get('a')!;
  assert.equal(a.auc, metrics.rocAucScore(ya, pa));
  const d = metrics.delongCi(ya, pa);
  assert.deepEqual(a.ci, [d.lo, d.hi]);
  assert.equal(a.brier, metrics.brierScore(ya, pa));
  assert.deepEqual([a.n, a.events, a.nonEvents], [600, 300, 300]);
  assert.equal(r.pooled.auc, metrics.rocAucScore(preds.yTrue, preds.yProb));
  // Mean AUC is over the defined sites only (one-class excluded).
  const defined = r.sites.filter((s) => s.auc !== null).map((s) => s.auc!);
  assert.ok(Math.abs(r.meanAuc! - defined.reduce((x, y) => x + y, 0) / defined.length) < 1e-12);
});

test('a tiny site with a perfect AUC (no Riley criteria, no DeLong CI) is underpowered, not ok (QA: CGD Mt. Sinai, 4 patients)', () => {
  const g = new Generator(2);
  const tiny = { y: [1, 0, 0, 0], p: [0.6, 0.3, 0.2, 0.1], s: ['tiny', 'tiny', 'tiny', 'tiny'] };
  const r = validate.evaluateCrossSite(combine(site('a', 300, 300, 2.0, g), site('b', 300, 300, 2.0, g), tiny));
  const t = r.sites.find((s) => s.site === 'tiny')!;
  assert.equal(t.auc, 1);
  assert.equal(t.ci, null);
  assert.equal(t.sampleSize, undefined);
  assert.equal(t.status, 'site-underpowered');
  const f = r.findings.find((x) => x.site === 'tiny' && x.code === 'site-underpowered')!;
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /^tiny: 4 patients \(1 events\) are too few to judge discrimination: AUC 1\.000 is reported but not judged; at least 10 events and 10 non-events would be needed \(the Riley et al\. 2021 criteria are undefined at an AUC of exactly 0 or 1\)\.$/);
  // A large site with a perfect AUC is not called underpowered by this rule.
  const big = { y: [...Array(50).fill(1), ...Array(50).fill(0)] as number[], p: [...Array(50).fill(0.9), ...Array(50).fill(0.1)] as number[], s: Array(100).fill('big') as string[] };
  const rb = validate.evaluateCrossSite(combine(site('a', 300, 300, 2.0, g), big));
  assert.ok(!rb.findings.some((x) => x.site === 'big' && x.code === 'site-underpowered' && /at least 10 events/.test(x.message)));
});

test('a mild gap is a warning, not critical', () => {
  const g = new Generator(3);
  const r = validate.evaluateCrossSite(combine(site('a', 400, 400, 2.2, g), site('b', 400, 400, 2.2, g), site('c', 250, 250, 1.5, g)));
  const c = r.sites.find((s) => s.site === 'c')!;
  assert.equal(c.status, 'site-underperforming');
  const f = r.findings.find((x) => x.site === 'c' && x.code === 'site-underperforming')!;
  const gap = (f.details as { gap: number }).gap;
  assert.ok(gap > 0.05, `gap ${gap}`);
  assert.equal(f.severity, gap >= 0.1 && c.ci![1] < r.pooled.auc! ? 'critical' : 'warning');
});

test('homogeneous sites: I² near 0 and a prediction interval around the pooled AUC', () => {
  const g = new Generator(5);
  const r = validate.evaluateCrossSite(combine(...['a', 'b', 'c', 'd'].map((n) => site(n, 200, 200, 1.5, g))));
  assert.ok(r.findings.every((f) => f.severity === 'info' && f.code === 'site-underpowered'), JSON.stringify(r.findings));
  const h = r.heterogeneity!;
  assert.equal(h.sites.length, 4);
  assert.ok(h.i2 < 0.5);
  assert.ok(h.predictionInterval![0] < h.auc && h.auc < h.predictionInterval![1]);
  assert.ok(h.ci[0] < h.auc && h.auc < h.ci[1]);
});

test('reference "mean" compares with the mean of site AUCs, as the seed does', () => {
  const g = new Generator(7);
  const preds = combine(site('a', 300, 300, 2.5, g), site('b', 300, 300, 1.2, g));
  const r = validate.evaluateCrossSite(preds, { reference: 'mean' });
  const b = r.sites.find((s) => s.site === 'b')!;
  assert.ok(r.meanAuc! - b.auc! > 0.05);
  assert.equal(b.status, 'site-underperforming');
  assert.equal((r.findings.find((f) => f.code === 'site-underperforming')!.details as { reference: number }).reference, r.meanAuc);
});

test('input errors', () => {
  assert.throws(() => validate.evaluateCrossSite({ yTrue: [0, 1], yProb: [0.5], sites: ['a', 'a'] }), (e: unknown) => e instanceof ValueError && /same length/.test(e.message));
  assert.throws(() => validate.evaluateCrossSite({ yTrue: [], yProb: [], sites: [] }), /no rows/);
});

/** Shift every prediction by `delta` on the logit scale (a deliberately miscalibrated intercept). */
function shifted(p: ArrayLike<number>, delta: number): Float64Array {
  return Float64Array.from(p, (x) => 1 / (1 + Math.exp(-(Math.log(x / (1 - x)) + delta))));
}

test('per-site calibration fields equal the metrics on that site; summaries per measure (REML + HKSJ by default)', () => {
  const g = new Generator(11);
  const preds = combine(...['a', 'b', 'c', 'd', 'e'].map((n) => site(n, 250, 250, 1.5, g)));
  const r = validate.evaluateCrossSite(preds, {});
  const rows = Array.from(preds.sites).map((s, i) => (s === 'c' ? i : -1)).filter((i) => i >= 0);
  const y = rows.map((i) => preds.yTrue[i]!);
  const p = rows.map((i) => preds.yProb[i]!);
  const c = r.sites.find((s) => s.site === 'c')!;
  const oe = metrics.observedExpected(y, p);
  const cal = metrics.logisticCalibration(y, p);
  const flex = metrics.flexibleCalibration(y, p);
  assert.equal(c.oe, oe.oe);
  assert.deepEqual(c.oeCi, oe.ci);
  assert.equal(c.citl, cal.citl);
  assert.deepEqual(c.slopeCi, cal.slopeCi);
  assert.equal(c.ici, flex.ici);
  assert.equal(c.e90, flex.e90);
  assert.equal(c.scaledBrier, metrics.scaledBrierScore(y, p));
  assert.deepEqual(c.netBenefit, metrics.netBenefit(y, p));
  assert.equal(c.netBenefit.length, 46);
  assert.equal(c.calibrationCurve!.lower!.length, 40);
  assert.equal(c.status, 'ok');
  assert.deepEqual(r.summaries.map((s) => [s.measure, s.method, s.test, s.k]), [
    ['auc', 'REML', 'knha', 5], ['oe', 'REML', 'knha', 5], ['citl', 'REML', 'knha', 5], ['slope', 'REML', 'knha', 5],
  ]);
  // the O:E summary equals randomEffects on log O:E with variance (1 − φ)/(nφ), back-transformed
  const logOe = r.sites.map((s) => ({ label: s.site, estimate: Math.log(s.oe!), variance: ((1 - s.events / s.n) / s.events) }));
  const meta = validate.randomEffects(logOe);
  const o = r.summaries.find((s) => s.measure === 'oe')!;
  assert.ok(Math.abs(o.estimate - Math.exp(meta.estimate)) < 1e-12);
  assert.ok(Math.abs(o.predictionInterval[1] - Math.exp(meta.predictionInterval[1])) < 1e-12);
  // Five sites (no few-sites caution); five sites simulated alike agree more closely than their SEs imply,
  // so the O:E summary carries the Hartung–Knapp caution randomEffects gives for these estimates.
  assert.equal(o.warning, meta.warning);
  assert.ok(!(o.warning ?? '').startsWith('only '));
  const dl = validate.evaluateCrossSite(preds, { metaMethod: 'DL', metaTest: 'z', curveBand: 'none' });
  assert.deepEqual(dl.summaries.map((s) => [s.method, s.test]), Array(4).fill(['DL', 'z']));
  assert.ok(!r.findings.some((f) => f.code === 'site-miscalibrated'), JSON.stringify(r.findings));
});

test('site-miscalibrated: a shifted intercept is flagged at every site with severity by magnitude, and pooled', () => {
  const g = new Generator(12);
  const preds = combine(...['a', 'b', 'c'].map((n) => site(n, 300, 300, 1.5, g)));
  const mild = validate.evaluateCrossSite({ ...preds, yProb: shifted(preds.yProb, -0.6) }, { curveBand: 'none' });
  const severe = validate.evaluateCrossSite({ ...preds, yProb: shifted(preds.yProb, -1.2) }, { curveBand: 'none' });
  for (const site of ['a', 'b', 'c']) {
    const f = severe.findings.find((x) => x.code === 'site-miscalibrated' && x.site === site)!;
    assert.equal(f.severity, 'critical', JSON.stringify(f));
    assert.match(f.message, /O:E \d\.\d\d \(CI .*\): risks underestimated/);
    assert.equal(severe.sites.find((s) => s.site === site)!.status, 'site-miscalibrated');
  }
  const pooled = severe.findings.find((x) => x.code === 'site-miscalibrated' && x.site === undefined)!;
  assert.equal((pooled.details as { scope: string }).scope, 'pooled');
  assert.match(pooled.message, /random-effects summary across sites/);
  const mildSeverities = mild.findings.filter((x) => x.code === 'site-miscalibrated').map((x) => x.severity);
  assert.ok(mildSeverities.length >= 1 && mildSeverities.every((s) => s === 'warning'), JSON.stringify(mild.findings));
  // fewer than 5 sites: the summaries say their intervals are unreliable
  assert.match(severe.summaries[0]!.warning!, /only 3 sites/);
});
