import { test } from 'node:test';
import assert from 'node:assert/strict';
import { data, DataError, ModelFormatError, NotFittedError, ValueError } from '../../../src/index.js';
import { assertMatrix, caseNamed, fixture, roundTrip, syntheticTable } from './fixture.js';

const { trainRows, testRows } = fixture.synthetic;

test('OneHotEncoder equals scikit-learn 1.2: sorted categories, missing as last category, unknown ignored', () => {
  const t = syntheticTable();
  for (const name of ['OneHotEncoder categorical handle_unknown=ignore', 'OneHotEncoder numeric codes handle_unknown=ignore']) {
    const c = caseNamed(name);
    const enc = new data.OneHotEncoder({ handleUnknown: 'ignore', columns: c.columns });
    const train = enc.fitTransform(t, trainRows);
    const cats = c.columns.map((col) => enc.categories.get(col)!.map((v) => (v === null ? 'nan' : String(v))));
    assert.deepEqual(cats, c.categories, name);
    assert.deepEqual(enc.featureNamesOut, c.featureNames, name);
    assertMatrix(train, c.featureNames!, c.train, 0);
    assertMatrix(enc.transform(t, testRows), c.featureNames!, c.test, 0);
  }
});

test('OneHotEncoder: encoded columns are replaced in place; others pass through', () => {
  const t = data.fromRows(['x', 'sex', 'y'], [[1, 'm', 5], [2, 'f', 6]]);
  const out = new data.OneHotEncoder().fitTransform(t);
  assert.deepEqual(out.columnNames, ['x', 'sex_f', 'sex_m', 'y']);
  assert.deepEqual([...out.numbers('sex_m')], [1, 0]);
});

test("OneHotEncoder: handleUnknown 'error' names the row and column of an unseen level", () => {
  const t = data.parseCsv('sex\nm\nf\nx\n\n', { source: 'o.csv' });
  const enc = new data.OneHotEncoder().fit(t, [0, 1]);
  assert.equal(enc.handleUnknown, 'error');
  assert.throws(
    () => enc.transform(t),
    (e: unknown) => e instanceof DataError && e.code === 'E_DATA' && e.file === 'o.csv' && e.row === 4 && e.column === 'sex' && /level 'x'/.test(e.message),
  );
  assert.throws(() => new data.OneHotEncoder({ handleUnknown: 'skip' as 'ignore' }), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
  assert.throws(() => new data.OneHotEncoder().transform(t), (e: unknown) => e instanceof NotFittedError && e.code === 'E_NOT_FITTED');
  // nothing to encode: an error, not a fingerprint over zero columns that would match every row
  const numeric = data.parseCsv('x\n1\n2\n');
  assert.throws(() => new data.OneHotEncoder().fit(numeric), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && /no column/.test(e.message));
});

test('OneHotEncoder: toJSON/fromJSON round trip; wrong category types are ModelFormatError', () => {
  const t = syntheticTable();
  const enc = new data.OneHotEncoder({ handleUnknown: 'ignore', columns: ['s', 't', 'c'] }).fit(t, trainRows);
  const back = data.OneHotEncoder.fromJSON(roundTrip(enc));
  assert.deepEqual(back.transform(t, testRows), enc.transform(t, testRows));
  assert.deepEqual(back.featureNamesOut, enc.featureNamesOut);
  const j = roundTrip<data.OneHotEncoderJSON>(enc);
  const enc0 = j.state!.encoded[0]!;
  const broken = { ...j, state: { ...j.state!, encoded: [{ ...enc0, categories: [1, 2] }, ...j.state!.encoded.slice(1)] } };
  assert.throws(() => data.OneHotEncoder.fromJSON(broken), (e: unknown) => e instanceof ModelFormatError && e.code === 'E_MODEL_FORMAT');
});
