// Parity of the shift statistics with scipy 1.10 / numpy (fixtures: scripts/gen-shift-fixtures.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checks, ValueError } from '../../src/index.js';

interface GoldenSpec {
  n: number;
  offset: number;
  scale: number;
  shift: number;
  decimals?: number;
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/checks/shift-stats.json', import.meta.url), 'utf8')) as {
  ks: { a: number[]; b: number[]; statistic: number; pvalue: number; location: number; sign: number; asympStatistic: number; asympPvalue: number }[];
  ksGolden: { a: GoldenSpec; b: GoldenSpec; statistic: number; pvalue: number; asympStatistic: number; asympPvalue: number }[];
  kstwo: { n: number; x: number; sf: number }[];
  chiSquare: { table: number[][]; statistic: number; pvalue: number; dof: number; expected: number[][]; statisticNoCorrection: number; pvalueNoCorrection: number; cramersV: number }[];
  wasserstein: { a: number[]; b: number[]; distance: number }[];
  psi: { reference: number[]; current: number[]; bins: number; psi: number }[];
  benjaminiHochberg: { p: number[]; adjusted: number[] }[];
  smd: { a: number[]; b: number[]; smd: number }[];
};

const PHI = 0.6180339887498949;
function golden(s: GoldenSpec): Float64Array {
  const x = new Float64Array(s.n);
  for (let i = 0; i < s.n; i++) {
    let v = ((i * PHI + s.offset) % 1) * s.scale + s.shift;
    if (s.decimals !== undefined) {
      const f = 10 ** s.decimals;
      v = Math.floor(v * f) / f;
    }
    x[i] = v;
  }
  return x;
}

/** |a − b| ≤ rtol·|b| + atol. */
function close(actual: number, expected: number, rtol: number, atol = 0, what = ''): void {
  assert.ok(
    Math.abs(actual - expected) <= rtol * Math.abs(expected) + atol,
    `${what}: got ${actual}, scipy ${expected} (rtol ${rtol}, atol ${atol})`,
  );
}

test(`ksTest matches scipy ks_2samp (auto = exact here, and asymp) on ${fx.ks.length} stored cases`, () => {
  for (const c of fx.ks) {
    const r = checks.ksTest(c.a, c.b);
    const what = `n=${c.a.length},${c.b.length}`;
    assert.equal(r.method, 'exact');
    close(r.statistic, c.statistic, 1e-12, 0, `${what} D`);
    close(r.pvalue, c.pvalue, 1e-9, 1e-15, `${what} p`);
    assert.equal(r.statisticLocation, c.location, `${what} location`);
    assert.equal(r.statisticSign, c.sign, `${what} sign`);
    const s = checks.ksTest(c.a, c.b, { method: 'asymp' });
    assert.equal(s.method, 'asymp');
    close(s.statistic, c.asympStatistic, 1e-12, 0, `${what} asymp D`);
    close(s.pvalue, c.asympPvalue, 1e-9, 1e-15, `${what} asymp p`);
  }
});

test(`ksTest matches scipy on ${fx.ksGolden.length} large golden-ratio samples (auto switches to asymp above 10,000)`, () => {
  for (const c of fx.ksGolden) {
    const a = golden(c.a);
    const b = golden(c.b);
    const what = `n=${a.length},${b.length}`;
    const r = checks.ksTest(a, b);
    assert.equal(r.method, Math.max(a.length, b.length) <= 10000 ? 'exact' : 'asymp', what);
    close(r.statistic, c.statistic, 1e-12, 0, `${what} D`);
    close(r.pvalue, c.pvalue, 1e-9, 1e-15, `${what} p`);
    const s = checks.ksTest(a, b, { method: 'asymp' });
    close(s.pvalue, c.asympPvalue, 1e-9, 1e-15, `${what} asymp p`);
  }
});

test(`kolmogorovSf matches scipy.stats.kstwo.sf on ${fx.kstwo.length} (n, x) points covering every branch`, () => {
  for (const c of fx.kstwo) close(checks.kolmogorovSf(c.n, c.x), c.sf, 1e-9, 1e-15, `n=${c.n} x=${c.x}`);
});

test('ksTest: identical samples give D = 0, p = 1; disjoint samples give D = 1', () => {
  const same = checks.ksTest([1, 2, 3, 4], [4, 3, 2, 1]);
  assert.equal(same.statistic, 0);
  assert.equal(same.pvalue, 1);
  const apart = checks.ksTest([1, 2, 3], [10, 11, 12, 13]);
  assert.equal(apart.statistic, 1);
  assert.equal(apart.statisticSign, 1);
  assert.ok(apart.pvalue < 0.06);
});

