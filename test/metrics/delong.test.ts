import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { metrics, Generator } from '../../src/index.js';
import { assertClose, cases, delongTests, undefinedMetric, valueError } from './helpers.js';

/** Naive O(m·n) DeLong: ψ over every event/non-event pair, structural components, sample variances. */
function naiveComponents(y: ArrayLike<number>, s: ArrayLike<number>): { auc: number; v10: number[]; v01: number[] } {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? pos : neg).push(s[i] as number);
  const psi = (a: number, b: number): number => (a > b ? 1 : a === b ? 0.5 : 0);
  const v10 = pos.map((a) => neg.reduce((acc, b) => acc + psi(a, b), 0) / neg.length);
  const v01 = neg.map((b) => pos.reduce((acc, a) => acc + psi(a, b), 0) / pos.length);
  return { auc: v10.reduce((x, z) => x + z, 0) / pos.length, v10, v01 };
}

function sampleVar(v: number[]): number {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1);
}

function naiveDelong(y: ArrayLike<number>, s: ArrayLike<number>): { auc: number; se: number } {
  const { auc, v10, v01 } = naiveComponents(y, s);
  return { auc, se: Math.sqrt(sampleVar(v10) / v10.length + sampleVar(v01) / v01.length) };
}

test('delongCi: equals the Sun & Xu mid-rank reference (numpy/scipy) and scipy normal quantiles', () => {
  for (const c of cases) {
    if (c.name === 'all scores tied') continue; // se 0: checked below
    const r95 = metrics.delongCi(c.y, c.score);
    assertClose(r95.auc, c.delong.auc, 1e-14, `${c.name} auc`);
    assertClose(r95.se, c.delong.se, 1e-12, `${c.name} se`);
    assertClose([r95.lo, r95.hi], [c.delong.lo95, c.delong.hi95], 1e-12, `${c.name} 95%`);
    const r90 = metrics.delongCi(c.y, c.score, { level: 0.9 });
    assertClose([r90.lo, r90.hi], [c.delong.lo90, c.delong.hi90], 1e-12, `${c.name} 90%`);
    assert.equal(r95.auc, metrics.rocAucScore(c.y, c.score));
  }
});

test('delongCi: property: fast O(N log N) DeLong equals a naive O(m·n) implementation (ties included)', () => {
  const rows = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 12 })), { minLength: 4, maxLength: 90 })
    .filter((r) => r.filter((x) => x[0] === 1).length >= 2 && r.filter((x) => x[0] === 0).length >= 2);
  fc.assert(
    fc.property(rows, (r) => {
      const y = r.map((x) => x[0]);
      const s = r.map((x) => x[1] / 4);
      const fast = metrics.delongCi(y, s);
      const naive = naiveDelong(y, s);
      assertClose(fast.auc, naive.auc, 1e-14, 'auc');
      assertClose(fast.se, naive.se, 1e-12, 'se');
    }),
    { numRuns: 200, seed: 41 },
  );
});

test('delongCi: seeded simulation: the 95% interval covers the true binormal AUC in 93–97% of 1,500 datasets (60 + 60)', (t) => {
  // Events ~ N(μ, 1), non-events ~ N(0, 1): true AUC = Φ(μ/√2). μ = 1.19 gives AUC ≈ 0.80.
  const mu = 1.19;
  const trueAuc = normalCdf(mu / Math.SQRT2);
  const g = new Generator(2024);
  const m = 60;
  const n = 60;
  const y = new Float64Array(m + n).fill(1, 0, m);
  const s = new Float64Array(m + n);
  const reps = 1500;
  let covered = 0;
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < m; i++) s[i] = mu + g.normal();
    for (let i = m; i < m + n; i++) s[i] = g.normal();
    const ci = metrics.delongCi(y, s);
    if (ci.lo <= trueAuc && trueAuc <= ci.hi) covered++;
  }
  const coverage = covered / reps;
  assert.ok(coverage >= 0.93 && coverage <= 0.97, `coverage ${coverage}`);
  t.diagnostic(`DeLong 95% CI coverage: ${coverage}`);
});

/** Φ by the Abramowitz–Stegun 26.2.17 polynomial (|error| < 7.5e-8), independent of clinreg's. */
function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
  const tail = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z >= 0 ? 1 - tail : tail;
}

