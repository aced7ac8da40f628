// Real cohorts end to end: GBSG alone (one centre) trains with stratified k-fold; Rotterdam + GBSG
// with --site trains leave-one-site-out; validate finds the rows that were in the model's training data.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertDataError, runCliHosted, type CliResult } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-real-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const GBSG = 'data/breast-cancer/gbsg.csv';
const BOTH = 'data/breast-cancer/breast_2cohorts.csv';
const FAST = ['--epochs', '5', '--mc', '2'];
let single: CliResult;
let twoSites: CliResult;

before(async () => {
  [single, twoSites] = await Promise.all([
    runCliHosted(['train', GBSG, '--target', 'event5', '--exclude', 'rfstime', '--id', 'pid', ...FAST, '--out', join(dir, 'gbsg')]),
    runCliHosted(['train', BOTH, '--target', 'event5', '--site', 'cohort', '--exclude', 'rfstime', '--id', 'pid', ...FAST, '--out', join(dir, 'both')]),
  ]);
});

test('gbsg.csv alone (single centre) trains with stratified k-fold by default, exit 0; pid first in predictions.csv', () => {
  assert.equal(single.code, 0, single.stderr);
  assert.match(single.stdout, /^data\/breast-cancer\/gbsg\.csv: 406 rows, 406 with outcome \(285 events\), 8 features; validation: stratified-kfold \(no site, patient or time column/);
  const doc = JSON.parse(readFileSync(join(dir, 'gbsg', 'results.json'), 'utf8')) as { validation: string; folds: { nTest: number }[]; features: string[] };
  assert.equal(doc.validation, 'stratified-kfold');
  assert.equal(doc.folds.reduce((a, f) => a + f.nTest, 0), 406, 'every row tested once');
  assert.deepEqual(doc.features, ['age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er', 'hormon']);
  const lines = readFileSync(join(dir, 'gbsg', 'predictions.csv'), 'utf8').trimEnd().split('\n');
  assert.equal(lines[0], 'pid,row,event,oof_probability,probability,sd');
  assert.equal(lines.length, 407);
  assert.match(lines[1]!, /^132,2,0,0\.\d+,0\.\d+,\d\.\d+$/);
});

test('breast_2cohorts.csv with --site cohort trains leave-one-site-out: Rotterdam and GBSG each held out, exit 0', () => {
  assert.equal(twoSites.code, 0, twoSites.stderr);
  assert.match(twoSites.stdout, /validation: leave-one-site-out \(site column 'cohort'/);
  const doc = JSON.parse(readFileSync(join(dir, 'both', 'results.json'), 'utf8')) as { sites: { site: string; n: number; auc: number }[] };
  assert.deepEqual(doc.sites.map((s) => [s.site, s.n]), [['rotterdam', 2856], ['gbsg', 406]]);
  for (const s of doc.sites) assert.ok(s.auc < 0.9, `${s.site} AUC ${s.auc}: no outcome-defining column left (with rfstime: 0.98+)`);
});

test('validate finds the rows that were in training: GBSG rows left out of the Rotterdam + GBSG file, the training file alone refused', async () => {
  const model = join(dir, 'gbsg', 'model');
  const [both, own, refuse] = await Promise.all([
    runCliHosted(['validate', model, BOTH, '--target', 'event5', '--site', 'cohort', '--json']),
    runCliHosted(['validate', model, GBSG, '--target', 'event5']),
    runCliHosted(['validate', model, BOTH, '--target', 'event5', '--site', 'cohort', '--in-training', 'refuse']),
  ]);
  assert.equal(both.code, 0, both.stderr);
  const doc = JSON.parse(both.stdout) as { rowsInTraining: number; validatedRows: number; sites: { site: string; n: number }[]; findings: { code: string; details?: { count: number; bySite: Record<string, number> } }[] };
  assert.equal(doc.rowsInTraining, 406);
  assert.equal(doc.validatedRows, 2856);
  assert.deepEqual(doc.sites.map((s) => [s.site, s.n]), [['rotterdam', 2856]], 'only the external cohort is validated');
  const f = doc.findings.find((x) => x.code === 'validation-rows-in-training')!;
  assert.deepEqual([f.details!.count, f.details!.bySite], [406, { gbsg: 406 }]);
  assertDataError(own, /^clinreg: validate: all 406 rows of data\/breast-cancer\/gbsg\.csv were in the model's training data \(validation-rows-in-training\)/);
  assertDataError(refuse, /^clinreg: validate: 406 of 3262 rows .* \(validation-rows-in-training\)\. Fix: /);
});
