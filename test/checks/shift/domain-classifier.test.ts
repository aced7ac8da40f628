import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checks, data, Generator, ValueError } from '../../../src/index.js';

const fx = JSON.parse(readFileSync(new URL('../../fixtures/checks/shift-stats.json', import.meta.url), 'utf8')) as {
  domainClassifier: { shift: number; site: number[]; patient: number[]; x: (number | null)[][]; auc: number[] }[];
};

function fixtureTable(c: (typeof fx.domainClassifier)[number]): data.Table {
  const cols: Record<string, data.Column> = {
    site: { kind: 'categorical', codes: Int32Array.from(c.site), levels: ['s0', 's1', 's2'] },
    patient: { kind: 'numeric', values: Float64Array.from(c.patient) },
    y: { kind: 'numeric', values: new Float64Array(c.site.length) },
  };
  c.x.forEach((col, j) => (cols[`x${j}`] = { kind: 'numeric', values: Float64Array.from(col, (v) => (v === null ? NaN : v)) }));
  return new data.Table(cols);
}

test('domainClassifier equals scikit-learn LogisticRegression(C=1) with the same design and GroupKFold (AUC to 1e-6)', () => {
  for (const c of fx.domainClassifier) {
    const table = fixtureTable(c);
    const schema = data.createSchema(table, { target: 'y', site: 'site', patient: 'patient' });
    const r = checks.domainClassifier(table, schema);
    assert.equal(r.cv, 'group-kfold');
    assert.equal(r.nSplits, 5);
    assert.equal(r.designColumns, 5); // 4 features + 1 missing indicator
    r.sites.forEach((s, k) => assert.ok(Math.abs(s.auc - c.auc[k]!) < 1e-6, `shift ${c.shift} site ${k}: ${s.auc} vs sklearn ${c.auc[k]}`));
  }
});

function synthetic(seed: number, perSite: number, shift: number, withPatient: boolean): { table: data.Table; schema: data.Schema } {
  const g = new Generator(seed);
  const n = 3 * perSite;
  const site = Int32Array.from({ length: n }, (_, i) => i % 3);
  const cols: Record<string, data.Column> = { site: { kind: 'categorical', codes: site, levels: ['a', 'b', 'c'] } };
  for (let f = 0; f < 4; f++) {
    cols[`x${f}`] = { kind: 'numeric', values: Float64Array.from(site, (s) => g.normal() + (s === 2 ? shift : 0)) };
  }
  cols.kind = { kind: 'categorical', codes: Int32Array.from(site, (s) => (g.random() < 0.5 + (s === 2 ? shift / 4 : 0) ? 0 : 1)), levels: ['u', 'v'] };
  cols.y = { kind: 'numeric', values: Float64Array.from(site, () => (g.random() < 0.5 ? 1 : 0)) };
  if (withPatient) cols.pid = { kind: 'numeric', values: Float64Array.from({ length: n }, (_, i) => Math.floor(i / 2)) };
  const table = new data.Table(cols);
  return { table, schema: data.createSchema(table, { target: 'y', site: 'site', ...(withPatient ? { patient: 'pid' } : {}) }) };
}

test('domainClassifier: a shifted site is separable, look-alike sites are not; stratified folds without patients', () => {
  const { table, schema } = synthetic(1, 300, 1.5, false);
  const r = checks.domainClassifier(table, schema);
  assert.equal(r.cv, 'stratified-kfold');
  assert.ok(r.sites[2]!.auc > 0.9, `shifted site AUC ${r.sites[2]!.auc}`);
  // a and b are only told apart from "the rest" through c's shift, so they score in between.
  assert.ok(r.sites[0]!.auc < 0.8 && r.sites[1]!.auc < 0.8, `others ${r.sites[0]!.auc}, ${r.sites[1]!.auc}`);
  assert.equal(r.designColumns, 6); // 4 numeric + 2 one-hot levels
  const again = checks.domainClassifier(table, schema);
  assert.deepEqual(again.sites, r.sites, 'seeded: the same result twice');
});

test('domainClassifier samples at most maxRowsPerSite rows per site and groups by patient when present', () => {
  const { table, schema } = synthetic(2, 200, 0, true);
  const r = checks.domainClassifier(table, schema, { maxRowsPerSite: 50, nSplits: 3 });
  assert.equal(r.cv, 'group-kfold');
  assert.equal(r.rowsUsed, 150);
  for (const s of r.sites) {
    assert.equal(s.rowsUsed, 50);
    assert.equal(s.rows, 200);
    assert.ok(s.auc > 0.2 && s.auc < 0.8, `null AUC ${s.auc}`);
  }
});