test('delongCi: bounds are clipped to [0, 1]; perfect separation has se 0', () => {
  const r = metrics.delongCi([0, 0, 0, 1, 1, 1], [0.1, 0.2, 0.3, 0.7, 0.8, 0.9]);
  assert.deepEqual(r, { auc: 1, se: 0, lo: 1, hi: 1 });
  const c = metrics.delongCi([0, 0, 1, 1, 0, 1, 1, 0], [0.1, 0.3, 0.35, 0.8, 0.2, 0.7, 0.9, 0.6]);
  assert.ok(c.hi <= 1 && c.lo >= 0 && c.lo < c.auc && c.auc < c.hi);
  const tied = metrics.delongCi([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3]);
  assert.deepEqual(tied, { auc: 0.5, se: 0, lo: 0.5, hi: 0.5 });
});

test('delongCi: errors: fewer than 2 events or non-events, bad level, NaN', () => {
  assert.throws(() => metrics.delongCi([0, 0, 1], [0.1, 0.2, 0.3]), undefinedMetric(/at least 2 positives and 2 negatives. Received: 1 positives and 2 negatives/));
  assert.throws(() => metrics.delongCi([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4], { level: 95 }), valueError(/level must be in \(0, 1\).*level=95/));
  assert.throws(() => metrics.delongCi([0, 0, 1, 1], [0.1, NaN, 0.3, 0.4]), valueError(/NaN at index 1/));
});

test('delongTest: equals the paired Sun & Xu reference (aucs, se, z, p from scipy)', () => {
  for (const t of delongTests) {
    const r = metrics.delongTest(t.y, t.a, t.b);
    assertClose([r.aucA, r.aucB], [t.aucA, t.aucB], 1e-14, `${t.name} aucs`);
    assertClose(r.diff, t.aucA - t.aucB, 1e-14, `${t.name} diff`);
    assertClose(r.se, t.se, 1e-11, `${t.name} se`);
    assertClose(r.z, t.z, 1e-10, `${t.name} z`);
    assert.ok(Math.abs(r.p - t.p) <= 1e-10 * t.p, `${t.name} p ${r.p} vs ${t.p}`);
    assertClose([r.lo, r.hi], [r.diff - 1.959963984540054 * r.se, r.diff + 1.959963984540054 * r.se], 1e-14);
  }
});

test('delongTest: property: matches naive paired components; symmetric in A and B', () => {
  const rows = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), { minLength: 4, maxLength: 70 })
    .filter((r) => r.filter((x) => x[0] === 1).length >= 2 && r.filter((x) => x[0] === 0).length >= 2);
  fc.assert(
    fc.property(rows, (r) => {
      const y = r.map((x) => x[0]);
      const a = r.map((x) => x[1]);
      const b = r.map((x) => x[2]);
      const A = naiveComponents(y, a);
      const B = naiveComponents(y, b);
      const d10 = A.v10.map((v, i) => v - (B.v10[i] as number));
      const d01 = A.v01.map((v, i) => v - (B.v01[i] as number));
      const se = Math.sqrt(sampleVar(d10) / d10.length + sampleVar(d01) / d01.length);
      if (se === 0 && A.auc === B.auc) {
        assert.throws(() => metrics.delongTest(y, a, b), undefinedMetric(/rank every event\/non-event pair identically/));
        return;
      }
      const t = metrics.delongTest(y, a, b);
      assertClose(t.se, se, 1e-12, 'se');
      assertClose(t.diff, A.auc - B.auc, 1e-14, 'diff');
      const u = metrics.delongTest(y, b, a);
      assertClose([u.diff, u.z, u.p], [-t.diff, -t.z, t.p], 1e-12, 'swap');
    }),
    { numRuns: 150, seed: 42 },
  );
});

test('delongTest: errors: identical rankings, length mismatch, non-finite scoresB', () => {
  const y = [0, 1, 0, 1, 1, 0];
  const a = [0.1, 0.9, 0.4, 0.3, 0.8, 0.2];
  assert.throws(() => metrics.delongTest(y, a, a.map((v) => 2 * v + 1)), undefinedMetric(/identically/));
  assert.throws(() => metrics.delongTest(y, a, [0.1, 0.2]), valueError(/scoresB must have one score per row \(6\). Received: 2/));
  assert.throws(() => metrics.delongTest(y, a, [0.1, 0.2, 0.3, NaN, 0.5, 0.6]), valueError(/scoresB must be finite numbers. Received: NaN at index 3/));
});
