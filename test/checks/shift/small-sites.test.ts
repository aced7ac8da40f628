// Small sites never crash the shift diagnosis: real data split into ~430 pseudo-ICUs of 1–21 rows,
// the CGD trial's 13 hospitals of 4–26 patients, two cohorts without mirrored findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checks, data, ValueError, type Finding } from '../../../src/index.js';
import { pseudoIcus } from '../small-sites.js';
import { multiSite } from '../synthetic.js';

const BREAST = new URL('../../../data/breast-cancer/breast_2cohorts.csv', import.meta.url).pathname;
const CGD = new URL('../../../data/cgd/cgd.csv', import.meta.url).pathname;
const BREAST_FEATURES = ['age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er', 'hormon'];

const key = (f: Finding): string => `${f.code}:${f.severity}:${f.feature ?? ''}:${f.site ?? ''}`;

test('~430 pseudo-ICUs of 1–21 Rotterdam patients: shift runs in seconds, small ICUs pooled and listed in ONE finding', async () => {
  const { table, nSites, sizes } = await pseudoIcus(BREAST);
  assert.ok(nSites > 380 && nSites < 480, `${nSites} ICUs`);
  assert.deepEqual([Math.min(...sizes), Math.max(...sizes)], [1, 21]);
  const schema = data.createSchema(table, { target: 'event5', site: 'icu', features: BREAST_FEATURES });
  const t0 = performance.now();
  const r = checks.detectShift(table, schema);
  const seconds = (performance.now() - t0) / 1000;
  // ~2–3 s on an idle 2-core machine; generous bound for a loaded CI box.
  assert.ok(seconds < 60, `detectShift took ${seconds.toFixed(1)} s`);
  const pooledFindings = r.findings.filter((f) => f.code === 'small-sites-pooled');
  assert.equal(pooledFindings.length, 1);
  const small = sizes.filter((n) => n < 20).length;
  assert.equal(r.pooledSites.length, small);
  assert.equal((pooledFindings[0]!.details as { sites: string[] }).sites.length, small);
  assert.equal(pooledFindings[0]!.severity, 'info');
  assert.match(pooledFindings[0]!.message, new RegExp(`^${small} sites have fewer than 20 rows \\('icu\\d+'`));
  // The groups compared: the ICUs with ≥ 20 rows plus the pooled group; no pairwise N² blow-up above 30 groups.
  const groups = nSites - small + 1;
  assert.equal(r.features[0]!.sites.length, groups);
  assert.equal(r.siteMatrix.sites.at(-1), 'small sites (n<20)');
  if (groups > 30) assert.equal(r.features[0]!.comparisons.length, groups);
  assert.equal(r.domainAuc!.length, groups);
  // Not a finding per ICU: the terminal stays readable.
  assert.ok(r.findings.length < 20, r.findings.map(key).join(', '));
});

test('every site small: shift does not fail; one warning says per-site shift was not assessed', async () => {
  const { table } = await pseudoIcus(BREAST);
  const schema = data.createSchema(table, { target: 'event5', site: 'icu', features: BREAST_FEATURES });
  const r = checks.detectShift(table, schema, { minSiteRows: 50 });
  assert.deepEqual(r.findings.map((f) => `${f.code}:${f.severity}`), ['small-sites-pooled:warning']);
  assert.match(r.findings[0]!.message, /fewer than 50 rows .*not assessed/);
  assert.deepEqual([r.features, r.domainAuc], [[], null]);
});

test('CGD trial, 13 hospitals of 4–26 patients: the 12 hospitals under 20 patients are pooled; the classifier uses fewer folds when needed', async () => {
  const table = await data.readCsv(CGD);
  const schema = data.createSchema(table, { target: 'infection', site: 'center', patient: 'id', features: ['treat', 'sex', 'age', 'height', 'weight', 'inherit', 'steroids', 'propylac'] });
  const r = checks.detectShift(table, schema);
  assert.equal(r.pooledSites.length, 12);
  assert.ok(!r.pooledSites.includes('NIH'));
  assert.deepEqual(r.siteMatrix.sites, ['NIH', 'small sites (n<20)']);
  // Two groups: one finding per comparison, never NIH-vs-rest and rest-vs-NIH both.
  const seen = new Set<string>();
  for (const f of r.findings.filter((x) => x.code !== 'small-sites-pooled')) {
    const k = `${f.code}:${f.feature ?? ''}`;
    assert.ok(!seen.has(k), `mirrored duplicate ${k}`);
    seen.add(k);
  }
  // Without pooling (minSiteRows 1) the 4-patient hospitals are compared as they are; the domain
  // classifier lowers its folds to 4 (the smallest hospital) instead of failing.
  const raw = checks.detectShift(table, schema, { minSiteRows: 1 });
  assert.equal(raw.siteMatrix.sites.length, 13);
  const dc = checks.domainClassifier(table, schema, { minSiteRows: 1 });
  assert.equal(dc.nSplits, 4);
  assert.equal(dc.sites.length, 13);
});

