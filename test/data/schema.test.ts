import { test } from 'node:test';
import assert from 'node:assert/strict';
import { data, DataError, ValueError } from '../../src/index.js';

const HEART = 'data/heart-disease/heart_disease_4sites.csv';

function dataError(expect: { file?: string; row?: number; column?: string; match?: RegExp }) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof DataError, String(e));
    assert.equal(e.code, 'E_DATA');
    if (expect.file !== undefined) assert.equal(e.file, expect.file);
    if (expect.row !== undefined) assert.equal(e.row, expect.row);
    if (expect.column !== undefined) assert.equal(e.column, expect.column);
    if (expect.match !== undefined) assert.match(e.message, expect.match);
    return true;
  };
}
const valueError = (match: RegExp) => (e: unknown): boolean => e instanceof ValueError && e.code === 'E_VALUE' && match.test(e.message);

test('createSchema on the heart data: default features, categorical detection', async () => {
  const t = await data.readCsv(HEART);
  const s = data.createSchema(t, { target: 'num', positive: '>0', site: 'site' });
  assert.deepEqual(s.features, ['age', 'sex', 'cp', 'trestbps', 'chol', 'fbs', 'restecg', 'thalach', 'exang', 'oldpeak', 'slope', 'ca', 'thal']);
  assert.deepEqual(s.categorical, []);
  assert.equal(s.site, 'site');
  const c = data.createSchema(t, { target: 'num', categorical: ['thal', 'cp', 'site'], exclude: ['ca'] });
  assert.deepEqual(c.features, ['site', 'age', 'sex', 'cp', 'trestbps', 'chol', 'fbs', 'restecg', 'thalach', 'exang', 'oldpeak', 'slope', 'thal']);
  assert.deepEqual(c.categorical, ['site', 'cp', 'thal']);
  const f = data.createSchema(t, { target: 'num', features: ['age', 'site'] });
  assert.deepEqual(f.features, ['age', 'site']);
  assert.deepEqual(f.categorical, ['site']);
  assert.equal('positive' in f, false);
});

test('createSchema errors name the column and the file', async () => {
  const t = await data.readCsv(HEART);
  assert.throws(() => data.createSchema(t, { target: 'outcome' }), dataError({ file: HEART, column: 'outcome', match: /target column 'outcome'/ }));
  assert.throws(() => data.createSchema(t, { target: 'num', site: 'hospital' }), dataError({ column: 'hospital' }));
  assert.throws(() => data.createSchema(t, { target: 'num', features: ['age', 'bmi'] }), dataError({ column: 'bmi' }));
  assert.throws(() => data.createSchema(t, { target: 'num', categorical: ['x'] }), dataError({ column: 'x' }));
  assert.throws(() => data.createSchema(t, { target: 'num', exclude: ['x'] }), dataError({ column: 'x' }));
  assert.throws(() => data.createSchema(t, { target: 'num', site: 'num' }), valueError(/target and site/));
  assert.throws(() => data.createSchema(t, { target: 'num', features: ['num'] }), valueError(/cannot also be a feature/));
  assert.throws(() => data.createSchema(t, { target: 'num', features: ['age', 'age'] }), valueError(/twice/));
  assert.throws(() => data.createSchema(t, { target: 'num', positive: '>' }), valueError(/compares with a number/));
  assert.throws(() => data.createSchema(t, { target: 'num', time: 'site' }), dataError({ column: 'site', match: /time column/ }));
  const two = data.fromRows(['y', 'site'], [[0, 'a']]);
  assert.throws(() => data.createSchema(two, { target: 'y', site: 'site' }), dataError({ match: /no feature/ }));
});

