// Bad input, part 2 (roles, targets, odd but valid data, size): exit 2 with one line naming the
// column, or a correct result. Part 1 is bad-input-files.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES, assertDataError, audit, auditJson, fixture, runCli } from './run-cli.js';

test('wrong roles → exit 2, one line naming the column', async () => {
  const [noTarget, nonBinary, noSite, noSiteShift] = await Promise.all([
    audit(fixture('valid.csv'), ['--target', 'outcome']),
    audit(fixture('non-binary-target.csv')),
    audit(fixture('valid.csv'), ['--target', 'y', '--site', 'hospital']),
    runCli(['shift', fixture('valid.csv'), '--site', 'hospital', '--json']),
  ]);
  assertDataError(noTarget, /^clinreg: test\/fixtures\/cli\/valid\.csv, column 'outcome': --target outcome: the target column 'outcome' is not in the file\. (Did you mean '[^']+'\? )?Columns: /);
  assertDataError(nonBinary, /^clinreg: test\/fixtures\/cli\/non-binary-target\.csv, row 4, column 'y': the target must be binary 0\/1 but has the values 0, 1, 2\. .*--positive/);
  assertDataError(noSite, /^clinreg: test\/fixtures\/cli\/valid\.csv, column 'hospital': --site hospital: the site column 'hospital' is not in the file/);
  assertDataError(noSiteShift, /^clinreg: test\/fixtures\/cli\/valid\.csv, column 'hospital': --site hospital: the site column 'hospital' is not in the file/);
});

test('non-binary target with --positive, all-missing feature, one-class site → a result, not an error', async () => {
  const [positive, allMissing, allMissingShift, oneClassAudit, oneClassShift] = await Promise.all([
    audit(fixture('non-binary-target.csv'), [...ROLES, '--positive', '>0']),
    audit(fixture('all-missing-feature.csv')),
    runCli(['shift', fixture('all-missing-feature.csv'), ...ROLES, '--json']),
    audit(fixture('site-one-class.csv')),
    runCli(['shift', fixture('site-one-class.csv'), ...ROLES, '--json']),
  ]);
  assert.equal(auditJson(positive).rows, 48);
  assert.deepEqual(auditJson(allMissing).features, ['age', 'sex', 'chol', 'troponin']);
  assert.equal(allMissingShift.stderr, '');
  // 4 sites of 12 rows: all under the 20-row minimum, pooled into one group (checks' small-sites rule), so no per-site stats.
  const shiftDoc = JSON.parse(allMissingShift.stdout) as { features: string[]; findings: { code: string }[] };
  assert.ok(shiftDoc.features.includes('troponin'));
  assert.ok(shiftDoc.findings.some((f) => f.code === 'small-sites-pooled'), JSON.stringify(shiftDoc.findings));
  assert.equal(auditJson(oneClassAudit).rows, 48);
  const shift = JSON.parse(oneClassShift.stdout) as { rows: number; findings: unknown[] };
  assert.equal(oneClassShift.stderr, '');
  assert.equal(shift.rows, 48);
});

test('200,000 rows are streamed within a 64 MB heap (the 1,000,000-row run is bench/cli-million-rows.ts)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-big-'));
  try {
    const file = join(dir, 'big.csv');
    const parts = ['site,age,sbp,chol,y\n'];
    let x = 12345;
    const r = (): number => ((x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 200_000; i++) {
      const age = 30 + 50 * r();
      parts.push(`s${i & 3},${age.toFixed(2)},${(100 + 60 * r()).toFixed(1)},${(150 + 150 * r()).toFixed(1)},${r() < (age - 30) / 50 ? 1 : 0}\n`);
    }
    writeFileSync(file, parts.join(''));
    const res = await runCli(['--debug', 'audit', file, '--target', 'y', '--site', 'site', '--json'], { env: { NODE_OPTIONS: '--max-old-space-size=64' } });
    const doc = auditJson(res);
    assert.equal(doc.rows, 200_000);
    assert.deepEqual(doc.features, ['age', 'sbp', 'chol']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rows without a site (R survival::lung has one): train names the first row, counts the others and says how to fix them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-no-site-'));
  try {
    const rows = ['y,site,patient,x'];
    for (let i = 0; i < 80; i++) rows.push(`${i % 2},${i === 9 || i === 40 ? '' : `h${i % 4}`},${i},${(i * 7) % 13}`);
    const file = join(dir, 'no-site.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const r = await runCli(['train', file, ...ROLES, '--out', join(dir, 'out')]);
    assertDataError(r, /, row 11, column 'site': [^:]+: this row and 1 more have no site, and each row is held out with its site\. Fix: fill in 'site' for them, or remove them\.\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
