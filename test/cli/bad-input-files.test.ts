// Bad input, part 1 (the file itself): exit 2 with one line naming file/row/column, or a correct
// result for valid variants. Part 2 is bad-input-roles.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDataError, audit, auditJson, fixture } from './run-cli.js';

test('unreadable input → exit 2, one line naming the file (and row/column where there is one)', async () => {
  const [missing, empty, headerOnly, ragged, text] = await Promise.all([
    audit(fixture('does-not-exist.csv')),
    audit(fixture('empty.csv')),
    audit(fixture('header-only.csv')),
    audit(fixture('ragged.csv')),
    audit(fixture('text-in-numeric.csv')),
  ]);
  assertDataError(missing, /^clinreg: test\/fixtures\/cli\/does-not-exist\.csv: cannot read the file \(ENOENT/);
  assertDataError(empty, /^clinreg: test\/fixtures\/cli\/empty\.csv, row 1: the file is empty/);
  assertDataError(headerOnly, /^clinreg: test\/fixtures\/cli\/header-only\.csv, row 2: the file has a header but no data rows/);
  assertDataError(ragged, /^clinreg: test\/fixtures\/cli\/ragged\.csv, row 8, column 'y': row has 7 fields but the header has 6/);
  assertDataError(text, /^clinreg: test\/fixtures\/cli\/text-in-numeric\.csv, row 22, column 'chol': value 'high' is not a number/);
});

test('valid variants read correctly: quoted fields with commas/newlines, UTF-8 BOM, ";" delimiter', async () => {
  const [plain, quoted, bom, semicolon] = (
    await Promise.all([audit(fixture('valid.csv')), audit(fixture('quoted.csv')), audit(fixture('bom.csv')), audit(fixture('semicolon.csv'))])
  ).map(auditJson);
  assert.equal(plain!.rows, 48);
  assert.deepEqual(plain!.features, ['age', 'sex', 'chol']);
  assert.equal(quoted!.rows, 48, 'a quoted line break does not add a row');
  assert.deepEqual(quoted!.features, ['age', 'sex', 'chol', 'note']);
  assert.deepEqual(bom, plain, 'a BOM changes nothing (the first column is still "site")');
  assert.deepEqual(semicolon, plain, "';' is sniffed");
});