test('binaryTarget: heart num with >0 gives 509 events; without a rule a clear error', async () => {
  const t = await data.readCsv(HEART);
  const y = data.binaryTarget(t, data.createSchema(t, { target: 'num', positive: '>0' }));
  assert.equal(y.length, 920);
  assert.equal(y.reduce((a, b) => a + b, 0), 509);
  assert.throws(
    () => data.binaryTarget(t, data.createSchema(t, { target: 'num' })),
    dataError({ file: HEART, row: 3, column: 'num', match: /values 0, 1, 2, 3, 4\..*'>0'.*--positive/ }),
  );
  // rows restricts and orders the output
  assert.deepEqual([...data.binaryTarget(t, { target: 'num', positive: '>=2', features: [], categorical: [] }, { rows: [2, 1, 0] })], [0, 1, 0]);
});

test('binaryTarget rules: comparisons, equality, level names and lists', () => {
  const t = data.fromRows(['n', 'txt', 'code'], [[0, 'no', '1'], [3, 'yes', '0'], [1.5, 'true', '1'], [-1, 'no', '0']], { categorical: ['code'] });
  const y = (target: string, positive?: string): number[] => {
    const s: Parameters<typeof data.binaryTarget>[1] = { target, features: [], categorical: [] };
    if (positive !== undefined) s.positive = positive;
    return [...data.binaryTarget(t, s)];
  };
  assert.deepEqual(y('n', '>0'), [0, 1, 1, 0]);
  assert.deepEqual(y('n', '>=1.5'), [0, 1, 1, 0]);
  assert.deepEqual(y('n', '<0'), [0, 0, 0, 1]);
  assert.deepEqual(y('n', '<= 0'), [1, 0, 0, 1]);
  assert.deepEqual(y('n', '==3'), [0, 1, 0, 0]);
  assert.deepEqual(y('n', '!=3'), [1, 0, 1, 1]);
  assert.deepEqual(y('n', '3,1.5'), [0, 1, 1, 0]);
  assert.deepEqual(y('txt', 'yes'), [0, 1, 0, 0]);
  assert.deepEqual(y('txt', 'yes, true'), [0, 1, 1, 0]);
  assert.deepEqual(y('txt', '==no'), [1, 0, 0, 1]);
  assert.deepEqual(y('txt', '!=no'), [0, 1, 1, 0]);
  assert.deepEqual(y('code'), [1, 0, 1, 0]);
  assert.deepEqual(y('code', '>0'), [1, 0, 1, 0]);
  // the suggestion is a level that reads as an event, never 'no' (pasting it would invert the outcome)
  assert.throws(() => y('txt'), dataError({ row: 2, column: 'txt', match: /positive: 'true' \(CLI: --positive true\) if 'true' marks an event/ }));
  assert.throws(() => y('txt', 'Yes'), dataError({ column: 'txt', match: /level\(s\) 'Yes'.*levels: no, yes, true/ }));
  assert.throws(() => y('txt', '>0'), dataError({ column: 'txt', match: /compares numbers/ }));
  assert.throws(() => y('n', 'yes'), dataError({ column: 'n', match: /names text levels/ }));
  assert.throws(() => y('n', '==yes'), dataError({ column: 'n', match: /names a level/ }));
  assert.throws(() => y('n', 'a,,b'), valueError(/empty items/));
  assert.throws(() => y('n', ' '), valueError(/expected a rule/));
});

test('binaryTarget: missing targets are an error naming the first row; rowsWithTarget drops them', () => {
  const t = data.parseCsv('x,y\n1,0\n2,\n3,1\n4,NA\n', { source: 'm.csv' });
  const s = data.createSchema(t, { target: 'y' });
  assert.throws(() => data.binaryTarget(t, s), dataError({ file: 'm.csv', row: 3, column: 'y', match: /2 row\(s\) without a target/ }));
  const rows = data.rowsWithTarget(t, s);
  assert.deepEqual([...rows], [0, 2]);
  assert.deepEqual([...data.binaryTarget(t, s, { rows })], [0, 1]);
  assert.deepEqual(data.parsePositiveRule('>=1'), { kind: 'compare', op: '>=', value: 1 });
});