test('ksTest rejects empty samples, NaN and unknown methods with ValueError', () => {
  const cases: [() => unknown, RegExp][] = [
    [() => checks.ksTest([], [1]), /sample1 must not be empty/],
    [() => checks.ksTest([1, NaN], [1]), /NaN at index 1/],
    [() => checks.ksTest([1], [2], { method: 'fast' as never }), /method must be/],
  ];
  for (const [fn, msg] of cases) {
    assert.throws(fn, (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && msg.test(e.message));
  }
});

test(`chiSquareTest and cramersV match scipy chi2_contingency / association on ${fx.chiSquare.length} tables`, () => {
  for (const c of fx.chiSquare) {
    const r = checks.chiSquareTest(c.table);
    close(r.statistic, c.statistic, 1e-12, 1e-14, 'chi2');
    close(r.pvalue, c.pvalue, 1e-9, 1e-15, 'p');
    assert.equal(r.dof, c.dof);
    r.expected.forEach((row, i) => row.forEach((e, j) => close(e, c.expected[i]![j]!, 1e-12, 0, 'expected')));
    const u = checks.chiSquareTest(c.table, { correction: false });
    close(u.statistic, c.statisticNoCorrection, 1e-12, 1e-14, 'chi2 uncorrected');
    close(u.pvalue, c.pvalueNoCorrection, 1e-9, 1e-15, 'p uncorrected');
    close(checks.cramersV(c.table), c.cramersV, 1e-12, 1e-14, 'V');
  }
});

test('chiSquareTest and cramersV reject ragged, negative and empty-margin tables', () => {
  const bad: [() => unknown, RegExp][] = [
    [() => checks.chiSquareTest([[1, 2], [3]]), /row 1 has 1/],
    [() => checks.chiSquareTest([[1, -2], [3, 4]]), /≥ 0/],
    [() => checks.chiSquareTest([[0, 0], [3, 4]]), /expected count/],
    [() => checks.cramersV([[1, 2, 3]]), /at least 2 × 2/],
  ];
  for (const [fn, msg] of bad) {
    assert.throws(fn, (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && msg.test(e.message));
  }
});

test(`wasserstein1d matches scipy wasserstein_distance on ${fx.wasserstein.length} cases`, () => {
  for (const c of fx.wasserstein) close(checks.wasserstein1d(c.a, c.b), c.distance, 1e-12, 1e-14, 'W1');
  assert.equal(checks.wasserstein1d([0, 1, 3], [5, 6, 8]), 5);
  assert.throws(() => checks.wasserstein1d([], [1]), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
});

test(`psi matches the numpy reference definition on ${fx.psi.length} cases (continuous and discrete)`, () => {
  for (const c of fx.psi) close(checks.psi(c.reference, c.current, { bins: c.bins }), c.psi, 1e-12, 1e-15, 'psi');
  assert.equal(checks.psi([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]), 0);
  close(checks.psiFromCounts([50, 50], [80, 20]), 0.3 * Math.log(1.6) - 0.3 * Math.log(0.4), 1e-12, 0, 'counts');
  assert.throws(() => checks.psi([1, 2], [1], { bins: 1 }), (e: unknown) => e instanceof ValueError && /bins/.test(e.message));
  assert.throws(() => checks.psiFromCounts([1, 2], [1]), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
});

test(`benjaminiHochberg matches p.adjust(method = "BH") on ${fx.benjaminiHochberg.length} vectors; NaN passes through`, () => {
  for (const c of fx.benjaminiHochberg) {
    const adj = checks.benjaminiHochberg(c.p);
    c.adjusted.forEach((v, i) => close(adj[i]!, v, 1e-12, 1e-15, `BH[${i}]`));
  }
  const withNaN = checks.benjaminiHochberg([0.01, NaN, 0.04]);
  assert.ok(Number.isNaN(withNaN[1]!));
  close(withNaN[0]!, 0.02, 1e-12, 0, 'NaN excluded from m');
  assert.throws(() => checks.benjaminiHochberg([1.5]), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
});

test(`standardisedMeanDifference matches numpy (ddof = 1, average variance) on ${fx.smd.length} cases`, () => {
  for (const c of fx.smd) close(checks.standardisedMeanDifference(c.a, c.b), c.smd, 1e-12, 1e-15, 'smd');
  assert.equal(checks.standardisedMeanDifference([2, 2, 2], [2, 2]), 0);
  assert.equal(checks.standardisedMeanDifference([1, 2, 3, NaN], [2, 3, 4]), -1);
  assert.throws(
    () => checks.standardisedMeanDifference([1], [1, 2]),
    (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && /at least 2/.test(e.message),
  );
});
