// The target-proxy message reads in both directions: an AUC of 0 is a perfect separation read the
// other way ("AUC 0.00, i.e. 1.00 inverted"), with which values (or missingness) go with events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, ROLES, audit, fixture, runCliHosted } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-leakmsg-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

interface Doc { findings: { code: string; feature?: string; message: string; details?: { auc: number } }[] }
const proxies = (stdout: string): Map<string, { message: string; auc: number }> =>
  new Map((JSON.parse(stdout) as Doc).findings.filter((f) => f.code === 'target-proxy').map((f) => [f.feature!, { message: f.message, auc: f.details!.auc }]));

test('target-proxy messages: perfect, inverted, partial and by missingness', async () => {
  // train.csv plus: copy = y, inverse = 1 − y (as 10/20), partial = y for 9 rows in 10 (else 1 − y).
  const lines = readFileSync(join(REPO_ROOT, fixture('train.csv')), 'utf8').trimEnd().split('\n');
  const file = join(dir, 'leaks.csv');
  writeFileSync(file, `${lines.map((l, i) => {
    if (i === 0) return `${l},copy,inverse,partial`;
    const y = Number(l.slice(l.lastIndexOf(',') + 1));
    return `${l},${y},${y === 1 ? 10 : 20},${i % 10 === 0 ? 1 - y : y}`;
  }).join('\n')}\n`);
  const [synthetic, cgd, gbsg] = await Promise.all([
    audit(file, [...ROLES]),
    runCliHosted(['audit', 'data/cgd/cgd.csv', '--target', 'infection', '--site', 'center', '--id', 'id', '--json']),
    runCliHosted(['audit', 'data/breast-cancer/gbsg.csv', '--target', 'event5', '--id', 'pid', '--json']),
  ]);
  const s = proxies(synthetic.stdout);
  assert.equal(s.get('copy')!.message, "'copy' alone separates the outcome perfectly (AUC 1.00; higher values go with events). Check that it is known before the outcome and is not derived from it.");
  assert.equal(s.get('inverse')!.message, "'inverse' alone separates the outcome perfectly (AUC 0.00, i.e. 1.00 inverted; lower values go with events). Check that it is known before the outcome and is not derived from it.");
  const partial = s.get('partial')!;
  assert.ok(partial.auc > 0.85 && partial.auc < 0.95, String(partial.auc));
  assert.match(partial.message, new RegExp(`^'partial' alone separates the outcome largely \\(AUC ${partial.auc.toFixed(2).replace('.', '\\.')}; higher values go with events\\)\\.`));
  // Real data: CGD's etime1 is empty exactly when there was no infection (AUC 0 by missingness).
  assert.equal(
    proxies(cgd.stdout).get('etime1')!.message,
    "whether 'etime1' is missing alone separates the outcome perfectly (AUC 0.00, i.e. 1.00 inverted; missing in 0 of 44 events and 84 of 84 non-events). Check that it is known before the outcome and is not recorded because of it.",
  );
  // GBSG's recurrence-free time: shorter times go with events within 5 years.
  assert.match(proxies(gbsg.stdout).get('rfstime')!.message, /^'rfstime' alone separates the outcome (perfectly|almost perfectly) \(AUC 0\.\d+, i\.e\. (1\.00|0\.9\d+) inverted; lower values go with events\)\./);
  // The terminal shows the same text.
  const text = await runCliHosted(['audit', 'data/cgd/cgd.csv', '--target', 'infection', '--site', 'center', '--id', 'id']);
  assert.match(text.stdout, /CRITICAL target-proxy \[etime1\] {2}whether 'etime1' is missing alone separates the outcome perfectly \(AUC 0\.00, i\.e\. 1\.00 inverted;/);
});
