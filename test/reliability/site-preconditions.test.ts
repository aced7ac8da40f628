// Site-level preconditions in the user's terms (issue #19 item 6): one site, a 1-row site and a
// patient column that holds one value come through audit, shift, train and validate with --site
// as a result or a one-line refusal naming the column and the site — never an internal API's
// message (LeaveOneGroupOut, GroupKFold, domainClassifier, nSplits …) or an unexpected error.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, ROLES, assertDataError, fixture, runCliHosted, type CliResult } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-siteprec-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const FAST = ['--epochs', '1', '--mc', '2'];
const INTERNAL = /LeaveOneGroupOut|GroupKFold|StratifiedKFold|domainClassifier|nSplits|n_splits|unexpected error|\bat .+:\d+:\d+/;

/** The three cases, from the 4-site fixture (site,patient,age,sbp,lactate,y; 200 rows). */
const files = { oneSite: join(dir, 'one-site.csv'), oneRowSite: join(dir, 'one-row-site.csv'), samePatient: join(dir, 'same-patient.csv') };
/** The same cases with age + 0.5, so a model trained on the fixture has not seen the rows. */
const unseen = { oneSite: join(dir, 'one-site-unseen.csv'), oneRowSite: join(dir, 'one-row-site-unseen.csv'), samePatient: join(dir, 'same-patient-unseen.csv') };

before(() => {
  const [header, ...rows] = readFileSync(join(REPO_ROOT, fixture('train.csv')), 'utf8').trimEnd().split('\n');
  const cells = rows.map((r) => r.split(','));
  const write = (path: string, body: string[][], shift: number): void => {
    writeFileSync(path, `${header}\n${body.map((c) => [c[0], c[1], String(Number(c[2]) + shift), ...c.slice(3)].join(',')).join('\n')}\n`);
  };
  for (const [target, shift] of [[files, 0], [unseen, 0.5]] as const) {
    write(target.oneSite, cells.map((c) => ['north', ...c.slice(1)]), shift);
    write(target.oneRowSite, [...cells, ['tiny', 'P999', '50', '130', '1.0', '1']], shift);
    write(target.samePatient, cells.map((c) => [c[0]!, 'P1', ...c.slice(2)]), shift);
  }
});

/** Exit 0 or 1 (findings), the result on stdout, no internal name anywhere. */
function assertResult(r: CliResult, pattern: RegExp): void {
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}; stderr: ${r.stderr}`);
  assert.doesNotMatch(r.stdout + r.stderr, INTERNAL);
  assert.match(r.stdout, pattern);
}

test('audit --site: one site audits split-free; a 1-row site is one more fold; a one-value patient column is no crash', async () => {
  const [one, tiny, same] = await Promise.all([runCliHosted(['audit', files.oneSite, ...ROLES]), runCliHosted(['audit', files.oneRowSite, ...ROLES]), runCliHosted(['audit', files.samePatient, ...ROLES])]);
  assertResult(one, /split audited: none \(--site 'site' holds a single site; split-free checks only\)/);
  assertResult(tiny, /split audited: leave-one-site-out by 'site' \(5 folds\)/);
  assertResult(same, /201 rows|200 rows/);
});

test('shift --site: one site and a one-value patient column are refused in one line naming the column; a 1-row site is named as left out of the domain classifier', async () => {
  const [one, tiny, same] = await Promise.all([runCliHosted(['shift', files.oneSite, ...ROLES]), runCliHosted(['shift', files.oneRowSite, ...ROLES]), runCliHosted(['shift', files.samePatient, ...ROLES])]);
  assertDataError(one, /site 'site': needs at least 2 sites to compare\. Received: 1 \(north\)\. Fix: /);
  assertResult(tiny, /5 sites \(north, south, east, west, tiny\)[\s\S]*\n {2}left out of the domain classifier \(fewer than 2 rows at the site\): tiny\n/);
  assertDataError(same, /patient 'patient': holds one value for every row, so it cannot group rows by patient\. Fix: /);
});

test('train and validate --site: one site falls back to patient-grouped folds and says so; a 1-row site is reported by name; a one-value patient column is refused', { timeout: 240_000 }, async () => {
  const model = join(dir, 'tiny-run');
  const [one, tiny, same] = await Promise.all([
    runCliHosted(['train', files.oneSite, ...ROLES, ...FAST, '--out', join(dir, 'one-run')]),
    runCliHosted(['train', files.oneRowSite, ...ROLES, ...FAST, '--out', model]),
    runCliHosted(['train', files.samePatient, ...ROLES, ...FAST, '--out', join(dir, 'same-run')]),
  ]);
  assertResult(one, /validation: group-kfold \(one site in 'site'; patient column 'patient': no patient on both sides\)/);
  assertResult(tiny, /\ntiny +1 +1 .*site-single-class\n[\s\S]*site-single-class \[tiny\] +tiny: AUC is undefined — all 1 rows are events/);
  assertDataError(same, /patient 'patient': holds one value for every row/);
  const validateArgs = (file: string): string[] => ['validate', join(model, 'model'), file, '--target', 'y', '--site', 'site'];
  const [vOne, vTiny, vSame] = await Promise.all([runCliHosted(validateArgs(unseen.oneSite)), runCliHosted(validateArgs(unseen.oneRowSite)), runCliHosted(validateArgs(unseen.samePatient))]);
  assertResult(vOne, /\nnorth +200 /);
  assertResult(vTiny, /\ntiny +1 +1 .*site-single-class/);
  assertResult(vSame, /\nnorth +50 /);
});
