import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checks, data, ValueError, type Finding } from '../../../src/index.js';
import { multiSite, rowsWhere } from '../synthetic.js';

const codes = (fs: Finding[]): string[] => fs.map((f) => `${f.code}:${f.severity}:${f.feature ?? ''}:${f.site ?? ''}`);

test('clean i.i.d. sites: no finding in 20 seeded repetitions (4 sites × 400 rows × 4 numeric + 1 categorical)', () => {
  // Under the null a finding needs BH-adjusted p ≤ 0.05 AND an effect size (PSI ≥ 0.1, |Δ missing| ≥ 0.1,
  // AUC > 0.8): the observed false-positive rate is 0 / 20 tables (0 / 400 feature × site tests).
  let total = 0;
  const seen: string[] = [];
  for (let seed = 0; seed < 20; seed++) {
    const { table, schema } = multiSite(seed, [{ rows: 400, missing: () => 0.05 }, { rows: 400, missing: () => 0.05 }, { rows: 400, missing: () => 0.05 }, { rows: 400, missing: () => 0.05 }]);
    const r = checks.detectShift(table, schema);
    total += r.findings.length;
    seen.push(...codes(r.findings));
    for (const s of r.domainAuc!) assert.ok(s.auc < 0.65, `null domain AUC ${s.auc}`);
  }
  assert.equal(total, 0, seen.join(', '));
});

test('feature-shift fires at the shifted site only; critical only when the distributions overlap by less than half', () => {
  // x0 moved 2 SD (KS D ≈ 0.68, SMD ≈ 2): another measurement → critical. x1 moved 1 SD (SMD ≈ 1 but
  // KS D ≈ 0.38): a large case-mix difference → warning. x2 moved 0.45 SD → warning or silent by PSI.
  const { table, schema } = multiSite(7, [{ rows: 500 }, { rows: 500 }, { rows: 500, shift: (f) => (f === 0 ? 2 : f === 1 ? 1 : f === 2 ? 0.45 : 0) }]);
  const r = checks.detectShift(table, schema);
  const shifts = r.findings.filter((f) => f.code === 'feature-shift');
  const at = (feature: string): Finding | undefined => shifts.find((f) => f.feature === feature && f.site === 's2');
  assert.equal(at('x0')?.severity, 'critical');
  assert.equal(at('x1')?.severity, 'warning');
  const d1 = at('x1')!.details as Record<string, number>;
  assert.ok(d1.psi! >= 0.25 && Math.abs(d1.smd!) >= 0.8 && d1.statistic! < 0.5, JSON.stringify(d1));
  const x2 = at('x2');
  assert.ok(x2 !== undefined, codes(shifts).join(', '));
  assert.equal(x2.severity, 'warning');
  assert.ok((x2.details as { psi: number }).psi >= 0.1);
  // Sites s0/s1 only differ from "the rest" through s2, far less: nothing critical fires for them.
  assert.ok(!shifts.some((f) => f.site !== 's2' && f.severity === 'critical'), codes(shifts).join(', '));
  assert.ok(!shifts.some((f) => f.feature === 'x3'));
  const d = at('x0')!.details as Record<string, number>;
  for (const key of ['statistic', 'pValue', 'pAdjusted', 'psi', 'wasserstein', 'smd']) assert.ok(Number.isFinite(d[key]), key);
  assert.ok(d.smd! > 1.5 && d.statistic! >= 0.5, `SMD ${d.smd}, D ${d.statistic}`);
  // The rule's thresholds are options: with distanceCritical 0.3 the 1-SD shift is critical too.
  const loose = checks.detectShift(table, schema, { distanceCritical: 0.3, domainClassifier: false });
  assert.equal(loose.findings.find((f) => f.code === 'feature-shift' && f.feature === 'x1' && f.site === 's2')?.severity, 'critical');
});

