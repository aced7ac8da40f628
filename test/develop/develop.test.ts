// develop: the development pipeline as a library (developModel → toReportInput / writeRunOutputs → predictProba).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClinregError, data, develop, io, report, validate, ValueError } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-develop-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('developModel → writeRunOutputs → loadModel + predictProba gives the deployed probabilities, validateModel finds the training rows; the report renders from toReportInput', async () => {
  const table = await data.readCsv('test/fixtures/cli/train.csv');
  const schema = data.createSchema(table, { target: 'y', site: 'site', exclude: ['patient'] });
  const steps: string[] = [];
  const result = develop.developModel(table, schema, { seed: 3, epochs: 4, mcPasses: 2, onProgress: (t) => steps.push(t) });
  assert.equal(result.scheme.scheme, 'leave-one-site-out');
  assert.deepEqual(result.validation.crossSite.sites.map((s) => s.site), ['north', 'south', 'east', 'west']);
  assert.equal(result.rows.length, 200);
  assert.equal(result.probability.length, 200);
  assert.equal(result.final.nTrain + result.final.nVal, 200, 'final model on every row: fitted plus early-stopping rows');
  assert.ok(steps[0] === 'leakage audit' && steps.some((s) => s.startsWith('fold 4/4')), steps.join(' | '));
  assert.ok(result.recalibration !== null && typeof result.recalibration.summary === 'string');

  const html = await report.renderHtmlReport(develop.toReportInput(result, { title: 'fixture run' }));
  assert.match(html, /<title>fixture run<\/title>/);

  const out = join(dir, 'run');
  const written = await develop.writeRunOutputs(out, result, { id: 'patient' });
  assert.deepEqual(readdirSync(out).sort(), ['model', 'predictions.csv', 'report.html', 'results.json']);
  assert.deepEqual(JSON.parse(readFileSync(written.resultsPath, 'utf8')), JSON.parse(develop.resultsJson(written.doc)));
  const model = io.loadModel(written.modelDir);
  assert.deepEqual(model.recalibration, result.recalibration!.recalibration, 'the applied recalibration is stored in model.json');
  const p = develop.predictProba(model, table, { rows: result.rows });
  for (let i = 0; i < p.length; i++) assert.ok(Math.abs(p[i]! - result.probability[i]!) < 1e-6, `row ${i}: ${p[i]} vs ${result.probability[i]}`);
  const csv = readFileSync(written.predictionsPath!, 'utf8').split('\n');
  assert.equal(csv[0], 'patient,row,site,event,oof_probability,probability,sd');
  assert.equal(Number(csv[1]!.split(',')[5]), Number(result.probability[0]!.toPrecision(6)));

  // The training fingerprint in model.json finds every development row again.
  const fp = validate.storedTrainingFingerprint(model.metadata);
  assert.ok(fp !== null && fp.complete);
  assert.equal(validate.rowsInTraining(fp.fingerprint, table).reduce((a, v) => a + v, 0), 200);
  assert.throws(() => develop.validateModel(model, table, 'y', { site: 'site' }), (e: unknown) => e instanceof ValueError && /all 200 rows .*\(validation-rows-in-training\)/.test((e as Error).message));
  const other = await data.readCsv('test/fixtures/cli/train-one-class-site.csv');
  const v = develop.validateModel(model, other, 'y', { site: 'site' });
  assert.deepEqual([v.validatedRows, v.rowsInTraining, v.trainingRowsChecked], [200, 0, 'all']);
  assert.deepEqual(v.crossSite.sites.map((s) => s.site), ['north', 'south', 'east', 'west']);
});

