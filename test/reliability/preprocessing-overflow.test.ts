// Preprocessing never turns unrepresentable values into zeros or text silently (issue #19 item 2):
// overflow-safe StandardScaler statistics, ±Inf refused with row and column, and CSV values beyond
// a double refused instead of making the column categorical.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataError, data } from '../../src/index.js';

function table(values: number[], source = 'big.csv'): data.Table {
  return data.parseCsv(`x,y\n${values.map((v, i) => `${v},${i % 2}`).join('\n')}\n`, { source });
}

test('StandardScaler on values near 1e150 keeps the column (overflow-safe mean and scale)', () => {
  const vals = [1e150, 2e150, 3e150, 4e150];
  const sc = new data.StandardScaler({ columns: ['x'] });
  const out = sc.fitTransform(table(vals)).numbers('x');
  const mean = 2.5e150;
  const sd = Math.sqrt(1.25) * 1e150;
  vals.forEach((v, i) => assert.ok(Math.abs(out[i]! - (v - mean) / sd) < 1e-12, `${out[i]}`));
  const st = sc.statistics;
  assert.ok(Math.abs(st.mean[0]! / mean - 1) < 1e-12);
  assert.ok(Math.abs(st.scale[0]! / sd - 1) < 1e-12);
});

test('StandardScaler refuses a variance it cannot represent (values near 1e300), naming the row and column', () => {
  assert.throws(() => new data.StandardScaler().fit(table([1e300, -1.7e308, 3e300])), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.equal(e.file, 'big.csv');
    assert.equal(e.column, 'x');
    assert.equal(e.row, 3, 'the row of the largest magnitude');
    assert.match(e.message, /spread too widely to standardise/);
    return true;
  });
});

test('small values keep scikit-learn arithmetic exactly', () => {
  const sc = new data.StandardScaler({ columns: ['x'] });
  sc.fit(table([1, 2, 3, 4]));
  assert.deepEqual(sc.statistics.mean, [2.5]);
  assert.deepEqual(sc.statistics.var, [1.25]);
});

test('a CSV value beyond a double is refused, not read as text', () => {
  for (const cell of ['1e999', '-1e400', '9'.repeat(400)]) {
    assert.throws(() => data.parseCsv(`x\n1\n${cell}\n2\n`, { source: 'o.csv' }), (e: unknown) => {
      assert.ok(e instanceof DataError);
      assert.equal(e.row, 3);
      assert.equal(e.column, 'x');
      assert.match(e.message, /beyond the range of a 64-bit float/);
      return true;
    });
  }
  // Every value overflowing used to make the column categorical.
  assert.throws(() => data.parseCsv('x\n1e999\n2e999\n', { source: 'o.csv' }), /row 2, column 'x': value '1e999' is beyond/);
  // Declared categorical: text, as asked.
  const t = data.parseCsv('x\n1e999\n', { source: 'o.csv', types: { x: 'categorical' } });
  assert.equal(t.column('x').kind, 'categorical');
});

test('TabularPreprocessor refuses inputs that overflow float32 after scaling, naming file row and column', () => {
  const train = table([1, 2, 3, 4, 5, 6]);
  const pre = new data.TabularPreprocessor({ features: ['x'], categorical: [] });
  pre.fit(train);
  const test = data.parseCsv('x,y\n1,0\n1e300,1\n', { source: 'new.csv' });
  assert.throws(() => pre.transform(test), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.equal(e.file, 'new.csv');
    assert.equal(e.row, 3);
    assert.equal(e.column, 'x');
    assert.match(e.message, /float32 model input cannot hold/);
    return true;
  });
});

test('SimpleImputer mean and median of values near 1.8e308 stay finite (no Inf imputed)', () => {
  const withMissing = data.parseCsv('x,y\n1.7e308,0\n1.7e308,1\n,0\n', { source: 'imp.csv' });
  for (const strategy of ['mean', 'median'] as const) {
    const out = new data.SimpleImputer({ strategy }).fitTransform(withMissing).numbers('x');
    assert.equal(out[2], 1.7e308, strategy);
  }
});