test('domainClassifier validates its inputs (ValueError, E_VALUE)', () => {
  const { table, schema } = synthetic(3, 10, 0, false);
  const bad: [() => unknown, RegExp][] = [
    [() => checks.domainClassifier(table, { ...schema, site: undefined } as unknown as data.Schema), /site column is required/],
    [() => checks.domainClassifier(table, schema, { nSplits: 1 }), /nSplits must be an integer ≥ 2/],
    [() => checks.domainClassifier(table, schema, { l2: 0 }), /l2 must be/],
    [() => checks.domainClassifier(table, schema, { maxRowsPerSite: 2 }), /maxRowsPerSite/],
    [() => checks.domainClassifier(table, schema, { site: 'nope' }), /'nope' is not in the table/],
    [() => checks.domainClassifier(table, { ...schema, features: [...schema.features, 'site'] }), /must not be a feature/],
  ];
  for (const [fn, msg] of bad) {
    assert.throws(fn, (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && msg.test(e.message), String(msg));
  }
});

test('domainClassifier: small sites never fail — pooled under minSiteRows, fewer folds, 1-row groups left out', () => {
  const { table, schema } = synthetic(4, 10, 1.5, false);
  // 3 sites × 10 rows: with minSiteRows 5 each stays a site; nSplits 11 is lowered to 10 (the smallest site).
  const r = checks.domainClassifier(table, schema, { nSplits: 11, minSiteRows: 5 });
  assert.equal(r.nSplits, 10);
  assert.deepEqual(r.sites.map((s) => s.site), ['a', 'b', 'c']);
  assert.deepEqual([r.pooledSites, r.skippedSites], [[], []]);
  // Default minSiteRows (20): all three are small; one pooled group cannot be compared with anything.
  const all = checks.domainClassifier(table, schema);
  assert.deepEqual(all.pooledSites, ['a', 'b', 'c']);
  assert.deepEqual(all.sites, []);
  // Site a (20 rows) and a single row of site b: the 1-row group is left out, not an error.
  const big = synthetic(5, 20, 0, false);
  const t = big.table.select([...Array.from({ length: 20 }, (_, i) => 3 * i), 1]);
  const r2 = checks.domainClassifier(t, big.schema, { minSiteRows: 1 });
  assert.deepEqual(r2.skippedSites, ['b']);
  assert.deepEqual(r2.sites, []);
});

/** n rows per site × 3 sites, `width` numeric features; site c shifts the first `shifted` features. */
function wide(seed: number, perSite: number, width: number, shifted: number, shift: number): { table: data.Table; schema: data.Schema } {
  const g = new Generator(seed);
  const n = 3 * perSite;
  const site = Int32Array.from({ length: n }, (_, i) => i % 3);
  const cols: Record<string, data.Column> = { site: { kind: 'categorical', codes: site, levels: ['a', 'b', 'c'] } };
  for (let f = 0; f < width; f++) {
    cols[`x${f}`] = { kind: 'numeric', values: Float64Array.from(site, (s) => g.normal() + (s === 2 && f < shifted ? shift : 0)) };
  }
  cols.y = { kind: 'numeric', values: new Float64Array(n) };
  const table = new data.Table(cols);
  return { table, schema: data.createSchema(table, { target: 'y', site: 'site' }) };
}

test('domainClassifier feature-hashes a design wider than maxColumns and still finds the shifted site, as the full design does', () => {
  // 60 features, 10 of them shifted by 1.2 sd at site c; the full 60-column fit against a 16-column hash.
  const { table, schema } = wide(5, 150, 60, 10, 1.2);
  const full = checks.domainClassifier(table, schema);
  const hashed = checks.domainClassifier(table, schema, { maxColumns: 16 });
  assert.equal(full.designColumns, 60);
  assert.equal(full.modelColumns, 60);
  assert.equal(hashed.designColumns, 60);
  assert.equal(hashed.modelColumns, 16);
  // Hashing 60 columns into 16 mixes the shifted ones with noise: the AUC drops but stays above
  // detectShift's site-separable threshold (0.8).
  assert.ok(full.sites[2]!.auc > 0.9 && hashed.sites[2]!.auc > 0.8, `shifted site: full ${full.sites[2]!.auc}, hashed ${hashed.sites[2]!.auc}`);
  for (const k of [0, 1]) assert.ok(hashed.sites[k]!.auc < 0.8, `look-alike site ${k}: hashed ${hashed.sites[k]!.auc}`);
  assert.deepEqual(checks.domainClassifier(table, schema, { maxColumns: 16 }).sites, hashed.sites, 'seeded: the same hash twice');
  // Without shift the hashed classifier sees nothing (no site above chance by much).
  const none = wide(6, 150, 60, 0, 0);
  for (const s of checks.domainClassifier(none.table, none.schema, { maxColumns: 16 }).sites) assert.ok(s.auc < 0.65, `no shift: ${s.site} ${s.auc}`);
  assert.throws(() => checks.domainClassifier(table, schema, { maxColumns: 0 }), (e: unknown) => e instanceof ValueError && /maxColumns must be an integer ≥ 1/.test(e.message));
});

test('domainClassifier maxOtherRows: each site trains on its rows and a sample of the others; every row still scored, AUCs as with all of them', () => {
  const { table, schema } = synthetic(2, 600, 1.0, false); // 1,800 rows: ~960 others per site and fold
  const all = checks.domainClassifier(table, schema);
  const sampled = checks.domainClassifier(table, schema, { maxOtherRows: 200 });
  assert.equal(sampled.rowsUsed, all.rowsUsed);
  sampled.sites.forEach((s, k) => {
    assert.equal(s.rowsUsed, all.sites[k]!.rowsUsed);
    assert.ok(Math.abs(s.auc - all.sites[k]!.auc) < 0.03, `${s.site}: ${s.auc} sampled, ${all.sites[k]!.auc} with all rows`);
  });
  assert.ok(sampled.sites[2]!.auc > 0.85, `shifted site ${sampled.sites[2]!.auc}`);
  assert.notDeepEqual(sampled.sites, all.sites, 'the sample is used');
  assert.deepEqual(checks.domainClassifier(table, schema, { maxOtherRows: 200 }).sites, sampled.sites, 'seeded');
  assert.deepEqual(checks.domainClassifier(table, schema, { maxOtherRows: 5000 }).sites, all.sites, 'no sample when the others are fewer');
  assert.throws(() => checks.domainClassifier(table, schema, { maxOtherRows: 0 }), /maxOtherRows/);
});