test('developModel refuses a feature that gives the outcome away with LeakageError (E_LEAKAGE, columns); the exclude role removes it', async () => {
  const table = await data.readCsv('data/breast-cancer/gbsg.csv');
  const schema = data.createSchema(table, { target: 'event5', exclude: ['pid'] });
  assert.throws(
    () => develop.developModel(table, schema, { epochs: 1, mcPasses: 2 }),
    (e: unknown) => e instanceof develop.LeakageError && e instanceof ClinregError && e.code === 'E_LEAKAGE' && e.columns.join() === 'rfstime' && /exclude: \['rfstime'\]/.test(e.message),
  );
  const gating = develop.gatingLeaks([{ code: 'target-proxy', severity: 'critical', feature: 'rfstime', message: 'm' }, { code: 'target-proxy', severity: 'warning', feature: 'age', message: 'm' }], ['age', 'rfstime']);
  assert.deepEqual(gating.map((g) => g.feature), ['rfstime'], 'only critical findings on features gate');
});

test('chooseScheme: split → split, site → leave-one-site-out, time → temporal, patient → group-kfold, none → stratified-kfold; an explicit scheme needs its column', () => {
  const base = { target: 'y', features: ['x'], categorical: [] };
  assert.equal(develop.chooseScheme({ ...base, split: 'fold', site: 's' }).scheme, 'split');
  assert.equal(develop.chooseScheme({ ...base, site: 's', time: 't', patient: 'p' }).scheme, 'leave-one-site-out');
  assert.equal(develop.chooseScheme({ ...base, time: 't', patient: 'p' }).scheme, 'temporal');
  assert.equal(develop.chooseScheme({ ...base, patient: 'p' }).scheme, 'group-kfold');
  assert.equal(develop.chooseScheme(base).scheme, 'stratified-kfold');
  assert.equal(develop.chooseScheme({ ...base, site: 's' }, 'auto', [30, 40, 50]).scheme, 'leave-one-site-out');
  const icus = develop.chooseScheme({ ...base, site: 's', patient: 'p' }, 'auto', Array.from({ length: 300 }, () => 11));
  assert.deepEqual([icus.scheme, icus.groupBySite], ['group-kfold', true], '300 small ICUs: whole sites held out in groups');
  assert.equal(develop.chooseScheme({ ...base, site: 's' }, 'auto', [500, 10, 12, 9]).scheme, 'leave-one-site-out', 'a few small sites beside a large one');
  assert.deepEqual(develop.chooseScheme({ ...base, site: 's' }, 'auto', [406]), { scheme: 'stratified-kfold', reason: "one site in 's'; no patient or time column: one cohort, folds stratified by outcome" });
  assert.equal(develop.chooseScheme(base, 'stratified-kfold').reason, 'chosen explicitly');
  assert.throws(() => develop.chooseScheme(base, 'leave-one-site-out'), (e: unknown) => e instanceof ValueError && /needs a site column/.test((e as Error).message));
});

test('OutputSet: a file or a directory with other files is refused before work; commit swaps the set in; abort and stale staging leave nothing', () => {
  const file = join(dir, 'file');
  writeFileSync(file, 'x');
  assert.throws(() => develop.OutputSet.open(file), (e: unknown) => e instanceof ValueError && /it is a file/.test((e as Error).message));
  const out = join(dir, 'set');
  const stale = join(dir, '.set.staging-999999999-abcd');
  writeFileSync(stale, 'debris of a killed run');
  const a = develop.OutputSet.open(out);
  assert.ok(!existsSync(stale), 'stale staging of a dead process removed');
  writeFileSync(a.path('results.json'), '{"run":1}');
  a.commit();
  assert.equal(readFileSync(join(out, 'results.json'), 'utf8'), '{"run":1}');
  const b = develop.OutputSet.open(out);
  writeFileSync(b.path('results.json'), '{"run":2}');
  b.abort();
  assert.equal(readFileSync(join(out, 'results.json'), 'utf8'), '{"run":1}', 'aborted run leaves the previous set');
  assert.deepEqual(readdirSync(dir).filter((e) => e.startsWith('.')), []);
  writeFileSync(join(out, 'notes.txt'), 'mine');
  assert.throws(() => develop.OutputSet.open(out), (e: unknown) => e instanceof ValueError && /notes\.txt/.test((e as Error).message));
});
