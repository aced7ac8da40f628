import { test } from 'node:test';
import assert from 'node:assert/strict';
import { data, DataError, ModelFormatError, NotFittedError, ValueError } from '../../../src/index.js';
import { assertClose, assertMatrix, fixture, roundTrip, syntheticTable } from './fixture.js';

const { trainRows, testRows } = fixture.synthetic;
const imputerCases = fixture.synthetic.cases.filter((c) => c.transformer === 'SimpleImputer');

test('SimpleImputer equals scikit-learn 1.2 for every strategy, with and without indicators', () => {
  assert.equal(imputerCases.length, 11);
  const t = syntheticTable();
  for (const c of imputerCases) {
    const imp = new data.SimpleImputer({ ...(c.params as data.SimpleImputerOptions), columns: c.columns });
    const train = imp.fitTransform(t, trainRows);
    const stats = imp.statisticsByColumn;
    c.columns.forEach((col, j) => {
      const e = c.statistics![j]!;
      if (typeof e === 'string') assert.equal(stats.get(col), e, `${c.name} ${col}`);
      else assertClose(stats.get(col) as number, e, 1e-12, `${c.name} ${col}`);
    });
    assert.deepEqual(imp.indicatorColumns, c.indicatorColumns, c.name);
    const names = [...c.columns, ...c.indicatorColumns!.map((x) => `missingindicator_${x}`)];
    assertMatrix(train, names, c.train);
    assertMatrix(imp.transform(t, testRows), names, c.test);
    // other columns pass through untouched
    const other = c.columns.includes('a') ? 's' : 'a';
    assert.deepEqual(imp.transform(t, testRows).strings(other), t.select(testRows).strings(other));
  }
});

test('SimpleImputer: default columns follow the strategy; fingerprint records fitted rows', () => {
  const t = syntheticTable();
  const mean = new data.SimpleImputer().fit(t, trainRows);
  assert.deepEqual([...mean.statisticsByColumn.keys()], ['a', 'b', 'c', 'd']);
  const mf = new data.SimpleImputer({ strategy: 'most_frequent' }).fit(t, trainRows);
  assert.deepEqual([...mf.statisticsByColumn.keys()], ['a', 'b', 'c', 'd', 's', 't']);
  assert.deepEqual(mf.fitFingerprint.columns, ['a', 'b', 'c', 'd', 's', 't']);
  assert.equal(mf.fitFingerprint.nRows, 12);
  assert.equal(data.fingerprintOverlap(mf.fitFingerprint, t, trainRows), 12);
  assert.equal(data.fingerprintOverlap(mf.fitFingerprint, t, testRows), 0);
  assert.equal(data.fingerprintOverlap(new data.SimpleImputer().fit(t).fitFingerprint, t, testRows), 6);
});

test('SimpleImputer: a column with no observed value is an error unless keepEmptyFeatures', () => {
  const t = data.parseCsv('x,y,s\n,1,\n,2,\nNA,3,\n', { source: 'e.csv', categorical: ['s'] });
  assert.throws(
    () => new data.SimpleImputer().fit(t),
    (e: unknown) => e instanceof DataError && e.code === 'E_DATA' && e.file === 'e.csv' && e.column === 'x' && /keepEmptyFeatures/.test(e.message),
  );
  const imp = new data.SimpleImputer({ strategy: 'most_frequent', keepEmptyFeatures: true });
  const out = imp.fitTransform(t);
  assert.deepEqual([...out.numbers('x')], [0, 0, 0]);
  assert.deepEqual(out.strings('s'), ['missing_value', 'missing_value', 'missing_value']);
  const c = new data.SimpleImputer({ strategy: 'constant', fillValue: 7 }).fitTransform(t);
  assert.deepEqual([...c.numbers('x')], [7, 7, 7]);
});

test('SimpleImputer: validation errors and NotFittedError', () => {
  const t = syntheticTable();
  const isValue = (e: unknown): boolean => e instanceof ValueError && e.code === 'E_VALUE';
  assert.throws(() => new data.SimpleImputer({ strategy: 'mode' as data.ImputeStrategy }), isValue);
  assert.throws(() => new data.SimpleImputer({ fillValue: NaN }), isValue);
  assert.throws(() => new data.SimpleImputer({ columns: ['s'] }).fit(t), isValue);
  assert.throws(() => new data.SimpleImputer({ strategy: 'constant', fillValue: 'x', columns: ['a'] }).fit(t), isValue);
  assert.throws(() => new data.SimpleImputer().fit(t, []), isValue);
  assert.throws(() => new data.SimpleImputer().fit(t, [99]), isValue);
  const fresh = new data.SimpleImputer();
  assert.equal(fresh.isFitted, false);
  assert.throws(() => fresh.transform(t), (e: unknown) => e instanceof NotFittedError && e.code === 'E_NOT_FITTED');
  assert.throws(() => fresh.fitFingerprint, (e: unknown) => e instanceof NotFittedError && e.code === 'E_NOT_FITTED');
  const imp = new data.SimpleImputer().fit(t);
  assert.throws(() => imp.transform(t.pick(['a', 'b'])), (e: unknown) => e instanceof DataError && e.code === 'E_DATA' && e.column === 'c');
  const asText = t.withColumn('a', { kind: 'categorical', codes: new Int32Array(t.nRows), levels: ['q'] });
  assert.throws(() => imp.transform(asText), (e: unknown) => e instanceof DataError && e.code === 'E_DATA' && e.column === 'a');
});

test('SimpleImputer: toJSON/fromJSON round trip; bad state is ModelFormatError', () => {
  const t = syntheticTable();
  const imp = new data.SimpleImputer({ strategy: 'most_frequent', addIndicator: true }).fit(t, trainRows);
  const back = data.SimpleImputer.fromJSON(roundTrip(imp));
  assert.deepEqual(back.transform(t, testRows), imp.transform(t, testRows));
  assert.deepEqual(back.fitFingerprint, imp.fitFingerprint);
  assert.deepEqual(back.toJSON(), imp.toJSON());
  const unfitted = data.SimpleImputer.fromJSON(roundTrip(new data.SimpleImputer({ strategy: 'median' })));
  assert.equal(unfitted.isFitted, false);
  assert.equal(unfitted.strategy, 'median');
  const bad = (mutate: (j: data.SimpleImputerJSON) => unknown): void => {
    const j = roundTrip<data.SimpleImputerJSON>(imp);
    assert.throws(() => data.SimpleImputer.fromJSON(mutate(j)), (e: unknown) => e instanceof ModelFormatError && e.code === 'E_MODEL_FORMAT');
  };
  bad((j) => ({ ...j, type: 'StandardScaler' }));
  bad((j) => ({ ...j, params: { ...j.params, strategy: 'mode' } }));
  bad((j) => ({ ...j, state: { ...j.state!, statistics: [{ name: 'a', kind: 'numeric' }] } }));
  bad((j) => ({ ...j, state: { ...j.state!, fitFingerprint: { ...j.state!.fitFingerprint, nRows: 3 } } }));
  bad((j) => ({ ...j, state: { ...j.state!, fitFingerprint: { ...j.state!.fitFingerprint, hashes: '!!' } } }));
  bad(() => null);
});
