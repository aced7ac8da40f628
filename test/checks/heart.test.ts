// The checks on the bundled 4-hospital UCI heart-disease data (data/heart-disease/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checks, data, Generator, type Finding } from '../../src/index.js';

const FILE = new URL('../../data/heart-disease/heart_disease_4sites.csv', import.meta.url).pathname;
const table = await data.readCsv(FILE);
const schema = data.createSchema(table, { target: 'num', positive: '>0', site: 'site' });
const shift = checks.detectShift(table, schema);
const has = (fs: Finding[], code: string, feature: string | undefined, site: string | undefined): Finding | undefined =>
  fs.find((f) => f.code === code && f.feature === feature && f.site === site);

test('heart: Switzerland\'s all-zero cholesterol is constant-at-site (critical); nothing else is constant', () => {
  const c = shift.findings.filter((f) => f.code === 'constant-at-site');
  assert.deepEqual(c.map((f) => [f.feature, f.site, f.severity]), [['chol', 'switzerland', 'critical']]);
  const d = c[0]!.details as { value: string; n: number; shareElsewhere: number };
  assert.equal(d.value, '0');
  assert.equal(d.n, 123);
  // VA's 49 zeros among the other sites' 767 recorded values.
  assert.ok(Math.abs(d.shareElsewhere - 49 / (303 + 271 + 193)) < 1e-12, String(d.shareElsewhere));
});

test('heart: the missingness of ca, thal and slope at hungarian and va is missingness-shift', () => {
  for (const feature of ['ca', 'thal', 'slope']) {
    for (const site of ['hungarian', 'va']) {
      const f = has(shift.findings, 'missingness-shift', feature, site);
      assert.ok(f !== undefined, `${feature} at ${site}`);
      const d = f.details as { missingRate: number; missingRateElsewhere: number };
      assert.ok(d.missingRate > d.missingRateElsewhere, `${feature} at ${site} is missing more often`);
    }
  }
  // README table: ca missing 291/294 at hungarian; half the other sites' rows miss it too, so this
  // is a warning (Cohen's h 1.35 < 2).
  const ca = has(shift.findings, 'missingness-shift', 'ca', 'hungarian')!;
  assert.equal(ca.severity, 'warning');
  assert.ok(Math.abs((ca.details as { missingRate: number }).missingRate - 291 / 294) < 1e-12);
  // Cleveland, almost complete, is the odd one out the other way: it alone records ca and thal (critical).
  assert.equal(has(shift.findings, 'missingness-shift', 'ca', 'cleveland')?.severity, 'critical');
  assert.equal(has(shift.findings, 'missingness-shift', 'thal', 'cleveland')?.severity, 'critical');
});

test('heart: every hospital is separable (domain AUC > 0.9) and the site matrix is 4 × 4 and symmetric', () => {
  const sep = shift.findings.filter((f) => f.code === 'site-separable');
  assert.deepEqual(sep.map((f) => f.site), ['cleveland', 'hungarian', 'switzerland', 'va']);
  for (const s of shift.domainAuc!) assert.ok(s.auc > 0.9, `${s.site} ${s.auc}`);
  const m = shift.siteMatrix;
  assert.deepEqual(m.sites, ['cleveland', 'hungarian', 'switzerland', 'va']);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) assert.equal(m.values[i]![j], m.values[j]![i]);
  // Switzerland (no cholesterol, 93.5% events) is the most distant hospital on average.
  const mean = m.values.map((r) => r.reduce((a, b) => a + b, 0) / 3);
  assert.equal(m.sites[mean.indexOf(Math.max(...mean))], 'switzerland');
  // Switzerland's cholesterol shift is the all-zero placeholder: said once, by constant-at-site.
  assert.ok(!shift.findings.some((f) => f.code === 'feature-shift' && f.feature === 'chol' && f.site === 'switzerland'));
});

test('heart: a handful of criticals (placeholder, unrecorded features, separable sites); case-mix differences are warnings', () => {
  const critical = shift.findings.filter((f) => f.severity === 'critical').map((f) => `${f.code}:${f.feature ?? ''}:${f.site ?? ''}`);
  assert.deepEqual(critical.sort(), [
    'constant-at-site:chol:switzerland',
    'missingness-shift:ca:cleveland',
    'missingness-shift:thal:cleveland',
    'site-separable::cleveland',
    'site-separable::hungarian',
    'site-separable::switzerland',
    'site-separable::va',
  ]);
  // Hungarian patients are younger (SMD ≈ −1): reported, as a warning.
  assert.equal(has(shift.findings, 'feature-shift', 'age', 'hungarian')?.severity, 'warning');
});