test('feature-shift on a categorical feature uses χ², PSI over levels, Cramér\'s V and the total variation distance', () => {
  const { table, schema } = multiSite(8, [{ rows: 400 }, { rows: 400 }, { rows: 400 }, { rows: 400 }, { rows: 400, level0: 0.9 }]);
  const r = checks.detectShift(table, schema, { domainClassifier: false });
  const all = r.findings.filter((x) => x.code === 'feature-shift' && x.feature === 'cat');
  // 90% vs 50% in level a: TVD 0.4, a large case-mix difference, not a different coding → warning.
  assert.deepEqual(codes(all), ['feature-shift:warning:cat:s4']);
  const d = all[0]!.details as { test: string; cramersV: number; psi: number; tvd: number };
  assert.equal(d.test, 'chi2');
  assert.ok(d.cramersV > 0.3 && d.psi >= 0.25 && Math.abs(d.tvd - 0.4) < 0.05, JSON.stringify(d));
  // A site that records the feature with its own level (recoded): TVD ≈ 1 → critical.
  const n = 600;
  const site = Int32Array.from({ length: n }, (_, i) => (i < 400 ? i % 2 : 2));
  const lvl = Int32Array.from({ length: n }, (_, i) => (i < 400 ? Math.floor(i / 2) % 2 : i % 10 === 0 ? 0 : 2));
  const t = new data.Table({
    site: { kind: 'categorical', codes: site, levels: ['a', 'b', 'c'] },
    smoker: { kind: 'categorical', codes: lvl, levels: ['no', 'yes', 'Y'] },
    y: { kind: 'numeric', values: Float64Array.from({ length: n }, (_, i) => i % 3 === 0 ? 1 : 0) },
  });
  const recoded = checks.detectShift(t, data.createSchema(t, { target: 'y', site: 'site' }), { domainClassifier: false }).findings.filter((f) => f.code === 'feature-shift');
  // Sites a and b differ from "the rest" only through c: warnings (one-vs-rest by design).
  assert.deepEqual(codes(recoded.filter((f) => f.severity === 'critical')), ['feature-shift:critical:smoker:c']);
  assert.ok((recoded.find((f) => f.site === 'c')!.details as { tvd: number }).tvd >= 0.85);
});

test('large sites: a significant but tiny shift is not reported (effect-size gate)', () => {
  const { table, schema } = multiSite(9, [{ rows: 40000 }, { rows: 40000, shift: (f) => (f === 0 ? 0.06 : 0) }], 1);
  const r = checks.detectShift(table, schema, { domainClassifier: false, pairwise: false });
  const c = r.features[0]!.comparisons.find((x) => x.site === 's1')!;
  assert.ok(c.pAdjusted < 1e-3, `p ${c.pAdjusted}`);
  assert.ok(c.psi < 0.1, `psi ${c.psi}`);
  assert.equal(r.findings.filter((f) => f.code === 'feature-shift').length, 0);
});

test('missingness-shift: critical when recorded on one side and essentially absent on the other (|Δ| ≥ 0.3 and Cohen\'s h ≥ 2), warning for |Δ| ≥ 0.1', () => {
  const normal = { rows: 400, missing: (f: number) => (f < 4 ? 0.02 : 0) };
  const odd = { rows: 400, missing: (f: number) => (f === 0 ? 0.95 : f === 1 ? 0.4 : f === 2 ? 0.2 : f === 3 ? 0.05 : 0) };
  const { table, schema } = multiSite(10, [normal, normal, normal, normal, normal, odd]);
  const r = checks.detectShift(table, schema, { domainClassifier: false });
  const m = r.findings.filter((f) => f.code === 'missingness-shift');
  // x0: 95% vs 2% (h 2.4) critical; x1: 40% vs 2% (|Δ| 0.38 but h 1.1) and x2: 20% vs 2% warnings; x3 silent.
  // (The other sites' "rest" holds s5's 95% on x0, so they get x0 warnings: one-vs-rest by design.)
  assert.deepEqual(codes(m.filter((f) => f.site === 's5')).sort(), ['missingness-shift:critical:x0:s5', 'missingness-shift:warning:x1:s5', 'missingness-shift:warning:x2:s5']);
  assert.deepEqual(codes(m.filter((f) => f.severity === 'critical')), ['missingness-shift:critical:x0:s5']);
  assert.ok(m.every((f) => f.site === 's5' || f.feature === 'x0'), codes(m).join(', '));
  const d = m.find((f) => f.feature === 'x0' && f.site === 's5')!.details as { missingRate: number; missingRateElsewhere: number; pAdjusted: number; cohensH: number };
  assert.ok(d.missingRate > d.missingRateElsewhere && d.pAdjusted <= 0.05 && d.cohensH >= 2);
  // With only three sites "the rest" of a normal site contains the odd one, so its difference can
  // pass the warning threshold too: one-vs-rest by design (the per-site rates in `features` show who is odd).
  const three = multiSite(10, [normal, normal, odd]);
  const m3 = checks.detectShift(three.table, three.schema, { domainClassifier: false }).findings.filter((f) => f.code === 'missingness-shift' && f.feature === 'x0');
  assert.deepEqual(codes(m3).sort(), ['missingness-shift:critical:x0:s2', 'missingness-shift:warning:x0:s0', 'missingness-shift:warning:x0:s1']);
});

