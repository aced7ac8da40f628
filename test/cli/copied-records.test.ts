// The two breast cancer cohorts (data/breast-cancer) with 40 GBSG records exported twice under new
// patient ids, as a faulty hospital export would: `clinreg audit` with leave-one-site-out folds
// (where no copy crosses a fold) warns of them once, naming the count and the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCliHosted } from './run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

test('audit: 40 copied GBSG records are one duplicate-rows warning (within-data) with the count, an example and the fix', async () => {
  const lines = readFileSync('data/breast-cancer/breast_2cohorts.csv', 'utf8').trimEnd().split('\n');
  const gbsg = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('gbsg,'));
  // Every 10th GBSG record again, its pid moved past the largest (the same patient under a new id).
  const extra = gbsg.filter((_, k) => k % 10 === 0).slice(0, 40).map(([l], k) => l.replace(/^gbsg,\d+,/, `gbsg,${90000 + k},`));
  const file = join(tempDir('clinreg-copied-'), 'breast-copied.csv');
  writeFileSync(file, [...lines, ...extra].join('\n') + '\n');
  const roles = ['--target', 'event5', '--site', 'cohort', '--id', 'pid', '--exclude', 'rfstime'];
  const [text, json, clean] = await Promise.all([
    runCliHosted(['audit', file, ...roles]),
    runCliHosted(['audit', file, ...roles, '--json']),
    runCliHosted(['audit', 'data/breast-cancer/breast_2cohorts.csv', ...roles, '--json']),
  ]);
  assert.equal(text.code, 0, text.stderr);
  const found = (JSON.parse(json.stdout) as { findings: { code: string; severity: string; message: string; details: Record<string, unknown> }[] }).findings.filter((f) => f.code === 'duplicate-rows');
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]!.severity, 'warning');
  assert.equal(found[0]!.details['scope'], 'within-data');
  assert.equal(found[0]!.details['copies'], 40);
  assert.ok((found[0]!.details['examples'] as { row: number; copyOf: number }[]).some((e) => e.row >= lines.length - 1), 'an appended copy named');
  assert.match(text.stdout, /WARNING {2}duplicate-rows {2}40 of 3302 rows \(1\.21%\) repeat another row exactly over the 8 features, values that chance would not repeat: the same record more than once\. .* Remove the duplicates, or give --patient if they are one patient's records\./);
  // The cohorts as shipped: nothing.
  assert.ok(!(JSON.parse(clean.stdout) as { findings: { code: string }[] }).findings.some((f) => f.code === 'duplicate-rows'));
});
