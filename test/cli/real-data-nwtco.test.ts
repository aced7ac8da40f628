// The National Wilms Tumor Study (data/nwtco: NWTS-3 and NWTS-4, 4,028 children), as a user runs it.
// Its time to relapse `edrel` gives the outcome away within each trial but only "largely" over both
// (pooled AUC 0.9496, under the critical 0.95): audit and train must find it per trial and refuse it.
// Without it, its five coarse features make most children match a child of the other trial by
// chance: duplicate-rows must say so, not call it critical copying.
// References: R 4.2 pROC 1.18 (roc(rel, edrel, direction = ">"), ci.auc(method = "delong")) and the
// chance counts computed in R from the formula of src/checks/leakage/chance-copies.ts:
//   pooled AUC 0.949629599984194; NWTS-3 0.982967465946189 (DeLong 0.976904796528392–0.989030135363986,
//   1857 rows, 282 events); copies across the trials 3089, expected by chance 3166.8939277845
//   (variance 264.9116676976); a NWTS-3 model's fingerprint recognises 1671 of NWTS-4's 2171
//   children, 1722.3843718952 expected (the file's own frequencies, 1857 training rows), and all 1857 of
//   NWTS-3's, 1421.0 expected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, assertDataError, runCliHosted } from './run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const NWTCO = 'data/nwtco/nwtco.csv';
const ROLES = ['--target', 'rel', '--site', 'study', '--id', 'seqno'];

interface Finding {
  code: string;
  severity: string;
  feature?: string;
  message: string;
  details: Record<string, unknown>;
}

async function auditJson(extra: string[]): Promise<Finding[]> {
  const r = await runCliHosted(['audit', NWTCO, ...ROLES, ...extra, '--json']);
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
}

test('edrel: critical target proxy within NWTS-3 (DeLong lower bound 0.977 = pROC) though only 0.9496 over both trials; train refuses it in one line', async () => {
  const [findings, trained] = await Promise.all([auditJson([]), runCliHosted(['train', NWTCO, ...ROLES, '--out', join(tempDir('clinreg-nwtco-'), 'out')])]);
  const proxy = findings.find((f) => f.code === 'target-proxy' && f.feature === 'edrel');
  assert.ok(proxy !== undefined, JSON.stringify(findings));
  assert.equal(proxy.severity, 'critical');
  const d = proxy.details as { auc: number; site: string; siteAuc: number; siteAucLower: number; siteN: number; siteEvents: number };
  // Lower values go with relapse: clinreg's AUC is 1 − pROC's (direction ">").
  assert.ok(Math.abs(d.auc - (1 - 0.949629599984194)) < 1e-12, String(d.auc));
  assert.equal(d.site, 'nwts3');
  assert.ok(Math.abs(d.siteAuc - (1 - 0.982967465946189)) < 1e-12, String(d.siteAuc));
  assert.ok(Math.abs(d.siteAucLower - 0.976904796528392) < 1e-9, String(d.siteAucLower));
  assert.deepEqual([d.siteN, d.siteEvents], [1857, 282]);
  assert.match(proxy.message, /^'edrel' alone separates the outcome at site nwts3 almost perfectly \(AUC 0\.02, i\.e\. 0\.98 inverted; lower values go with events; lower 95% bound 0\.977; 282 events in 1857 rows\); over all sites AUC 0\.05, i\.e\. 0\.95 inverted\. Check that it is known before the outcome/);
  assertDataError(trained, /^clinreg: train: data\/nwtco\/nwtco\.csv: refusing to train on a column that gives the outcome away or identifies the row: 'edrel' \(target-proxy\)\. Fix: --exclude edrel \(or --allow-leaks to train anyway\)\.\n$/);
});

test('without edrel: 3089 children match one of the other trial, 3167 by chance (= R): info, no copying; no other finding', async () => {
  const findings = await auditJson(['--exclude', 'edrel']);
  assert.deepEqual(findings.map((f) => f.code), ['duplicate-rows']);
  const dup = findings[0]!;
  const d = dup.details as { testRowsWithCopy: number; testRows: number; expectedByChance: number };
  assert.deepEqual([d.testRowsWithCopy, d.testRows], [3089, 4028]);
  assert.ok(Math.abs(d.expectedByChance - 3166.8939277845) < 1e-6, String(d.expectedByChance));
  assert.equal(dup.severity, 'info');
  assert.match(dup.message, /No more than chance gives: 3170 \(78\.6%\) expected by chance from how often these values occur\. Different patients share these values/);
});

test('a NWTS-3 model validated on NWTS-4 keeps the children its fingerprint recognises by chance (1671, 1722 expected); on its own training children validate refuses', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-nwtco-trials-'));
  try {
    const [header, ...rows] = readFileSync(join(REPO_ROOT, NWTCO), 'utf8').trimEnd().split('\n');
    for (const trial of ['nwts3', 'nwts4']) writeFileSync(join(dir, `${trial}.csv`), `${header}\n${rows.filter((r) => r.split(',')[1] === trial).join('\n')}\n`);
    const model = join(dir, 'run', 'model');
    const trained = await runCliHosted(['train', join(dir, 'nwts3.csv'), '--target', 'rel', '--id', 'seqno', '--exclude', 'edrel,study', '--epochs', '3', '--mc', '2', '--update-sizes', 'none', '--out', join(dir, 'run')]);
    assert.equal(trained.code, 0, trained.stderr);
    const [other, own] = await Promise.all([
      runCliHosted(['validate', model, join(dir, 'nwts4.csv'), '--target', 'rel', '--json']),
      runCliHosted(['validate', model, join(dir, 'nwts3.csv'), '--target', 'rel']),
    ]);
    assert.equal(other.code, 0, other.stderr);
    const doc = JSON.parse(other.stdout) as { validatedRows: number; rowsInTraining: number; findings: { code: string; severity: string; details: { count: number; n: number; expectedByChance: number } }[] };
    assert.deepEqual([doc.validatedRows, doc.rowsInTraining], [2171, 0]);
    const seen = doc.findings.find((f) => f.code === 'validation-rows-in-training')!;
    assert.equal(seen.severity, 'info');
    assert.deepEqual([seen.details.count, seen.details.n], [1671, 2171]);
    assert.ok(Math.abs(seen.details.expectedByChance - 1722.3843718952) < 1e-6, String(seen.details.expectedByChance));
    assertDataError(own, /validate: all 1857 rows of .*nwts3\.csv were in the model's training data/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