/** Heart data with a patient id per row and a visit date per row (dates increasing down the file). */
function withIdsAndDates(): data.Table {
  const n = table.nRows;
  return table
    .withColumn('pid', { kind: 'numeric', values: Float64Array.from({ length: n }, (_, i) => 10000 + i) })
    .withColumn('visit', { kind: 'date', values: Float64Array.from({ length: n }, (_, i) => Date.UTC(1985, 0, 1) + i * 86_400_000) });
}

test('heart: an honest temporal split by patient raises no leakage finding; without a split the two known duplicate pairs are info', () => {
  const t = withIdsAndDates();
  const s = data.createSchema(t, { target: 'num', positive: '>0', site: 'site', patient: 'pid', time: 'visit' });
  const cut = Math.floor(t.nRows * 0.7);
  const split = { train: Int32Array.from({ length: cut }, (_, i) => i), test: Int32Array.from({ length: t.nRows - cut }, (_, i) => cut + i) };
  const f = checks.auditLeakage(t, s, { split });
  // README quirk 8: VA rows 140/188 (both in test) and Hungarian rows 102/103 (both in training) are identical.
  assert.deepEqual(f, []);
  const info = checks.auditLeakage(t, s);
  assert.deepEqual(info.map((x) => `${x.code}:${x.severity}`), ['duplicate-rows:info']);
  assert.equal((info[0]!.details as { duplicateRows: number }).duplicateRows, 2);
});

test('heart: planted leaks are caught — a noisy copy of the target, ids duplicated across the split, shuffled dates', () => {
  const g = new Generator(42);
  const y = data.binaryTarget(table, schema);
  let t = withIdsAndDates().withColumn('leak', { kind: 'numeric', values: Float64Array.from(y, (v) => v + 0.3 * g.normal()) });
  // 30 patients copied: the original rows stay in training, their copies (same id, same values) go to test.
  const n = table.nRows;
  const copied = Array.from(g.permutation(600).subarray(0, 30)).sort((a, b) => a - b);
  const rows = [...Array.from({ length: n }, (_, i) => i), ...copied];
  t = t.select(rows);
  const s = data.createSchema(t, { target: 'num', positive: '>0', site: 'site', patient: 'pid', time: 'visit' });
  const train = Int32Array.from({ length: 600 }, (_, i) => i);
  const test = Int32Array.from([...Array.from({ length: n - 600 }, (_, i) => 600 + i), ...Array.from({ length: 30 }, (_, i) => n + i)]);
  const f = checks.auditLeakage(t, s, { split: { train, test } });
  const proxy = f.filter((x) => x.code === 'target-proxy');
  assert.deepEqual(proxy.map((x) => [x.feature, x.severity]), [['leak', 'critical']]);
  assert.ok((proxy[0]!.details as { auc: number }).auc > 0.95);
  const overlap = f.find((x) => x.code === 'patient-overlap');
  assert.equal(overlap?.severity, 'critical');
  assert.equal((overlap!.details as { patients: number }).patients, 30);
  assert.ok(f.some((x) => x.code === 'duplicate-rows' && x.severity === 'critical'), 'the copies are also duplicate rows');
  // Copies are dated like their originals, i.e. before the latest training date, and in training
  // nothing is later for those patients: the global temporal warning fires, not the per-patient one.
  assert.deepEqual(f.filter((x) => x.code === 'temporal-overlap').map((x) => x.severity), ['warning']);

  // Shuffled dates under a split that was made by date: the test period is no longer later.
  const dated = withIdsAndDates();
  const ds = data.createSchema(dated, { target: 'num', positive: '>0', site: 'site', patient: 'pid', time: 'visit' });
  const cut = 644;
  const split = { train: Int32Array.from({ length: cut }, (_, i) => i), test: Int32Array.from({ length: n - cut }, (_, i) => cut + i) };
  assert.equal(checks.auditLeakage(dated, ds, { split }).filter((x) => x.code === 'temporal-overlap').length, 0);
  const shuffled = dated.withColumn('visit', { kind: 'date', values: g.shuffle(dated.numbers('visit').slice()) });
  const tf = checks.auditLeakage(shuffled, ds, { split }).filter((x) => x.code === 'temporal-overlap');
  assert.deepEqual(tf.map((x) => x.severity), ['warning']);
  assert.ok((tf[0]!.details as { fraction: number }).fraction > 0.5);
});
