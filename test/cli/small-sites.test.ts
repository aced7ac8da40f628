// CLI on real data with small sites (issue #14): shift on ~450 pseudo-ICUs runs and exits 0 in
// seconds; audit with a single site or per-cohort patient ids says what it knows, in the user's terms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { data } from '../../src/index.js';
import { pseudoIcus } from '../checks/small-sites.js';
import { runCliHosted } from './run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('clinreg-small-sites-');

test('shift on ~450 pseudo-ICUs of 1–21 patients: exit 0, one line for the pooled small ICUs', async () => {
  const { table, sizes } = await pseudoIcus('data/breast-cancer/breast_2cohorts.csv');
  const file = join(dir, 'icu.csv');
  writeFileSync(file, data.toCsv(table));
  const t0 = performance.now();
  const r = await runCliHosted(['shift', file, '--target', 'event5', '--site', 'icu', '--exclude', 'rfstime,pid,cohort']);
  const seconds = (performance.now() - t0) / 1000;
  assert.equal(r.code, 0, r.stderr);
  assert.ok(seconds < 90, `${seconds.toFixed(1)} s`);
  const small = sizes.filter((n) => n < 20).length;
  assert.match(r.stdout, new RegExp(`small-sites-pooled .*${small} sites have fewer than 20 rows`));
  assert.doesNotMatch(r.stdout + r.stderr, /nSplits|domainClassifier/);
});

test('audit with a single site: split-free checks, exit 0, no internal API name', async () => {
  const rows = (await data.readCsv('data/cgd/cgd.csv'));
  const center = rows.strings('center');
  const one = rows.select(Array.from({ length: rows.nRows }, (_, i) => i).filter((i) => center[i] === 'NIH'));
  const file = join(dir, 'nih.csv');
  writeFileSync(file, data.toCsv(one));
  const r = await runCliHosted(['audit', file, '--target', 'infection', '--site', 'center', '--exclude', 'etime1,id']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /split audited: none \(--site 'center' holds a single site; split-free checks only\)/);
  assert.doesNotMatch(r.stdout + r.stderr, /LeaveOneGroupOut/);
});

test('audit --site cohort --patient pid on the breast cohorts: ids numbered per cohort are a warning naming the fix, exit 0', async () => {
  const r = await runCliHosted(['audit', 'data/breast-cancer/breast_2cohorts.csv', '--target', 'event5', '--site', 'cohort', '--patient', 'pid', '--exclude', 'rfstime', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { findings: { code: string; severity: string; message: string; details: { patients: number } }[] };
  const overlap = out.findings.filter((f) => f.code === 'patient-overlap');
  assert.deepEqual(overlap.map((f) => f.severity), ['warning']);
  assert.equal(overlap[0]!.details.patients, 374);
  assert.match(overlap[0]!.message, /site-qualified key/);
});