test('constant-at-site: a value held by every row of a site but varying elsewhere; chance-level constants stay silent', () => {
  const { table, schema } = multiSite(11, [{ rows: 300 }, { rows: 300 }, { rows: 120, constant: { feature: 0, value: 0 } }]);
  const r = checks.detectShift(table, schema, { domainClassifier: false });
  const c = r.findings.filter((f) => f.code === 'constant-at-site');
  assert.deepEqual(codes(c), ['constant-at-site:critical:x0:s2']);
  assert.equal((c[0]!.details as { value: string }).value, '0');
  // The placeholder also shifts x0's distribution at s2; the constant finding says it once.
  assert.ok(!r.findings.some((f) => f.code === 'feature-shift' && f.feature === 'x0' && f.site === 's2'), codes(r.findings).join(', '));
  // A 10-row site where a binary feature that is 1 in 90% of rows elsewhere is all 1: chance 0.9^10 ≈ 0.35.
  const n = 310;
  const site = Int32Array.from({ length: n }, (_, i) => (i < 300 ? i % 3 : 3));
  const flag = Float64Array.from({ length: n }, (_, i) => (i >= 300 || i % 10 !== 0 ? 1 : 0));
  const t2 = new data.Table({
    site: { kind: 'categorical', codes: site, levels: ['a', 'b', 'c', 'd'] },
    flag: { kind: 'numeric', values: flag },
    y: { kind: 'numeric', values: new Float64Array(n) },
  });
  const s2 = data.createSchema(t2, { target: 'y', site: 'site' });
  assert.equal(checks.detectShift(t2, s2, { domainClassifier: false, minSiteRows: 10 }).findings.filter((f) => f.code === 'constant-at-site').length, 0);
  // …and a categorical feature constant at a site is reported like a numeric one.
  const t3 = t2.withColumn('lvl', { kind: 'categorical', codes: Int32Array.from({ length: n }, (_, i) => (i >= 300 ? 0 : Math.floor(i / 3) % 3)), levels: ['p', 'q', 'r'] });
  const s3 = data.createSchema(t3, { target: 'y', site: 'site', features: ['lvl'] });
  const c3 = checks.detectShift(t3, s3, { domainClassifier: false, minSiteRows: 10 }).findings.filter((f) => f.code === 'constant-at-site');
  assert.deepEqual(codes(c3), ['constant-at-site:warning:lvl:d']); // (1/3)^10 ≈ 1.7e-5
});

test('site-separable fires for a site a model can recognise', () => {
  const { table, schema } = multiSite(12, [{ rows: 300 }, { rows: 300 }, { rows: 300, shift: () => 1.2 }]);
  const r = checks.detectShift(table, schema);
  const sep = r.findings.filter((f) => f.code === 'site-separable');
  assert.deepEqual(codes(sep), ['site-separable:critical::s2']);
  assert.ok(r.domainAuc![2]!.auc > 0.9);
});

test('one-vs-rest statistics equal the public functions on the explicit rest sample', () => {
  const { table, schema } = multiSite(13, [{ rows: 200, missing: () => 0.1 }, { rows: 150, shift: () => 0.3 }, { rows: 90, level0: 0.2 }], 2);
  const r = checks.detectShift(table, schema, { domainClassifier: false });
  const x = table.numbers('x1');
  const all = Array.from(x).filter((v) => !Number.isNaN(v));
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  const sd = Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / (all.length - 1));
  for (const [k, site] of ['s0', 's1', 's2'].entries()) {
    const inSite = new Set(rowsWhere(table, 'site', site));
    const cur = Array.from(x).filter((v, i) => inSite.has(i) && !Number.isNaN(v));
    const rest = Array.from(x).filter((v, i) => !inSite.has(i) && !Number.isNaN(v));
    const c = r.features.find((f) => f.feature === 'x1')!.comparisons[k]!;
    assert.equal(c.against, 'rest');
    const ks = checks.ksTest(cur, rest);
    assert.equal(c.statistic, ks.statistic);
    assert.ok(Math.abs(c.pValue - ks.pvalue) <= 1e-12 * ks.pvalue + 1e-300);
    assert.ok(Math.abs(c.wasserstein! - checks.wasserstein1d(cur, rest) / sd) < 1e-9);
    assert.ok(Math.abs(c.psi - checks.psi(rest, cur)) < 1e-12);
    assert.ok(Math.abs(c.smd! - checks.standardisedMeanDifference(cur, rest)) < 1e-9);
  }
  const cat = r.features.find((f) => f.feature === 'cat')!;
  const c2 = cat.comparisons[2]!;
  const counts = (rows: (i: number) => boolean): number[] => [0, 1, 2].map((l) => rowsWhere(table, 'cat', 'abc'[l]!).filter(rows).length);
  const s2 = new Set(rowsWhere(table, 'site', 's2'));
  const tab = [counts((i) => s2.has(i)), counts((i) => !s2.has(i))];
  assert.ok(Math.abs(c2.pValue - checks.chiSquareTest(tab).pvalue) < 1e-12);
  assert.ok(Math.abs(c2.cramersV! - checks.cramersV(tab)) < 1e-12);
  assert.ok(Math.abs(c2.psi - checks.psiFromCounts(tab[1]!, tab[0]!)) < 1e-12);
});

