// The Diabetic Retinopathy Study (data/retinopathy: 197 patients, two eyes each, one centre), as a
// user runs it: its follow-up time `futime` separates loss of vision with AUC 0.87 only (R pROC
// 1.18, roc(status, futime, direction = ">"): 0.869172627885005), under the critical 0.95, but its
// name reads as a follow-up time: audit calls it critical and train refuses it; without it, train
// runs with the eyes of a patient kept together, in the folds and in every fit's early-stopping rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertDataError, runCliHosted } from './run-cli.js';

const RETINOPATHY = 'data/retinopathy/retinopathy.csv';
const ROLES = ['--target', 'status', '--patient', 'id'];
const dir = mkdtempSync(join(tmpdir(), 'clinreg-retinopathy-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('futime: a critical target proxy by its name (AUC 0.869 = pROC); train refuses it in one line and trains without it', async () => {
  const out = join(dir, 'run');
  const [audit, refused, trained] = await Promise.all([
    runCliHosted(['audit', RETINOPATHY, ...ROLES, '--json']),
    runCliHosted(['train', RETINOPATHY, ...ROLES, '--out', join(dir, 'refused')]),
    runCliHosted(['train', RETINOPATHY, ...ROLES, '--exclude', 'futime', '--epochs', '5', '--mc', '2', '--out', out]),
  ]);
  const findings = (JSON.parse(audit.stdout) as { findings: { code: string; severity: string; feature?: string; message: string; details: { auc: number; nameReads?: string } }[] }).findings;
  const proxy = findings.find((f) => f.code === 'target-proxy');
  assert.ok(proxy !== undefined && proxy.feature === 'futime', JSON.stringify(findings));
  assert.equal(proxy.severity, 'critical');
  assert.ok(Math.abs(1 - proxy.details.auc - 0.869172627885005) < 1e-12, String(proxy.details.auc));
  assert.equal(proxy.details.nameReads, 'futime');
  assert.match(proxy.message, /^'futime' alone separates the outcome largely \(AUC 0\.13, i\.e\. 0\.87 inverted; lower values go with events\)\. Its name reads as a follow-up time or an outcome record \('futime'\): known only after baseline, it leaks however weakly it separates\./);
  assertDataError(refused, /^clinreg: train: data\/retinopathy\/retinopathy\.csv: refusing to train on a column that gives the outcome away or identifies the row: 'futime' \(target-proxy\)\. Fix: --exclude futime \(or --allow-leaks to train anyway\)\.\n$/);
  assert.equal(trained.code, 0, trained.stderr);
  assert.match(trained.stdout, /^data\/retinopathy\/retinopathy\.csv: 394 rows, 394 with outcome \(155 events\), 6 features; validation: group-kfold \(patient column 'id': no patient on both sides\)/);
  const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { features: string[]; recalibration: { n: number } };
  assert.ok(!doc.features.includes('futime') && !doc.features.includes('id'), doc.features.join(','));
  // Every patient has two eyes (two rows): the final model's early-stopping rows (a fifth of the
  // patients, on which it is recalibrated) hold both eyes of each of their patients, an even count.
  // Before the inner split kept patients whole, 79 rows: one eye trained, the other judged it.
  const ids = readFileSync(RETINOPATHY, 'utf8').trimEnd().split('\n').slice(1).map((line) => line.split(',')[0]);
  assert.ok([...new Set(ids)].every((id) => ids.filter((i) => i === id).length === 2), 'two rows per patient');
  assert.equal(doc.recalibration.n % 2, 0, `early-stopping rows: ${doc.recalibration.n}`);
  assert.ok(Math.abs(doc.recalibration.n / 2 - 197 / 5) <= 2, `a fifth of the 197 patients: ${doc.recalibration.n / 2}`);
});