test('two cohorts (Rotterdam 2856, GBSG 406): each shift is reported once, at the smaller cohort, naming the other', async () => {
  const table = await data.readCsv(BREAST);
  const schema = data.createSchema(table, { target: 'event5', site: 'cohort', features: BREAST_FEATURES });
  const r = checks.detectShift(table, schema);
  assert.ok(r.findings.length > 0);
  const seen = new Set<string>();
  for (const f of r.findings) {
    assert.equal(f.site, 'gbsg', key(f));
    const k = `${f.code}:${f.feature ?? ''}`;
    assert.ok(!seen.has(k), `mirrored duplicate ${k}`);
    seen.add(k);
    if (f.code === 'feature-shift' || f.code === 'missingness-shift' || f.code === 'site-separable') {
      assert.match(f.message, /rotterdam/, f.message);
      assert.equal((f.details as { comparedWith: string }).comparedWith, 'rotterdam');
    }
  }
  // The statistics keep both sides for whoever wants them.
  assert.deepEqual(r.features[0]!.comparisons.filter((c) => c.against === 'rest').map((c) => c.site), ['rotterdam', 'gbsg']);
});

test('site-level errors are phrased with the site column, never an internal function name', () => {
  const one = new data.Table({
    ward: { kind: 'categorical', codes: new Int32Array(8), levels: ['x'] },
    a: { kind: 'numeric', values: Float64Array.from({ length: 8 }, (_, i) => i) },
    y: { kind: 'numeric', values: Float64Array.from({ length: 8 }, (_, i) => i % 2) },
  });
  const schema = data.createSchema(one, { target: 'y', site: 'ward' });
  for (const fn of [() => checks.detectShift(one, schema), () => checks.domainClassifier(one, schema)]) {
    assert.throws(fn, (e: unknown) => e instanceof ValueError && /^site 'ward': needs at least 2 sites to compare\. Received: 1 \(x\)/.test(e.message) && !/detectShift|domainClassifier/.test(e.message));
  }
});

test("CGD's hospital category (hos.cat) is one value per hospital: one site-level-feature warning, not a placeholder, and left out of the domain classifier", async () => {
  const table = await data.readCsv(CGD);
  const withCat = data.createSchema(table, { target: 'infection', site: 'center', features: ['treat', 'sex', 'age', 'height', 'weight', 'hos.cat'] });
  const r = checks.detectShift(table, withCat);
  const level = r.findings.filter((f) => f.code === 'site-level-feature');
  assert.deepEqual(level.map(key), ['site-level-feature:warning:hos.cat:']);
  assert.deepEqual((level[0]!.details as { sites: number; values: number }).sites, 13);
  assert.match(level[0]!.message, /describes the hospital, not the patient.*--exclude hos\.cat/);
  assert.ok(!r.findings.some((f) => f.feature === 'hos.cat' && f.code !== 'site-level-feature'), r.findings.map(key).join(', '));
  // The domain classifier sees the patient features only: the same AUC as without hos.cat.
  const without = checks.detectShift(table, data.createSchema(table, { target: 'infection', site: 'center', features: ['treat', 'sex', 'age', 'height', 'weight'] }));
  assert.deepEqual(r.domainAuc, without.domainAuc);
  // A patient feature that merely happens to be constant at one site is not site-level.
  const heart = await data.readCsv(new URL('../../../data/heart-disease/heart_disease_4sites.csv', import.meta.url).pathname);
  const h = checks.detectShift(heart, data.createSchema(heart, { target: 'num', positive: '>0', site: 'site' }), { domainClassifier: false });
  assert.ok(!h.findings.some((f) => f.code === 'site-level-feature'));
});

test('a single small site keeps its name (pooling needs two); the domain classifier lowers its folds to it', () => {
  const { table, schema } = multiSite(21, [{ rows: 300 }, { rows: 300 }, { rows: 4, shift: () => 3 }]);
  const r = checks.detectShift(table, schema);
  assert.deepEqual(r.pooledSites, []);
  assert.deepEqual(r.siteMatrix.sites, ['s0', 's1', 's2']);
  assert.ok(!r.findings.some((f) => f.code === 'small-sites-pooled'));
  const dc = checks.domainClassifier(table, schema);
  assert.equal(dc.nSplits, 4);
  assert.deepEqual(dc.sites.map((s) => s.site), ['s0', 's1', 's2']);
});

test('a patient column with one value for every row is refused in the user\'s terms', () => {
  const { table } = multiSite(22, [{ rows: 50 }, { rows: 50 }]);
  const t = table.withColumn('pid', { kind: 'numeric', values: new Float64Array(table.nRows).fill(7) });
  const schema = data.createSchema(t, { target: 'y', site: 'site', patient: 'pid' });
  for (const fn of [() => checks.detectShift(t, schema), () => checks.domainClassifier(t, schema)]) {
    assert.throws(fn, (e: unknown) => e instanceof ValueError && /^patient 'pid': holds one value for every row/.test(e.message));
  }
});
