// `--time COL` on a column that is not dates or numbers: exit 2 and one line naming the flag, the
// value and the accepted forms, in CLI words (the library's message showed `types: { … }`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, assertDataError, fixture, runCli, runCliHosted } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-time-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** train.csv with three candidate time columns: day/month/year text, dates mixed with numbers, ISO dates. */
function timed(): string {
  const lines = readFileSync(join(REPO_ROOT, fixture('train.csv')), 'utf8').trimEnd().split('\n');
  const day = (i: number): string => String((i % 28) + 1).padStart(2, '0');
  const out = lines.map((l, i) => (i === 0 ? `${l},dmy,mixed,admitted` : `${l},${day(i)}/01/2020,${i % 2 === 1 ? String(i) : `2020-01-${day(i)}`},2020-01-${day(i)}`));
  const path = join(dir, 'timed.csv');
  writeFileSync(path, `${out.join('\n')}\n`);
  return path;
}

const SYNTAX = /the time column must hold ISO-8601 dates \(2021-03-14, or 2021-03-14T08:30 with optional :SS, Z or \+01:00\) or numbers/;

test('--time on text, mixed or --categorical columns: one line naming flag, value and the accepted forms', async () => {
  const file = timed();
  const base = ['--target', 'y', '--exclude', 'patient'];
  const [audit, train, shift, sweep, mixed, categorical, debug] = await Promise.all([
    runCliHosted(['audit', file, ...base, '--time', 'dmy']),
    runCliHosted(['train', file, ...base, '--time', 'dmy', '--out', join(dir, 'never')]),
    runCliHosted(['shift', file, '--site', 'site', '--time', 'dmy']),
    runCliHosted(['sweep', file, ...base, '--time', 'dmy', '--grid', 'dropout=0.1,0.3', '--threads', '0']),
    runCliHosted(['audit', file, ...base, '--time', 'mixed']),
    runCliHosted(['audit', file, ...base, '--time', 'admitted', '--categorical', 'admitted']),
    runCli(['audit', file, ...base, '--time', 'dmy', '--debug']),
  ]);
  const dmy = /, row 2, column 'dmy': --time dmy: .*Received: '02\/01\/2020', neither a date nor a number \(day\/month order is ambiguous: write dates as YYYY-MM-DD\)\. Fix: convert the column, or add the value to --missing/;
  for (const r of [audit, train, shift, sweep]) {
    assertDataError(r, dmy);
    assert.match(r.stderr, SYNTAX);
    assert.doesNotMatch(r.stderr, /types:|createSchema|\{ '/, 'no library syntax');
  }
  assertDataError(mixed, /column 'mixed': --time mixed: .*Received: both dates \('2020-01-03', row 3\) and numbers \('1', row 2\)\. Fix: write every value of the column one way\./);
  assertDataError(categorical, /--time admitted: .*Received: 'admitted' is also listed in --categorical\. Fix: leave it out of --categorical\./);
  // --debug adds the stack trace after the same line.
  assert.equal(debug.code, 2);
  assert.equal(debug.stderr.split('\n')[0], audit.stderr.trimEnd());
  assert.match(debug.stderr, /\n\s+at .+:\d+:\d+/);
});

test('--time on ISO dates is accepted (temporal validation by default)', async () => {
  const file = timed();
  const r = await runCliHosted(['train', file, '--target', 'y', '--exclude', 'patient,dmy,mixed', '--time', 'admitted', '--epochs', '2', '--mc', '2', '--update-sizes', 'none', '--out', join(dir, 'ok'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /"temporal"/);
});

test('--time naming no column, another role or an empty column: one line naming --time', async () => {
  const lines = readFileSync(join(REPO_ROOT, fixture('train.csv')), 'utf8').trimEnd().split('\n');
  const file = join(dir, 'blank-time.csv');
  writeFileSync(file, `${lines.map((l, i) => (i === 0 ? `${l},admitted` : `${l},`)).join('\n')}\n`);
  const base = ['--target', 'y', '--site', 'site', '--exclude', 'patient'];
  const [none, role, empty] = await Promise.all([
    runCliHosted(['audit', file, ...base, '--time', 'nosuch']),
    runCliHosted(['train', file, ...base, '--time', 'site', '--out', join(dir, 'never')]),
    runCliHosted(['shift', file, '--site', 'site', '--time', 'admitted']),
  ]);
  assertDataError(none, /column 'nosuch': --time nosuch: the file has no column 'nosuch'\. Columns: site, patient, age, sbp, lactate, y, admitted\.$/m);
  assertDataError(role, /column 'site': --time site: 'site' is already the --site column, and a column has one role\. Fix: name the date column with --time\.$/m);
  assertDataError(empty, /column 'admitted': --time admitted: .*Received: a column with no value in any row\. Fix: fill in the dates, or name another column\.$/m);
  assert.match(empty.stderr, SYNTAX);
});
