import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { data, DataError, ValueError } from '../../src/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const HEART = 'data/heart-disease/heart_disease_4sites.csv';
const dir = tempDir('clinreg-csv-');
let fileNo = 0;
function file(text: string | Buffer): string {
  const p = join(dir, `f${fileNo++}.csv`);
  writeFileSync(p, text);
  return p;
}

function isDataError(expect: { file?: string; row?: number; column?: string | undefined; match?: RegExp }) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof DataError, `expected DataError, got ${String(e)}`);
    assert.equal(e.code, 'E_DATA');
    if ('file' in expect) assert.equal(e.file, expect.file);
    if ('row' in expect) assert.equal(e.row, expect.row);
    if ('column' in expect) assert.equal(e.column, expect.column);
    if (expect.match !== undefined) assert.match(e.message, expect.match);
    return true;
  };
}

test('heart data: 920 rows, 15 columns, sites, targets and missing counts from its README', async () => {
  const t = await data.readCsv(HEART);
  assert.equal(t.nRows, 920);
  assert.equal(t.columnNames.length, 15);
  assert.equal(t.source, HEART);
  const site = t.column('site');
  assert.equal(site.kind, 'categorical');
  assert.deepEqual(site.kind === 'categorical' && site.levels, ['cleveland', 'hungarian', 'switzerland', 'va']);
  for (const c of t.columnNames.slice(1)) assert.equal(t.column(c).kind, 'numeric', c);
  const bySite = (lvl: number): number[] => {
    const out: number[] = [];
    if (site.kind === 'categorical') site.codes.forEach((code, i) => code === lvl && out.push(i));
    return out;
  };
  const rows = [0, 1, 2, 3].map(bySite);
  assert.deepEqual(rows.map((r) => r.length), [303, 294, 123, 200]);
  const expected: Record<string, number[]> = {
    // cleveland, hungarian, switzerland, va (README "Missing values" table)
    trestbps: [0, 1, 2, 56],
    chol: [0, 23, 0, 7],
    fbs: [0, 8, 75, 7],
    restecg: [0, 1, 1, 0],
    thalach: [0, 1, 1, 53],
    exang: [0, 1, 1, 53],
    oldpeak: [0, 0, 6, 56],
    slope: [0, 190, 17, 102],
    ca: [4, 291, 118, 198],
    thal: [2, 266, 52, 166],
    age: [0, 0, 0, 0],
    num: [0, 0, 0, 0],
  };
  for (const [col, counts] of Object.entries(expected)) {
    assert.deepEqual(rows.map((r) => t.missingCount(col, r)), counts, col);
  }
  const num = t.numbers('num');
  assert.deepEqual([...new Set(num)].sort(), [0, 1, 2, 3, 4]);
  assert.equal(num.filter((v) => v > 0).length, 509);
  assert.deepEqual([...t.numbers('chol')].filter((v, i) => v === 0 && rows[2]!.includes(i)).length, 123);
  // the sync reader gives the same table
  const s = data.readCsvSync(HEART);
  for (const c of t.columnNames) assert.deepEqual(s.column(c), t.column(c));
});

test('format: BOM, CRLF, quoted delimiters/quotes/newlines, blank lines, header trimming', async () => {
  const text = '\ufeff id , note,x\r\n1,"a, ""b""\r\nc",2.5\r\n\r\n2,plain,-1e3\r\n';
  const t = await data.readCsv(file(text));
  assert.deepEqual(t.columnNames, ['id', 'note', 'x']);
  assert.deepEqual(t.strings('note'), ['a, "b"\r\nc', 'plain']);
  assert.deepEqual([...t.numbers('x')], [2.5, -1000]);
  // the blank line is skipped but file rows still count it
  assert.equal(t.fileRow(0), 2);
  assert.equal(t.fileRow(1), 4);
});

