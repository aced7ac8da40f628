// Leak gating on real cohorts (data/breast-cancer, data/cgd): train refuses columns that give the
// outcome away with one line naming them and the flag that drops them; --exclude trains; --allow-leaks
// trains and says so at the top of the terminal output and the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertDataError, runCliHosted } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-gating-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const GBSG = 'data/breast-cancer/gbsg.csv';
const CGD = 'data/cgd/cgd.csv';

test('train refuses the outcome-defining columns rfstime (GBSG) and etime1 (CGD, by its missingness) and the id column, in one line with the flags that fix it (--id for the identifier, --exclude for the rest)', async () => {
  const [gbsg, gbsgId, cgd, cgdId] = await Promise.all([
    runCliHosted(['train', GBSG, '--target', 'event5', '--out', join(dir, 'g')]),
    runCliHosted(['train', GBSG, '--target', 'event5', '--id', 'pid', '--out', join(dir, 'g')]),
    runCliHosted(['train', CGD, '--target', 'infection', '--site', 'center', '--out', join(dir, 'c')]),
    runCliHosted(['train', CGD, '--target', 'infection', '--site', 'center', '--id', 'id', '--out', join(dir, 'c')]),
  ]);
  // GBSG's pid is distinct in all 406 rows: an identifier, refused beside the outcome-defining rfstime.
  assertDataError(gbsg, /^clinreg: train: data\/breast-cancer\/gbsg\.csv: refusing to train on columns that give the outcome away or identify the row: 'pid' \(id-like-feature\), 'rfstime' \(target-proxy\)\. Fix: --id pid \(a row identifier: kept out of the features, written in the outputs\) and --exclude rfstime \(or --allow-leaks to train anyway\)\.\n$/);
  assertDataError(gbsgId, /^clinreg: train: data\/breast-cancer\/gbsg\.csv: refusing to train on a column that gives the outcome away or identifies the row: 'rfstime' \(target-proxy\)\. Fix: --exclude rfstime \(or --allow-leaks to train anyway\)\.\n$/);
  assertDataError(cgd, /'id' \(id-like-feature\), 'etime1' \(target-proxy\)\. Fix: --id id \(a row identifier: .*\) and --exclude etime1 /);
  assertDataError(cgdId, /refusing to train on a column .*: 'etime1' \(target-proxy\)\. Fix: --exclude etime1 /);
});

test('audit names the same fix as train: --id for the identifier, --exclude for the rest', async () => {
  const [plain, withId] = await Promise.all([runCliHosted(['audit', GBSG, '--target', 'event5']), runCliHosted(['audit', GBSG, '--target', 'event5', '--id', 'pid'])]);
  assert.equal(plain.code, 1, plain.stderr); // critical findings: the linter's default --fail-on
  assert.match(plain.stdout, /\ntrain refuses these columns: pid \(id-like-feature\), rfstime \(target-proxy\)\. Fix: --id pid \(a row identifier: kept out of the features, written in the outputs\) and --exclude rfstime\n/);
  assert.match(withId.stdout, /\ntrain refuses these columns: rfstime \(target-proxy\)\. Fix: --exclude rfstime\n/);
});

test('CGD (13 hospitals, 4–26 patients each) trains once etime1 is excluded: site-grouped k-fold (most rows at sites under 20), exit 0, the scheme printed', async () => {
  const out = join(dir, 'cgd');
  const r = await runCliHosted(['train', CGD, '--target', 'infection', '--site', 'center', '--id', 'id', '--exclude', 'etime1', '--epochs', '5', '--mc', '2', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^data\/cgd\/cgd\.csv: 128 rows, 128 with outcome \(44 events\), 9 features; validation: group-kfold \(site column 'center': 13 sites, 80% of rows at sites under 20 rows: whole sites held out in 5 groups/);
  const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { features: string[]; validation: string };
  assert.equal(doc.validation, 'group-kfold');
  assert.ok(!doc.features.includes('etime1') && !doc.features.includes('id'), doc.features.join(','));
  assert.equal(readFileSync(join(out, 'predictions.csv'), 'utf8').split('\n')[0], 'id,row,center,event,oof_probability,probability,sd');
});

test('--allow-leaks trains on rfstime anyway: exit 0, a WARNING line at the top, the report title and results.json say so', async () => {
  const out = join(dir, 'allowed');
  const r = await runCliHosted(['train', GBSG, '--target', 'event5', '--id', 'pid', '--allow-leaks', '--epochs', '3', '--mc', '2', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.split('\n')[1]!, /^WARNING: trained on leaking columns because of --allow-leaks: rfstime \(target-proxy\)$/);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /<title>[^<]*TRAINED ON LEAKING COLUMNS[^<]*rfstime/);
  const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { leaksAllowed: { feature: string; code: string }[] };
  assert.deepEqual(doc.leaksAllowed, [{ feature: 'rfstime', code: 'target-proxy' }]);
  const model = JSON.parse(readFileSync(join(out, 'model', 'model.json'), 'utf8')) as { metadata: { leaksAllowed: string[] } };
  assert.deepEqual(model.metadata.leaksAllowed, ['rfstime']);
});
