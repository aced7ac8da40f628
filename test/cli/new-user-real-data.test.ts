// Messages a new user met running each command on data/cgd and data/breast-cancer (session 4):
// --missing replaced the default tokens (every empty cell became text), library option names in
// CLI errors (stray text, --summary-only, update's output layer), "1 sites", update silent about
// local patients the model was trained on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, ROLES, assertDataError, fixture, runCliHosted } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-newuser-real-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test("--missing adds to the default tokens; a stray text value's fix names --missing and --categorical", async () => {
  // train.csv plus 'lab': empty every 7th record, 'unknown' once.
  const lines = readFileSync(join(REPO_ROOT, fixture('train.csv')), 'utf8').trimEnd().split('\n');
  const file = join(dir, 'lab.csv');
  writeFileSync(file, `${lines.map((l, i) => (i === 0 ? `${l},lab` : `${l},${i === 5 ? 'unknown' : i % 7 === 0 ? '' : (i % 13) + 0.5}`)).join('\n')}\n`);
  const [plain, withToken] = await Promise.all([
    runCliHosted(['audit', file, ...ROLES]),
    runCliHosted(['audit', file, ...ROLES, '--missing', 'unknown', '--json']),
  ]);
  assertDataError(plain, /row 6, column 'lab': value 'unknown' is not a number, .*\(option missing; CLI --missing\), or declare the column categorical \(option categorical; CLI --categorical lab\)\./);
  assert.equal(withToken.stderr, '');
  const doc = JSON.parse(withToken.stdout) as { features: string[] };
  assert.deepEqual(doc.features, ['age', 'sbp', 'lactate', 'lab']);
});

test("real data: id-like message names the CLI flags; --summary-only's refusal and meta's count read as CLI", async () => {
  const cgd = readFileSync(join(REPO_ROOT, 'data/cgd/cgd.csv'), 'utf8').trimEnd().split('\n');
  const dev = join(dir, 'cgd-dev.csv');
  const nih = join(dir, 'cgd-nih.csv');
  writeFileSync(dev, `${cgd.filter((l) => !l.includes(',NIH,')).join('\n')}\n`);
  writeFileSync(nih, `${[cgd[0], ...cgd.filter((l) => l.includes(',NIH,'))].join('\n')}\n`);
  const model = join(dir, 'run');
  const [auditRun, trained] = await Promise.all([
    runCliHosted(['audit', 'data/breast-cancer/breast_2cohorts.csv', '--target', 'event5', '--site', 'cohort', '--exclude', 'rfstime']),
    runCliHosted(['train', dev, '--target', 'infection', '--site', 'center', '--id', 'id', '--exclude', 'etime1', '--epochs', '3', '--mc', '2', '--update-sizes', 'none', '--out', model]),
  ]);
  assert.match(auditRun.stdout, /id-like-feature \[pid\] .*\(CLI: --exclude pid; --id pid keeps it as the row identifier; --patient or --time give it that role\)\./);
  assert.equal(trained.code, 0, trained.stderr);
  const summary = join(dir, 'nih.summary.json');
  const [refused, written, outputLayer] = await Promise.all([
    runCliHosted(['validate', model, dev, '--site', 'center', '--summary-only', '--in-training', 'refuse', '--out', join(dir, 'never.json')]),
    runCliHosted(['validate', model, nih, '--site', 'center', '--summary-only', '--out', summary]),
    runCliHosted(['update', model, nih, '--method', 'output-layer', '--out', join(dir, 'never')]),
  ]);
  // update on the model's own training patients says so; on new ones it does not.
  const [own, fresh] = await Promise.all([
    runCliHosted(['update', model, dev, '--out', join(dir, 'upd-own')]),
    runCliHosted(['update', model, nih, '--method', 'intercept', '--out', join(dir, 'upd-nih')]),
  ]);
  assert.equal(own.code, 0, own.stderr);
  assert.match(own.stdout, /\n {2}note: 102 of the 102 local patients were in the model's training data \(its stored fingerprint\): an update fitted on patients the model has seen looks better than it will on new ones\. Fix: update on patients the model has not seen\.\n/);
  assert.equal(fresh.code, 0, fresh.stderr);
  assert.doesNotMatch(fresh.stdout, /training data/);
  // 26 NIH patients cannot carry the output layer: the fix names the flags.
  assertDataError(outputLayer, /cannot be estimated on 26 patients .*Fix: add local patients, pass a ridge penalty \(option ridge\), or use method logistic \(CLI --ridge LAMBDA, --method logistic\)\.$/m);
  assertDataError(refused, /102 of 102 rows of \S+cgd-dev\.csv were in the model's training data .*CLI --in-training exclude\)\.$/m);
  assert.equal(written.code, 0, written.stderr);
  const meta = await runCliHosted(['meta', summary]);
  assert.equal(meta.code, 0, meta.stderr);
  assert.match(meta.stdout, /^1 summary: 1 site, 26 patients \(12 events\)/);
});

test('audit checks the folds train validates with: site-grouped 5-fold for CGD\'s 13 mostly small centres', async () => {
  const cgd = ['data/cgd/cgd.csv', '--target', 'infection', '--site', 'center', '--id', 'id', '--exclude', 'etime1'];
  const [audit, train] = await Promise.all([
    runCliHosted(['audit', ...cgd, '--json']),
    runCliHosted(['train', ...cgd, '--epochs', '2', '--mc', '2', '--update-sizes', 'none', '--out', join(dir, 'cgd-run'), '--json']),
  ]);
  assert.equal(audit.code, 0, audit.stderr);
  assert.equal((JSON.parse(audit.stdout) as { splits: string }).splits, "site-grouped 5-fold by 'center' (13 sites: whole sites held out in 5 groups, as train validates)");
  assert.equal(train.code, 0, train.stderr);
  const doc = JSON.parse(train.stdout) as { validation: string; folds: unknown[] };
  assert.deepEqual([doc.validation, doc.folds.length], ['group-kfold', 5]);
});

test("recommend's calibration note names the CLI command beside the library function", async () => {
  const r = await runCliHosted(['recommend', '--rows', '128', '--arch', 'mlp']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /check calibration at every site \(O:E, calibration slope: validate\.evaluateCrossSite; CLI `clinreg validate`\)/);
});
