// Files a new user brings that differ from the training file: unlabelled rows, a missing feature,
// validate without repeating --target (QA, session 3). The runs go to the file's CLI host
// (runCliHosted: one process for them all); the bad MODEL_DIR check stays a process of its own.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, ROLES, assertDataError, fixture, runCli, runCliHosted, type SiteJson } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-newuser-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const model = join(dir, 'run', 'model');

/** The fixture's lines with a column transformed: `edit(cells, index)` returns the new cells. */
function derived(name: string, source: string, edit: (cells: string[], i: number) => string[]): string {
  const lines = readFileSync(join(REPO_ROOT, fixture(source)), 'utf8').trimEnd().split('\n');
  const path = join(dir, name);
  writeFileSync(path, `${lines.map((l, i) => edit(l.split(','), i).join(',')).join('\n')}\n`);
  return path;
}

before(async () => {
  const r = await runCliHosted(['train', fixture('train.csv'), ...ROLES, '--epochs', '3', '--mc', '2', '--update-sizes', 'none', '--out', join(dir, 'run'), '--json']);
  assert.equal(r.code, 0, r.stderr);
});

test('train keeps rows without an outcome out of the estimate instead of refusing the file', async () => {
  // Every 10th record's outcome blank (records 10, 20, …): 20 of 200 unlabelled.
  const file = derived('unlabelled.csv', 'train.csv', (c, i) => (i > 0 && i % 10 === 0 ? [...c.slice(0, -1), ''] : c));
  const r = await runCliHosted(['train', file, ...ROLES, '--epochs', '3', '--mc', '2', '--update-sizes', 'none', '--out', join(dir, 'unlabelled'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { rows: number; labelledRows: number; sites: SiteJson[] };
  assert.equal(doc.rows, 200);
  assert.equal(doc.labelledRows, 180);
  assert.equal(doc.sites.reduce((a, s) => a + s.n, 0), 180);
  // A non-binary labelled value is still refused, naming its row.
  const bad = derived('unlabelled-bad.csv', 'train.csv', (c, i) => (i === 10 ? [...c.slice(0, -1), ''] : i === 11 ? [...c.slice(0, -1), '7'] : c));
  assertDataError(await runCliHosted(['train', bad, ...ROLES, '--out', join(dir, 'never')]), /row 12, column 'y'/);
});

test("validate defaults --target to the model's outcome column, as update does", async () => {
  const [implicit, explicit] = await Promise.all([
    runCliHosted(['validate', model, fixture('train-one-class-site.csv'), '--site', 'site', '--json']),
    runCliHosted(['validate', model, fixture('train-one-class-site.csv'), '--site', 'site', '--target', 'y', '--json']),
  ]);
  assert.equal(implicit.code, 0, implicit.stderr);
  assert.equal(implicit.stdout, explicit.stdout);
  // Rows without an outcome are left out and counted on the first line.
  const blanks = derived('other-unlabelled.csv', 'train-one-class-site.csv', (c, i) => (i > 0 && i % 50 === 0 ? [...c.slice(0, -1), ''] : c));
  const counted = await runCliHosted(['validate', model, blanks]);
  assert.equal(counted.code, 0, counted.stderr);
  assert.match(counted.stdout, /^\S+other-unlabelled\.csv: 196 rows scored by .* \(4 rows without an outcome left out\)/);
  // --summary-only too.
  const summary = await runCliHosted(['validate', model, fixture('train-one-class-site.csv'), '--summary-only', '--json']);
  assert.equal(summary.code, 0, summary.stderr);
  assert.equal((JSON.parse(summary.stdout) as { target: string }).target, 'y');
});

test('predict and validate on a file without one of the model features: one line naming it and the fix', async () => {
  const noLactate = derived('no-lactate.csv', 'train-one-class-site.csv', (c) => [...c.slice(0, 4), ...c.slice(5)]);
  const fix = /the model's feature 'lactate' is not in the file\. Columns: site, patient, age, sbp, y\. Fix: add the column; leave its cells empty/;
  const [p, v, u] = await Promise.all([runCliHosted(['predict', model, noLactate]), runCliHosted(['validate', model, noLactate]), runCliHosted(['update', model, noLactate, '--out', join(dir, 'never')])]);
  assertDataError(p, fix);
  assertDataError(u, fix);
  assert.doesNotMatch(p.stderr, /TabularPreprocessor/);
  assertDataError(v, fix);
  // The fix works: the column present but empty is imputed.
  const empty = derived('empty-lactate.csv', 'train-one-class-site.csv', (c, i) => [...c.slice(0, 4), i === 0 ? 'lactate' : '', ...c.slice(5)]);
  const ok = await runCliHosted(['predict', model, empty]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^row,probability\n2,0\.\d+\n/);
});

test('a text outcome: the suggested --positive is the level that reads as an event, never the first in sort order', async () => {
  const text = (name: string, no: string, yes: string): string =>
    derived(name, 'train.csv', (c, i) => (i === 0 ? c : [...c.slice(0, -1), c[c.length - 1] === '1' ? yes : no]));
  const [yesNo, bool, other] = await Promise.all([
    runCliHosted(['audit', text('yes-no.csv', 'no', 'yes'), '--target', 'y']),
    runCliHosted(['audit', text('bool.csv', 'FALSE', 'TRUE'), '--target', 'y']),
    runCliHosted(['audit', text('levels.csv', 'benign', 'malignant'), '--target', 'y']),
  ]);
  assertDataError(yesNo, /has the values no, yes\. .*\(CLI: --positive yes\) if 'yes' marks an event/);
  assertDataError(bool, /has the values FALSE, TRUE\. .*\(CLI: --positive TRUE\) if 'TRUE' marks an event/);
  assertDataError(other, /\(CLI: --positive benign\) if 'benign' marks an event/);
  // The suggestion works as pasted.
  const ok = await runCliHosted(['audit', join(dir, 'yes-no.csv'), '--target', 'y', '--positive', 'yes', '--json']);
  assert.ok(ok.code === 0 || ok.code === 1, ok.stderr);
});

test('validate says how many rows lie outside the training range, by feature, as predict flags them', async () => {
  // Ages recorded in months at a new hospital: 12 × the training ages, far outside their range, in 30 rows.
  const months = derived('months.csv', 'train-one-class-site.csv', (c, i) => (i > 0 && i <= 30 ? [c[0]!, c[1]!, String(12 * Number(c[2])), ...c.slice(3)] : c));
  const [text, json] = await Promise.all([runCliHosted(['validate', model, months]), runCliHosted(['validate', model, months, '--json'])]);
  assert.equal(text.code, 0, text.stderr);
  // The unchanged file has a few rows just outside the range (other patients): the note adds the 30 ages.
  const clean = await runCliHosted(['validate', model, fixture('train-one-class-site.csv'), '--json']);
  type Oor = { outOfRange: { rows: number; byFeature: Record<string, number> } };
  const before = (JSON.parse(clean.stdout) as Oor).outOfRange;
  const after = (JSON.parse(json.stdout) as Oor).outOfRange;
  const age = after.byFeature['age']!;
  assert.ok(age >= 30 && age <= 30 + (before.byFeature['age'] ?? 0), `age ${age}`);
  assert.deepEqual({ ...after.byFeature, age: 0 }, { ...before.byFeature, age: 0 });
  assert.ok(after.rows >= 30 && after.rows <= before.rows + 30);
  assert.match(text.stdout, new RegExp(`\\nnote: ${after.rows} of 200 rows have a value outside the training range or a level not seen in training \\(age ${age}[,)]`));
});

test('a European export (semicolons, decimal commas) names the column, row and value, and suggests the decimal point', async () => {
  const lines = readFileSync(join(REPO_ROOT, fixture('train-one-class-site.csv')), 'utf8').trimEnd().split('\n');
  const euro = join(dir, 'euro.csv');
  writeFileSync(euro, `${lines.map((l) => l.split(',').map((c) => c.replace('.', ',')).join(';')).join('\n')}\n`);
  assert.match(readFileSync(euro, 'utf8'), /^site;patient;age;sbp;lactate;y\nnorth;P001;59;105;-0,11;0\n/);
  const [p, v, u] = await Promise.all([runCliHosted(['predict', model, euro]), runCliHosted(['validate', model, euro]), runCliHosted(['update', model, euro, '--out', join(dir, 'never-euro')])]);
  const expected = /euro\.csv, row 2, column 'lactate': the model's feature 'lactate' is numeric, but the file holds text in it \('-0,11': a decimal comma\?\)\. Fix: write numbers with a decimal point/;
  assertDataError(p, expected);
  assertDataError(v, expected);
  assertDataError(u, expected);
  assert.doesNotMatch(p.stderr, /schema\.categorical/);
  // train, audit and shift on such a file: refused naming the column, instead of one category per value;
  // --categorical says they are categories and the run goes on
  const [t, a, sh] = await Promise.all([
    runCliHosted(['train', euro, ...ROLES, '--epochs', '2', '--out', join(dir, 'never-euro-train')]),
    runCliHosted(['audit', euro, ...ROLES]),
    runCliHosted(['shift', euro, '--site', 'site', '--exclude', 'patient']),
  ]);
  const refused = /euro\.csv, column 'lactate': column 'lactate' reads as text: \d+ of its \d+ values look like numbers with a decimal comma \('[-+]?\d+,\d+'\).*Fix: convert the decimal commas to points .*or pass --categorical lactate/;
  for (const r of [t, a, sh]) assertDataError(r, refused);
  const declared = await runCliHosted(['audit', euro, ...ROLES, '--categorical', 'lactate', '--json']);
  assert.ok(declared.code === 0 || declared.code === 1, declared.stderr);
});

test("an --id that is not in the file is named as the id column, not as an 'excluded column'", async () => {
  const [t, a] = await Promise.all([
    runCliHosted(['train', fixture('train.csv'), ...ROLES, '--id', 'patient_id', '--out', join(dir, 'never-id')]),
    runCliHosted(['audit', fixture('train.csv'), ...ROLES, '--id', 'patient_id']),
  ]);
  for (const r of [t, a]) {
    assertDataError(r, /^clinreg: test\/fixtures\/cli\/train\.csv, column 'patient_id': --id patient_id: the id column 'patient_id' is not in the file\. Did you mean 'patient'\? Columns: site, patient, age, sbp, lactate, y\.\n$/);
  }
});

test('update --method output-layer / fine-tune on a transformer model: one line naming the architecture and the CLI fix', async () => {
  const t = await runCliHosted(['train', fixture('train.csv'), ...ROLES, '--arch', 'transformer', '--epochs', '2', '--mc', '2', '--update-sizes', 'none', '--out', join(dir, 'tr'), '--json']);
  assert.equal(t.code, 0, t.stderr);
  const [o, f, c] = await Promise.all(['output-layer', 'fine-tune', 'logistic'].map((m) =>
    (m === 'logistic' ? runCli : runCliHosted)(['update', join(dir, 'tr', 'model'), fixture('train-one-class-site.csv'), '--method', m, '--out', join(dir, `tr-${m}`)])));
  for (const [r, m] of [[o, 'output-layer'], [f, 'fine-tune']] as const) {
    assertDataError(r, new RegExp(`method ${m} needs a Sequential model ending in Linear\\(k, 1\\), as \`clinreg train --arch mlp\` makes; .* Fix: use method logistic or closed-test \\(CLI --method logistic\\)\\.\\n$`));
  }
  assert.equal(c!.code, 0, c!.stderr);
});

test('validate --summary-only where every site is suppressed says that meta cannot pool it, and how to fix it', async () => {
  // The first 8 records (one site): fewer than 5 events or non-events.
  const few = derived('few.csv', 'train-one-class-site.csv', (c, i) => (i <= 8 ? c : ['']));
  const r = await runCliHosted(['validate', model, few, '--site', 'site', '--summary-only', '--out', join(dir, 'few.summary.json')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\(\d+ suppressed: fewer than 5 events or non-events\); no row-level values\.\nnote: every site is suppressed, so the summary holds no numbers and clinreg meta cannot pool it\. Fix: summarise without --site/);
});

test('many small sites (site-grouped 5-fold): the leakage audit checks the 5 folds validation uses, not one fold per site', async () => {
  // 40 sites of 5 rows (all under 20: site-grouped k-fold), plus copies of 4 rows filed under another site.
  const lines = readFileSync(join(REPO_ROOT, fixture('train.csv')), 'utf8').trimEnd().split('\n');
  const body = lines.slice(1).map((l, i) => `h${i % 40},${l.split(',').slice(1).join(',')}`);
  const copies = body.slice(0, 4).map((l, i) => `h${(i % 40) + 20}${l.slice(l.indexOf(','))}`);
  const file = join(dir, 'tiny-sites.csv');
  writeFileSync(file, `${[lines[0], ...body, ...copies].join('\n')}\n`);
  const r = await runCliHosted(['train', file, ...ROLES, '--epochs', '2', '--mc', '2', '--out', join(dir, 'tiny'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { validation: string; folds: unknown[]; findings: { code: string; message: string }[] };
  assert.equal(doc.validation, 'group-kfold');
  assert.equal(doc.folds.length, 5);
  const dup = doc.findings.find((f) => f.code === 'duplicate-rows');
  assert.ok(dup !== undefined, JSON.stringify(doc.findings.map((f) => f.code)));
  assert.match(dup.message, / of 5 folds/);
  assert.doesNotMatch(dup.message, / of 40 folds/);
});

test("a file column named like one clinreg writes ('row', 'probability') is refused as --id/--carry, not written twice in the header", async () => {
  const withRow = derived('with-row.csv', 'train-one-class-site.csv', (c, i) => [...c, i === 0 ? 'row' : String(1000 + i)]);
  const [carry, id, json, ok] = await Promise.all([
    runCliHosted(['predict', model, withRow, '--carry', 'row']),
    runCliHosted(['predict', model, withRow, '--id', 'row']),
    runCliHosted(['predict', model, withRow, '--carry', 'row', '--json']),
    runCliHosted(['predict', model, withRow, '--carry', 'site']),
  ]);
  for (const r of [carry, id, json]) assertDataError(r, /^clinreg: predict: the output would have two 'row' columns \(row,row,probability\)\. Fix: rename the file's 'row' column/);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^row,site,probability\n/);
  const t = await runCliHosted(['train', withRow, ...ROLES, '--id', 'row', '--out', join(dir, 'never-row')]);
  assertDataError(t, /^clinreg: train: --id row: predictions\.csv has its own 'row' column\. Fix: rename the id column in the file, or pass --no-predictions\.\n$/);
});

test("predict, validate and update accept train's output directory for MODEL_DIR (its model/ inside); other folders stay an error", async () => {
  const run = join(dir, 'run');
  const [p1, p2, v, u, bad] = await Promise.all([
    runCliHosted(['predict', run, fixture('train-one-class-site.csv')]),
    runCliHosted(['predict', model, fixture('train-one-class-site.csv')]),
    runCliHosted(['validate', run, fixture('train-one-class-site.csv'), '--json']),
    runCliHosted(['update', run, fixture('train-one-class-site.csv'), '--method', 'intercept', '--out', join(dir, 'upd-from-run')]),
    runCli(['predict', dir, fixture('train-one-class-site.csv')]),
  ]);
  assert.equal(p1.code, 0, p1.stderr);
  assert.equal(p1.stdout, p2.stdout);
  assert.equal(v.code, 0, v.stderr);
  assert.equal((JSON.parse(v.stdout) as { model: string }).model, model);
  assert.equal(u.code, 0, u.stderr);
  assertDataError(bad, /model\.json: missing; is this a clinreg model directory\?/);
});

test('predict --out and export --calculator check their file before any work: a missing folder is created, a directory or a file as folder is refused', async () => {
  const nested = join(dir, 'new', 'deeper', 'p.csv');
  const made = await runCliHosted(['predict', model, fixture('train.csv'), '--out', nested]);
  assert.equal(made.code, 0, made.stderr);
  assert.equal(readFileSync(nested, 'utf8').split('\n')[0], 'row,probability');
  const asDir = await runCliHosted(['predict', model, fixture('train.csv'), '--out', dir]);
  assertDataError(asDir, /predict --out: '.*' is a directory; name a file/);
  writeFileSync(join(dir, 'plain-file'), 'x');
  const underFile = await runCliHosted(['export', model, '--calculator', join(dir, 'plain-file', 'c.html')]);
  assertDataError(underFile, /export --calculator: cannot write '.*c\.html': '.*plain-file' is not a directory/);
  // the refusal comes before the model is read: a missing model is not what it reports
  const first = await runCliHosted(['predict', join(dir, 'no-model'), fixture('train.csv'), '--out', dir]);
  assertDataError(first, /is a directory; name a file/);
});
