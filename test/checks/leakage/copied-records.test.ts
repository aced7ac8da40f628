// Copied records (checks/leakage/copied-records.ts): identical rows that chance does not explain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { data } from '../../../src/index.js';
import { COPY_CHANCE_LIMIT, copiedRecords } from '../../../src/checks/leakage/copied-records.js';

const HEART = new URL('../../../data/heart-disease/heart_disease_4sites.csv', import.meta.url).pathname;
const NWTCO = new URL('../../../data/nwtco/nwtco.csv', import.meta.url).pathname;

function numericTable(columns: Record<string, number[]>): data.Table {
  const header = Object.keys(columns);
  const n = columns[header[0]!]!.length;
  const lines = [header.join(','), ...Array.from({ length: n }, (_, i) => header.map((h) => String(columns[h]![i])).join(','))];
  return data.parseCsv(lines.join('\n') + '\n');
}

const all = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

test('continuous rows repeated exactly are copies, a set per record; rows with a missing value match missing', () => {
  const n = 200;
  const cols: Record<string, number[]> = {};
  for (let f = 0; f < 4; f++) cols[`x${f}`] = Array.from({ length: n }, (_, i) => Math.round(1000 * Math.sin(i * (f + 1.3))) / 1000);
  for (const f of Object.keys(cols)) {
    cols[f]![150] = cols[f]![10]!; // row 150 copies row 10
    cols[f]![151] = cols[f]![10]!; // and so does 151: one set of three
    cols[f]![160] = cols[f]![20]!; // 160 copies 20
  }
  cols['x0']![30] = NaN; // missing (the cell reads NaN) …
  for (const f of Object.keys(cols)) cols[f]![170] = cols[f]![30]!; // … and 170 copies 30, missing too
  const c = copiedRecords(numericTable(cols), Object.keys(cols), all(n));
  assert.ok(c !== null);
  assert.equal(c.sets, 3);
  assert.equal(c.copies, 4);
  assert.equal(c.set[30], c.set[170]);
  assert.equal(c.set[10], c.set[150]);
  assert.equal(c.set[10], c.set[151]);
  assert.equal(c.set[20], c.set[160]);
  assert.notEqual(c.set[10], c.set[20]);
  assert.equal(c.set.filter((s) => s >= 0).length, 7);
  assert.deepEqual(c.examples, [{ row: 150, copyOf: 10 }, { row: 160, copyOf: 20 }, { row: 170, copyOf: 30 }]);
  // Only among the rows asked about: without rows 10, 20 and 30 the one set left is 150/151.
  const some = all(n).filter((r) => r !== 10 && r !== 20 && r !== 30);
  assert.equal(copiedRecords(numericTable(cols), Object.keys(cols), some)?.copies, 1);
});

test('coarse values shared by chance are not copies: two binary features over 200 rows; NWTS (5 coarse features) has none', async () => {
  const n = 200;
  const coarse = numericTable({ a: Array.from({ length: n }, (_, i) => i % 2), b: Array.from({ length: n }, (_, i) => (i >> 1) % 2) });
  assert.equal(copiedRecords(coarse, ['a', 'b'], all(n)), null);
  // Nothing identical at all: null without counting.
  assert.equal(copiedRecords(numericTable({ a: Array.from({ length: n }, (_, i) => i) }), ['a'], all(n)), null);
  const nwtco = await data.readCsv(NWTCO);
  assert.equal(copiedRecords(nwtco, ['instit', 'histol', 'stage', 'age', 'in.subcohort'], all(nwtco.nRows)), null);
});

test('real data: the UCI heart data holds two records twice (a Hungarian and a VA patient, every column equal)', async () => {
  const heart = await data.readCsv(HEART);
  const schema = data.createSchema(heart, { target: 'num', positive: '>0', site: 'site' });
  const c = copiedRecords(heart, schema.features, all(heart.nRows));
  assert.ok(c !== null && COPY_CHANCE_LIMIT > 0);
  assert.deepEqual(c.examples, [{ row: 405, copyOf: 404 }, { row: 907, copyOf: 859 }]);
  assert.equal(c.copies, 2);
});