test('a huge KS difference between mid-size sites reports the asymptotic p-value instead of the slow exact count', () => {
  const { table, schema } = multiSite(16, [{ rows: 3000 }, { rows: 2000, shift: () => 2 }], 1);
  const r = checks.detectShift(table, schema, { domainClassifier: false, pairwise: false });
  const c = r.features[0]!.comparisons[1]!;
  const inSite = new Set(rowsWhere(table, 'site', 's1'));
  const x = Array.from(table.numbers('x0'));
  const cur = x.filter((_, i) => inSite.has(i));
  const rest = x.filter((_, i) => !inSite.has(i));
  const asymp = checks.ksTest(cur, rest, { method: 'asymp' });
  assert.equal(checks.ksTest(cur, rest).method, 'exact');
  assert.equal(c.pValue, asymp.pvalue);
  assert.ok(c.pValue < 1e-10, String(c.pValue));
});

test('features, pairwise comparisons and the N × N site matrix', () => {
  const { table, schema } = multiSite(14, [{ rows: 200 }, { rows: 200 }, { rows: 200, shift: () => 1 }, { rows: 200 }], 2);
  const r = checks.detectShift(table, schema, { domainClassifier: false });
  assert.equal(r.domainAuc, null);
  assert.equal(r.features.length, 3);
  for (const f of r.features) {
    assert.equal(f.comparisons.length, 4 + 6);
    assert.deepEqual(f.sites.map((s) => s.site), ['s0', 's1', 's2', 's3']);
    for (const c of f.comparisons) assert.ok(c.pAdjusted >= c.pValue && c.pAdjusted <= 1);
  }
  const m = r.siteMatrix;
  assert.deepEqual(m.sites, ['s0', 's1', 's2', 's3']);
  for (let i = 0; i < 4; i++) {
    assert.equal(m.values[i]![i], 0);
    for (let j = 0; j < 4; j++) assert.equal(m.values[i]![j], m.values[j]![i]);
  }
  const rowMean = m.values.map((row) => row.reduce((a, b) => a + b, 0) / 3);
  assert.equal(rowMean.indexOf(Math.max(...rowMean)), 2, `site s2 is the outlier: ${rowMean}`);
  assert.equal(checks.detectShift(table, schema, { domainClassifier: false, pairwise: false }).features[0]!.comparisons.length, 4);
});

test('detectShift validates its inputs (ValueError, E_VALUE)', () => {
  const { table, schema } = multiSite(15, [{ rows: 30 }, { rows: 30 }]);
  const oneSite = new data.Table({ site: { kind: 'categorical', codes: new Int32Array(5), levels: ['a'] }, x: { kind: 'numeric', values: new Float64Array(5) }, y: { kind: 'numeric', values: new Float64Array(5) } });
  const bad: [() => unknown, RegExp][] = [
    [() => checks.detectShift(table, { ...schema, site: undefined } as unknown as data.Schema), /site column is required/],
    [() => checks.detectShift(oneSite, data.createSchema(oneSite, { target: 'y', site: 'site' })), /at least 2 sites/],
    [() => checks.detectShift(table, schema, { alpha: 0 }), /alpha must be in \(0, 1\)/],
    [() => checks.detectShift(table, schema, { psiCritical: 0.05 }), /psiCritical must be ≥ psiWarning/],
    [() => checks.detectShift(table, schema, { bins: 1 }), /bins must be an integer ≥ 2/],
    [() => checks.detectShift(table, { ...schema, features: ['x0', 'site'] }), /must not be a feature/],
    [() => checks.detectShift(table, { ...schema, features: ['x0', 'nope'] }), /feature 'nope' is not in the table/],
  ];
  for (const [fn, msg] of bad) {
    assert.throws(fn, (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && msg.test(e.message), String(msg));
  }
});
