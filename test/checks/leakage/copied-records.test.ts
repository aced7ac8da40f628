// Copied records (checks/leakage/copied-records.ts): identical rows that chance does not explain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checks, data } from '../../../src/index.js';
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

/** 400 rows over 6 continuous features at 2 sites; `copies` rows of site a made copies of other site-a rows. */
function sitedTable(copies: number): data.Table {
  const n = 400;
  const lines = ['site,x0,x1,x2,x3,x4,x5,y'];
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) rows.push([i % 2 === 0 ? 'a' : 'b', ...Array.from({ length: 6 }, (_, f) => (Math.round(1000 * Math.sin(i * (f + 1.7))) / 1000).toFixed(3)), String(i % 3 === 0 ? 1 : 0)]);
  for (let k = 0; k < copies; k++) rows[2 * k + 100] = [...rows[2 * k]!.slice(0, 7), rows[2 * k + 100]![7]!];
  return data.parseCsv([...lines, ...rows.map((r) => r.join(','))].join('\n') + '\n');
}

test('auditLeakage with folds: copied records within a site are a duplicate-rows warning (scope within-data) from 1% of the rows; copies across folds are the across-folds finding only', () => {
  const roles = { target: 'y', site: 'site' };
  // Leave-one-site-out folds: the copies (all at site a) never cross a fold.
  const within = (t: data.Table): { severity: string; details?: Record<string, unknown> }[] => {
    const schema = data.createSchema(t, roles);
    const rows = Int32Array.from({ length: t.nRows }, (_, i) => i);
    const sites = t.strings('site');
    const folds = ['a', 'b'].map((s) => ({ train: rows.filter((r) => sites[r] !== s), test: rows.filter((r) => sites[r] === s) }));
    return checks.auditLeakage(t, schema, { split: folds }).filter((f) => f.code === 'duplicate-rows');
  };
  const eight = within(sitedTable(8));
  assert.equal(eight.length, 1);
  assert.equal(eight[0]!.severity, 'warning');
  assert.deepEqual([eight[0]!.details?.['scope'], eight[0]!.details?.['copies'], eight[0]!.details?.['copySets']], ['within-data', 8, 8]);
  assert.deepEqual(within(sitedTable(3)), [], 'under 1% of the rows (and under 5): nothing to report');
  // Folds by row halves: the copies (rows 100–179 of rows 0–79) cross them, and the across-folds finding alone reports them.
  const t = sitedTable(40);
  const schema = data.createSchema(t, roles);
  const rows = Int32Array.from({ length: t.nRows }, (_, i) => i);
  const halves = [0, 1].map((f) => ({ train: rows.filter((r) => (r < 100) !== (f === 0)), test: rows.filter((r) => (r < 100) === (f === 0)) }));
  const across = checks.auditLeakage(t, schema, { split: halves }).filter((f) => f.code === 'duplicate-rows');
  assert.equal(across.length, 1);
  assert.equal(across[0]!.severity, 'critical');
  assert.equal(across[0]!.details?.['scope'], undefined);
});
