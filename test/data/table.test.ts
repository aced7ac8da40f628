import { test } from 'node:test';
import assert from 'node:assert/strict';
import { data, ValueError } from '../../src/index.js';

function sample(): InstanceType<typeof data.Table> {
  return new data.Table(
    {
      age: { kind: 'numeric', values: Float64Array.of(63, NaN, 41, 50) },
      sex: { kind: 'categorical', codes: Int32Array.of(0, 1, -1, 0), levels: ['m', 'f'] },
      when: { kind: 'date', values: Float64Array.of(0, NaN, 86400000, 1) },
    },
    { source: 'x.csv' },
  );
}

const isValueError = (e: unknown): boolean => e instanceof ValueError && e.code === 'E_VALUE';

test('Table: columns, numbers, strings, missing', () => {
  const t = sample();
  assert.equal(t.nRows, 4);
  assert.deepEqual(t.columnNames, ['age', 'sex', 'when']);
  assert.deepEqual(t.strings('sex'), ['m', 'f', null, 'm']);
  assert.deepEqual(t.strings('when')[2], '1970-01-02T00:00:00.000Z');
  assert.equal(t.missingCount('age'), 1);
  assert.equal(t.missingCount('sex', [0, 2, 2]), 2);
  assert.ok(t.isMissing('when', 1));
  assert.throws(() => t.column('nope'), isValueError);
  assert.throws(
    () => new data.Table({ a: { kind: 'numeric', values: new Float64Array(2) }, b: { kind: 'numeric', values: new Float64Array(3) } }),
    isValueError,
  );
});

test('Table.slice shares memory; select copies; both keep file rows', () => {
  const t = sample();
  const s = t.slice(1, 3);
  assert.equal(s.nRows, 2);
  assert.deepEqual(s.strings('sex'), ['f', null]);
  const age = t.column('age');
  const sAge = s.column('age');
  assert.ok(age.kind === 'numeric' && sAge.kind === 'numeric' && sAge.values.buffer === age.values.buffer);
  assert.equal(s.fileRow(0), 3);
  assert.equal(s.source, 'x.csv');
  const sel = t.select([3, 0]);
  assert.deepEqual([...sel.numbers('age')], [50, 63]);
  assert.equal(sel.fileRow(0), 5);
  assert.equal(sel.select([1]).fileRow(0), 2);
  assert.throws(() => t.slice(2, 1), isValueError);
  assert.throws(() => t.select([4]), isValueError);
  assert.throws(() => t.select([0.5]), isValueError);
});

test('Table.pick and withColumn', () => {
  const t = sample();
  assert.deepEqual(t.pick(['when', 'age']).columnNames, ['when', 'age']);
  const w = t.withColumn('y', { kind: 'numeric', values: Float64Array.of(1, 0, 1, 0) });
  assert.deepEqual(w.columnNames, ['age', 'sex', 'when', 'y']);
  assert.equal(t.has('y'), false);
});
