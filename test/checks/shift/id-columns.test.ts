// Columns that identify rows are not compared between sites: the breast cohorts' patient ids are
// numbered per cohort (1..2,982 at Rotterdam, 1..686 in GBSG), so their ranges differ by construction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checks, data, type Finding } from '../../../src/index.js';
import { multiSite } from '../synthetic.js';

const BREAST = new URL('../../../data/breast-cancer/breast_2cohorts.csv', import.meta.url).pathname;
const FEATURES = ['age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er', 'hormon'];
const key = (f: Finding): string => `${f.code}:${f.severity}:${f.feature ?? ''}`;

test('ids numbered per cohort: one id-like-feature warning, left out of every comparison and the domain classifier', async () => {
  const table = await data.readCsv(BREAST);
  const withId = checks.detectShift(table, data.createSchema(table, { target: 'event5', site: 'cohort', features: [...FEATURES, 'pid'] }));
  const without = checks.detectShift(table, data.createSchema(table, { target: 'event5', site: 'cohort', features: FEATURES }));
  const id = withId.findings.filter((f) => f.feature === 'pid');
  assert.deepEqual(id.map(key), ['id-like-feature:warning:pid']);
  assert.deepEqual(id[0]!.details, { uniquePerRow: true, monotone: null, n: 3262, perSite: true, leftOut: true });
  assert.match(id[0]!.message, /^'pid' is unique within each 'cohort' across 3262 rows: .*numbering, not case mix\. Left out .* --id pid /);
  // Everything else is what the run without the column gives.
  assert.deepEqual(withId.findings.filter((f) => f.feature !== 'pid'), without.findings);
  assert.deepEqual(withId.features, without.features);
  assert.deepEqual(withId.domainAuc, without.domainAuc);
  assert.deepEqual(withId.siteMatrix, without.siteMatrix);
});

test('compareIdColumns: true compares such a column like any feature (no id-like-feature finding)', async () => {
  const table = await data.readCsv(BREAST);
  const r = checks.detectShift(table, data.createSchema(table, { target: 'event5', site: 'cohort', features: [...FEATURES, 'pid'] }), { compareIdColumns: true });
  assert.ok(!r.findings.some((f) => f.code === 'id-like-feature'));
  assert.ok(r.features.some((f) => f.feature === 'pid'));
  assert.ok(r.findings.some((f) => f.code === 'feature-shift' && f.feature === 'pid'), r.findings.map(key).join(', '));
});

test('measurements stay: continuous values distinct in every row, and integer codes that repeat or count under 100 rows', () => {
  // multiSite's features are continuous (distinct in every row): never id-like.
  const { table, schema } = multiSite(3, [{ rows: 200 }, { rows: 200 }]);
  const r = checks.detectShift(table, schema);
  assert.ok(!r.findings.some((f) => f.code === 'id-like-feature'));
  assert.equal(r.features.length, schema.features.length);
  // An integer column distinct over 60 rows in shuffled order is only a warning in the audit: compared.
  const rows = 60;
  const order = Array.from({ length: rows }, (_, i) => (i * 37) % rows);
  const t = data.fromRows(['site', 'code', 'y'], order.map((v, i) => [i < rows / 2 ? 'a' : 'b', v + 1, v % 2]));
  const s = checks.detectShift(t, data.createSchema(t, { target: 'y', site: 'site' }), { domainClassifier: false });
  assert.ok(!s.findings.some((f) => f.code === 'id-like-feature'));
  assert.deepEqual(s.features.map((f) => f.feature), ['code']);
});
