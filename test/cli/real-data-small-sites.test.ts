// Many small sites (the 427-ICU failure mode of #14), built from the real Rotterdam + GBSG rows spread
// over 300 pseudo-ICUs of ~11 patients: train picks site-grouped k-fold and exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-icu-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('300 sites of about 11 rows: site-grouped k-fold by default (whole sites held out), exit 0', async () => {
  const [header, ...lines] = readFileSync('data/breast-cancer/breast_2cohorts.csv', 'utf8').trimEnd().split('\n');
  const file = join(dir, 'icu.csv');
  writeFileSync(file, `${header},icu\n${lines.map((l, i) => `${l},icu${(i * 7919) % 300}`).join('\n')}\n`);
  const out = join(dir, 'run');
  const r = await runCli(['train', file, '--target', 'event5', '--site', 'icu', '--patient', 'pid', '--exclude', 'rfstime,cohort', '--epochs', '2', '--mc', '2', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /validation: group-kfold \(site column 'icu': 300 sites, 100% of rows at sites under 20 rows: whole sites held out in 5 groups \(site-grouped k-fold\)\)/);
  const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { validation: string; folds: { nTest: number }[] };
  assert.equal(doc.validation, 'group-kfold');
  assert.equal(doc.folds.length, 5);
  assert.equal(doc.folds.reduce((a, f) => a + f.nTest, 0), 3262, 'every row tested once');
  assert.ok(r.stdout.split('\n').length <= 40, 'one screen');
});
