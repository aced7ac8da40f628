// develop.predictionsCsv: RFC 4180 cells, numbers to 6 significant digits, and distinct column names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { develop, ValueError } from '../../src/index.js';

test('predictionsCsv quotes text, writes integers as such and other numbers to 6 significant digits', () => {
  const csv = develop.predictionsCsv([
    { name: 'pid', values: ['a, "b"', null] },
    { name: 'row', values: [2, 3] },
    { name: 'probability', values: [0.123456789, Number.NaN] },
  ]);
  assert.equal(csv, 'pid,row,probability\n"a, ""b""",2,0.123457\n,3,\n');
});

test('predictionsCsv refuses a header with a repeated name (a file column called row or probability)', () => {
  assert.throws(
    () => develop.predictionsCsv([{ name: 'row', values: [10] }, { name: 'row', values: [2] }, { name: 'probability', values: [0.5] }]),
    (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && /the column 'row' would appear twice in the header \(row,row,probability\)/.test(e.message),
  );
});
