import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCliHosted } from './run-cli.js';

// A role flag naming no column: one line naming the flag, the closest column and the columns, on the
// real CGD file (13 centres, outcome 'infection'); no suggestion when nothing is close.
const CGD = 'data/cgd/cgd.csv';

test('a mistyped --target/--site/--exclude is named with the flag and the closest column (train, audit, shift)', async () => {
  const [target, site, exclude, shift, far] = await Promise.all([
    runCliHosted(['train', CGD, '--target', 'infect', '--site', 'center', '--out', '/nonexistent-never-written']),
    runCliHosted(['audit', CGD, '--target', 'infection', '--site', 'centre']),
    runCliHosted(['audit', CGD, '--target', 'infection', '--site', 'center', '--exclude', 'Etime1']),
    runCliHosted(['shift', CGD, '--site', 'Center']),
    runCliHosted(['audit', CGD, '--target', 'infection', '--site', 'hospital_code']),
  ]);
  const cases: [typeof target, RegExp][] = [
    [target, /^clinreg: data\/cgd\/cgd\.csv, column 'infect': --target infect: the target column 'infect' is not in the file\. Did you mean 'infection'\? Columns: id, center, /],
    [site, /^clinreg: data\/cgd\/cgd\.csv, column 'centre': --site centre: the site column 'centre' is not in the file\. Did you mean 'center'\? /],
    [exclude, /^clinreg: data\/cgd\/cgd\.csv, column 'Etime1': --exclude Etime1: the column 'Etime1' is not in the file\. Did you mean 'etime1'\? /],
    [shift, /^clinreg: data\/cgd\/cgd\.csv, column 'Center': --site Center: the site column 'Center' is not in the file\. Did you mean 'center'\? /],
    [far, /^clinreg: data\/cgd\/cgd\.csv, column 'hospital_code': --site hospital_code: the site column 'hospital_code' is not in the file\. Columns: id, /],
  ];
  for (const [r, re] of cases) {
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, re);
  }
});

test('shift without --id: the per-centre id column is named and left out; with --id it is the row identifier, same findings otherwise', async () => {
  const [plain, withId, json] = await Promise.all([
    runCliHosted(['shift', CGD, '--site', 'center']),
    runCliHosted(['shift', CGD, '--site', 'center', '--id', 'id']),
    runCliHosted(['shift', CGD, '--site', 'center', '--json']),
  ]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(withId.code, 0, withId.stderr);
  assert.match(plain.stdout, /^data\/cgd\/cgd\.csv: 128 rows, 2 sites \(.*\), 11 features \(left out, identifying rows: id\)\n/);
  assert.match(plain.stdout, /WARNING {2}id-like-feature \[id\] {2}'id' is unique per row .*Left out of the shift comparisons and the domain classifier \(CLI: --id id /);
  assert.match(withId.stdout, /^data\/cgd\/cgd\.csv: 128 rows, 2 sites \(.*\), 11 features\n/);
  assert.ok(!/id-like-feature|\bid\b.*differs/.test(withId.stdout), withId.stdout);
  // Apart from the id-like-feature line, the two reports agree.
  const rest = (out: string): string[] => out.split('\n').slice(1).filter((l) => !l.includes('id-like-feature') && !l.startsWith('Shift findings'));
  assert.deepEqual(rest(plain.stdout), rest(withId.stdout));
  const parsed = JSON.parse(json.stdout) as { features: string[]; findings: { code: string; feature?: string }[] };
  assert.ok(!parsed.features.includes('id') && parsed.features.length === 11, parsed.features.join(','));
  assert.deepEqual(parsed.findings.filter((f) => f.feature === 'id').map((f) => f.code), ['id-like-feature']);
});