test('delimiter sniffing among , ; tab, and an explicit delimiter', async () => {
  const semi = await data.readCsv(file('a;b;c\n1,5;2;"x;y"\n3,5;4;z\n'));
  assert.deepEqual(semi.columnNames, ['a', 'b', 'c']);
  assert.deepEqual(semi.strings('a'), ['1,5', '3,5']);
  const tab = data.parseCsv('a\tb\n1\t2\n');
  assert.deepEqual(tab.columnNames, ['a', 'b']);
  assert.equal(data.sniffDelimiter('x\n1\n'), ',');
  const pipe = data.parseCsv('a|b\n1|2\n', { delimiter: '|' });
  assert.deepEqual([...pipe.numbers('b')], [2]);
  assert.throws(() => data.parseCsv('a\n1\n', { delimiter: ',,' }), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
});

test('missing tokens: defaults include NA, NaN, ?, empty; configurable', () => {
  const t = data.parseCsv('a,b\n1,x\nNA,?\nNaN,\n ? ,NA\n4,y\n');
  assert.deepEqual([...t.numbers('a')].map((v) => (Number.isNaN(v) ? null : v)), [1, null, null, null, 4]);
  assert.deepEqual(t.strings('b'), ['x', null, null, null, 'y']);
  const u = data.parseCsv('a,b\n1,x\n-9,NA\n', { missing: ['-9', ''] });
  assert.ok(Number.isNaN(u.numbers('a')[1]!));
  assert.deepEqual(u.strings('b'), ['x', 'NA']);
});

test('type inference: numeric, ISO dates (UTC), categorical; overrides keep text exactly', () => {
  const t = data.parseCsv('n,d,c,code\n1,2020-01-02,x,01\n2.5,2020-01-03T04:05:06Z,y,02\n,2020-01-03T04:05:06+02:00,,03\n');
  assert.equal(t.column('n').kind, 'numeric');
  assert.equal(t.column('d').kind, 'date');
  assert.deepEqual([...t.numbers('d')], [Date.UTC(2020, 0, 2), Date.UTC(2020, 0, 3, 4, 5, 6), Date.UTC(2020, 0, 3, 2, 5, 6)]);
  assert.equal(t.column('c').kind, 'categorical');
  assert.equal(t.column('code').kind, 'numeric');
  const leap = data.parseCsv('d\n2000-02-29\n0050-06-01\n', { types: { d: 'date' } });
  assert.deepEqual([...leap.numbers('d')], [Date.UTC(2000, 1, 29), Date.parse('0050-06-01T00:00:00Z')]);
  for (const bad of ['1900-02-29', '2021-04-31', '2021-13-01']) {
    assert.throws(() => data.parseCsv(`d\n${bad}\n`, { types: { d: 'date' } }), isDataError({ row: 2, column: 'd' }));
  }
  const f = data.parseCsv('n,code,d\n1,01,2020-01-01\n2,02,2020-01-02\n', { categorical: ['code'], types: { n: 'categorical', d: 'categorical' } });
  assert.deepEqual(f.strings('code'), ['01', '02']);
  assert.deepEqual(f.strings('n'), ['1', '2']);
  assert.deepEqual(f.strings('d'), ['2020-01-01', '2020-01-02']);
  const g = data.parseCsv('a,b\n,1\nNA,2\n', { types: { a: 'date' } });
  assert.equal(g.column('a').kind, 'date');
  // an all-missing column without a type is numeric (all NaN)
  assert.equal(data.parseCsv('a,b\n,1\n').column('a').kind, 'numeric');
});

test('a mixed column found mixed only after numbers keeps exact level text (second pass)', async () => {
  const rows = ['c'];
  for (let i = 0; i < 10; i++) rows.push(i % 2 === 0 ? '01' : '2.50');
  rows.push('abc', 'def');
  const text = rows.join('\n') + '\n';
  for (const t of [data.parseCsv(text), await data.readCsv(file(text))]) {
    const c = t.column('c');
    assert.equal(c.kind, 'categorical');
    assert.deepEqual(c.kind === 'categorical' && c.levels, ['01', '2.50', 'abc', 'def']);
  }
});

test('stray text in a numeric column (≥ 95 % numbers) is a DataError naming the first offending row', async () => {
  const lines = ['id,hb'];
  for (let i = 0; i < 40; i++) lines.push(`${i},${(12 + i / 10).toFixed(1)}`);
  lines.splice(8, 0, '99,12,5'.replace(',5', '.5x'));
  const path = file(lines.join('\n') + '\n');
  await assert.rejects(data.readCsv(path), isDataError({ file: path, row: 9, column: 'hb', match: /12\.5x.*97\.6% \(40 of 41\)/ }));
  // declared categorical: accepted as text
  const t = await data.readCsv(path, { categorical: ['hb'] });
  assert.equal(t.column('hb').kind, 'categorical');
  // below the threshold: inferred categorical
  const few = data.parseCsv('a\n1\n2\nx\n');
  assert.equal(few.column('a').kind, 'categorical');
  // the same rule for dates
  const d = ['d', ...Array.from({ length: 30 }, (_, i) => `2020-01-${String(i + 1).padStart(2, '0')}`), '2020-02-30'];
  assert.throws(() => data.parseCsv(d.join('\n'), { source: 'd.csv' }), isDataError({ file: 'd.csv', row: 32, column: 'd' }));
});

test('stray rule also applies when the typo comes first (column starts as text)', () => {
  const lines = ['lab', '12a', ...Array.from({ length: 30 }, (_, i) => String(i))];
  assert.throws(() => data.parseCsv(lines.join('\n'), { source: 'f.csv' }), isDataError({ file: 'f.csv', row: 2, column: 'lab', match: /'12a'/ }));
});

test('errors deep in a large file (many stream chunks) keep exact row numbers and column names', async () => {
  const body = Array.from({ length: 20000 }, (_, i) => `${i},${i % 7},"note ${i}, ok"`).join('\n');
  const ragged = file(`id,grp,note\n${body}\n1,2\n`);
  await assert.rejects(data.readCsv(ragged), isDataError({ file: ragged, row: 20002, column: 'note' }));
  const quote = file(`id,grp,note\n${body}\n1,2,"open\n`);
  await assert.rejects(data.readCsv(quote), isDataError({ file: quote, row: 20002, column: 'note', match: /unterminated/ }));
  const early = file('id,grp,note\n1,2,"open\n');
  await assert.rejects(data.readCsv(early), isDataError({ file: early, row: 2, column: 'note' }));
});

test('forced types reject values that do not fit', () => {
  assert.throws(() => data.parseCsv('a,b\n1,2\nx,3\n', { types: { a: 'numeric' }, source: 's' }), isDataError({ file: 's', row: 3, column: 'a', match: /declared numeric/ }));
  assert.throws(() => data.parseCsv('a\n2020-01-01\nsoon\n', { types: { a: 'date' } }), isDataError({ row: 3, column: 'a', match: /ISO-8601/ }));
  assert.throws(() => data.parseCsv('a\n1\n', { types: { zz: 'numeric' } }), isDataError({ row: 1, column: 'zz' }));
  assert.throws(() => data.parseCsv('a\n1\n', { categorical: ['zz'] }), isDataError({ row: 1, column: 'zz' }));
});

test('malformed files: each gives DataError with file, row and column', async () => {
  const cases: { text: string | Buffer; row: number; column?: string; match: RegExp }[] = [
    { text: 'a,b,c\n1,2,3\n4,5\n', row: 3, column: 'c', match: /2 fields but the header has 3/ },
    { text: 'a,b\n1,2\n3,4,5\n', row: 3, column: 'b', match: /extra fields/ },
    { text: 'a,b\n1,2\n3,"oops\n4,5\n', row: 3, column: 'b', match: /unterminated quote/ },
    { text: 'a,b\n1,x"y\n', row: 2, column: 'b', match: /quote appears inside an unquoted field/ },
    { text: 'a,b\n1,"x"y\n', row: 2, column: 'b', match: /follows the closing quote/ },
    { text: '', row: 1, match: /empty/ },
    { text: Buffer.from([0xef, 0xbb, 0xbf]), row: 1, match: /empty/ },
    { text: 'a,b,c\n', row: 2, match: /no data rows/ },
    { text: 'a,b,a\n1,2,3\n', row: 1, column: 'a', match: /duplicate column name 'a' \(fields 1 and 3\)/ },
    { text: 'a,,c\n1,2,3\n', row: 1, match: /header field 2 is empty/ },
  ];
  for (const c of cases) {
    const path = file(c.text);
    const expect = { file: path, row: c.row, column: c.column, match: c.match };
    await assert.rejects(data.readCsv(path), isDataError(expect), String(c.text));
    assert.throws(() => data.readCsvSync(path), isDataError(expect), String(c.text));
  }
  // rows are records: a quoted line break does not shift the count
  const p = file('a,b\n1,"x\ny"\n2\n');
  await assert.rejects(data.readCsv(p), isDataError({ file: p, row: 3, column: 'b' }));
  await assert.rejects(data.readCsv(join(dir, 'nope.csv')), isDataError({ file: join(dir, 'nope.csv'), match: /cannot read/ }));
});

test('fromRows infers like the reader; ragged rows are errors', () => {
  const t = data.fromRows(['age', 'sex', 'when'], [[63, 'm', '2020-01-01'], [null, 'NA', undefined], [NaN, 'f', '2020-01-02']]);
  assert.equal(t.column('age').kind, 'numeric');
  assert.deepEqual(t.strings('sex'), ['m', null, 'f']);
  assert.equal(t.column('when').kind, 'date');
  assert.throws(() => data.fromRows(['a', 'b'], [[1]]), isDataError({ row: 2, column: 'b' }));
});
