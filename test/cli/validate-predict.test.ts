// clinreg validate and predict on models trained (briefly) from the small 4-site fixtures.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES, assertDataError, fixture, runCli, runCliHosted, type SiteJson } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-train-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

before(async () => {
  for (const [name, file] of [['run', 'train.csv'], ['one', 'train-one-class-site.csv']] as const) {
    const r = await runCliHosted(['train', fixture(file), ...ROLES, '--epochs', '3', '--mc', '2', '--out', join(dir, name), '--json', '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
  }
});

test('validate and predict a saved model; bad model directories are one-line errors', async () => {
  const model = join(dir, 'run', 'model');
  const outFile = join(dir, 'pred.csv');
  const [v, csv, mc, missing, wrongData, ids, noSite, own, refuse] = await Promise.all([
    runCli(['validate', model, fixture('train-one-class-site.csv'), '--target', 'y', '--site', 'site', '--json']),
    runCli(['predict', model, fixture('train.csv')]),
    runCliHosted(['predict', model, fixture('train.csv'), '--mc', '10', '--out', outFile]),
    runCliHosted(['predict', join(dir, 'nope'), fixture('train.csv')]),
    runCliHosted(['predict', join(dir, 'one', 'model'), fixture('valid.csv')]),
    runCliHosted(['predict', model, fixture('train.csv'), '--id', 'patient', '--carry', 'site,y']),
    runCliHosted(['validate', model, fixture('train-one-class-site.csv'), '--target', 'y']),
    runCliHosted(['validate', model, fixture('train.csv'), '--target', 'y', '--site', 'site']),
    runCliHosted(['validate', model, fixture('train.csv'), '--target', 'y', '--in-training', 'refuse']),
  ]);
  assert.equal(v.code, 0, v.stderr);
  const vdoc = JSON.parse(v.stdout) as { sites: SiteJson[]; rowsInTraining: number; findings: { code: string }[] };
  assert.equal(vdoc.sites.find((s) => s.site === 'east')!.status, 'site-single-class');
  assert.equal(vdoc.rowsInTraining, 0, 'other patients: none of them in training');

  assert.equal(noSite.code, 0, noSite.stderr);
  assert.match(noSite.stdout, /^test\/fixtures\/cli\/train-one-class-site\.csv: 200 rows scored by .*; one cohort \(no --site\)\n/);
  assert.match(noSite.stdout, /\nall +200 /);

  // The training file itself: every row was in training (model.json's training fingerprint).
  assertDataError(own, /validate: all 200 rows of test\/fixtures\/cli\/train\.csv were in the model's training data \(validation-rows-in-training\)/);
  assertDataError(refuse, /validate: 200 of 200 rows .* were in the model's training data \(validation-rows-in-training\)\. Fix: .*--in-training exclude/);

  assert.equal(ids.code, 0, ids.stderr);
  const idLines = ids.stdout.trimEnd().split('\n');
  assert.equal(idLines[0], 'patient,row,site,y,probability');
  assert.match(idLines[1]!, /^P001,2,north,0,0\.\d+$/);

  assert.equal(csv.code, 0, csv.stderr);
  const lines = csv.stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'row,probability');
  assert.equal(lines.length, 201);
  assert.match(lines[1]!, /^2,0\.\d+$/);

  assert.equal(mc.code, 0, mc.stderr);
  assert.equal(mc.stdout, '');
  const mcLines = readFileSync(outFile, 'utf8').trimEnd().split('\n');
  assert.equal(mcLines[0], 'row,probability,sd');
  assert.equal(mcLines.length, 201);
  assert.ok(mcLines.slice(1).every((l) => /^\d+,0\.\d+(e-\d+)?,\d\.\d+(e-\d+)?$/.test(l)), mcLines[1]);

  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^clinreg: .*nope\/model\.json: [^\n]+\n$/);
  assert.equal(wrongData.code, 2);
  assert.match(wrongData.stderr, /^clinreg: .*'sbp'[^\n]*\n$/);

  // Tampering last: the other runs above use this model.
  const weights = join(model, 'model.safetensors');
  const bytes = readFileSync(weights);
  bytes[bytes.length - 1] ^= 0xff;
  writeFileSync(weights, bytes);
  const tampered = await runCliHosted(['validate', model, fixture('train.csv'), '--target', 'y', '--site', 'site']);
  assert.equal(tampered.code, 2);
  assert.match(tampered.stderr, /^clinreg: .*model\.safetensors: SHA-256 does not match[^\n]*\n$/);
});
