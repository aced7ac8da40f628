// Leakage audit over many small folds (one per pseudo-ICU): one duplicate-rows finding for all folds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checks, data, modelSelection } from '../../../src/index.js';
import { pseudoIcus } from '../small-sites.js';

const BREAST = new URL('../../../data/breast-cancer/breast_2cohorts.csv', import.meta.url).pathname;
const FEATURES = ['age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er', 'hormon'];

test('~450 leave-one-ICU-out folds: duplicate rows are ONE finding over all folds, severity from the overall fraction', async () => {
  const { table, nSites } = await pseudoIcus(BREAST);
  const schema = data.createSchema(table, { target: 'event5', site: 'icu', features: FEATURES });
  const groups = table.strings('icu').map((s) => s ?? '');
  const folds = [...new modelSelection.LeaveOneGroupOut().split(table.nRows, undefined, groups)];
  assert.equal(folds.length, nSites);
  const dup = checks.auditLeakage(table, schema, { folds }).filter((f) => f.code === 'duplicate-rows');
  assert.equal(dup.length, 1);
  const d = dup[0]!.details as { testRowsWithCopy: number; testRows: number; fraction: number; folds: { fold: number; testRowsWithCopy: number; testRows: number }[] };
  assert.equal(d.testRows, table.nRows, 'each row is tested once under leave-one-group-out');
  assert.equal(d.folds.reduce((a, f) => a + f.testRowsWithCopy, 0), d.testRowsWithCopy);
  assert.ok(d.folds.length > 1 && d.folds.length < nSites);
  assert.equal(dup[0]!.severity, d.fraction >= 0.05 ? 'critical' : 'warning');
  // Independent count: rows whose feature values occur at another ICU.
  const cols = FEATURES.map((f) => table.numbers(f));
  const keyOf = (i: number): string => cols.map((c) => c[i]).join(',');
  const icusOf = new Map<string, Set<string>>();
  for (let i = 0; i < table.nRows; i++) (icusOf.get(keyOf(i)) ?? icusOf.set(keyOf(i), new Set()).get(keyOf(i))!).add(groups[i]!);
  const expected = Array.from({ length: table.nRows }, (_, i) => i).filter((i) => icusOf.get(keyOf(i))!.size > 1).length;
  assert.equal(d.testRowsWithCopy, expected);
});

test('dated rows under leave-one-site-out (two sites): ONE temporal-overlap warning over both folds, not a mirrored pair', async () => {
  const all = await data.readCsv(BREAST);
  const n = all.nRows;
  // Visit dates spread over 10 years in file order, so both cohorts' folds predate the other's latest date.
  const dated = all.withColumn('visit', { kind: 'date', values: Float64Array.from({ length: n }, (_, i) => Date.UTC(1990, 0, 1) + ((i * 7919) % n) * 86_400_000) });
  const schema = data.createSchema(dated, { target: 'event5', site: 'cohort', time: 'visit', features: FEATURES });
  const groups = dated.strings('cohort').map((s) => s ?? '');
  const folds = [...new modelSelection.LeaveOneGroupOut().split(n, undefined, groups)];
  const t = checks.auditLeakage(dated, schema, { folds }).filter((f) => f.code === 'temporal-overlap');
  assert.deepEqual(t.map((f) => f.severity), ['warning']);
  const d = t[0]!.details as { testRowsDated: number; folds: unknown[] };
  assert.equal(d.testRowsDated, n);
  assert.equal(d.folds.length, 2);
  assert.match(t[0]!.message, /^In 2 of 2 folds the test rows are not a later period/);
});
