import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checks, data, develop, sweep } from '../../src/index.js';

// 30 sites of 8 rows (mostly small): chooseScheme picks site-grouped 5-fold. Rows of site s are
// copied at site s+1 (the same patient's record sent by two hospitals), so which fold a copy lands in
// shows which folds were audited: 30 one-site folds or 5 site groups.
function csv(): string {
  const lines = ['site,x1,x2,y'];
  for (let s = 0; s < 30; s++) {
    for (let i = 0; i < 8; i++) {
      const copy = i === 0 && s > 0;
      const x1 = copy ? 1000 + (s - 1) : 1000 * (s + 1) + i;
      const x2 = copy ? (s - 1) % 7 : (s * 8 + i) % 11;
      lines.push(`h${String(s).padStart(2, '0')},${x1},${x2},${(s + i) % 3 === 0 ? 1 : 0}`);
    }
    lines[lines.length - 8] = `h${String(s).padStart(2, '0')},${1000 + s},${s % 7},${s % 2}`;
  }
  return `${lines.join('\n')}\n`;
}

test('leakageAuditFolds: many small sites are audited over the 5 site groups train validates with; sweep plans audit the same folds', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinreg-audit-folds-'));
  try {
    const file = join(dir, 'sites.csv');
    writeFileSync(file, csv());
    const table = await data.readCsv(file);
    const roles = { target: 'y', site: 'site' };
    const schema = data.createSchema(table, roles);
    const siteRows = Array.from({ length: 30 }, () => 8);
    const scheme = develop.chooseScheme(schema, 'auto', siteRows);
    assert.equal(scheme.groupBySite, true);
    const audit = develop.leakageAuditFolds(table, schema, scheme);
    assert.equal(audit.kind, 'site-grouped-kfold');
    assert.equal(audit.k, 5);
    assert.equal(audit.folds!.length, 5);
    const grouped = checks.auditLeakage(table, schema, { folds: audit.folds! });
    const dupes = grouped.find((f) => f.code === 'duplicate-rows');
    assert.ok(dupes !== undefined, 'the copies across sites are found');
    assert.match(dupes.message, / of 5 folds,/);
    // The plan of a sweep audits exactly these folds (it used one fold per site before).
    const plan = sweep.planSweep(sweep.dataRef(file, roles), { grid: sweep.parseGrid(['dropout=0.1']), allowLeaks: true });
    assert.deepEqual(plan.leakage, grouped);
    // Leave-one-site-out folds for a few large sites.
    const loso = develop.leakageAuditFolds(table, schema, { scheme: 'leave-one-site-out', reason: 'test' });
    assert.equal(loso.kind, 'leave-one-site-out');
    assert.equal(loso.folds!.length, 30);
    assert.equal(develop.leakageAuditFolds(table, data.createSchema(table, { target: 'y' }), scheme).kind, 'none');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
