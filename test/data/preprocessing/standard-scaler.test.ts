import { test } from 'node:test';
import assert from 'node:assert/strict';
import { data, DataError, ModelFormatError, NotFittedError, ValueError } from '../../../src/index.js';
import { assertClose, assertMatrix, fixture, roundTrip, syntheticTable } from './fixture.js';

const { trainRows, testRows } = fixture.synthetic;

test('StandardScaler equals scikit-learn 1.2 (NaN ignored, constant column scale 1, large offsets)', () => {
  const cases = fixture.synthetic.cases.filter((c) => c.transformer === 'StandardScaler');
  assert.equal(cases.length, 3);
  const t = syntheticTable();
  for (const c of cases) {
    const sc = new data.StandardScaler(c.params as data.StandardScalerOptions);
    const train = sc.fitTransform(t, trainRows);
    const st = sc.statistics;
    assert.deepEqual(st.columns, ['a', 'b', 'c', 'd']);
    st.mean.forEach((m, j) => assertClose(m, c.mean![j]!, 1e-12, `${c.name} mean ${j}`));
    assert.deepEqual(st.nSamplesSeen, c.nSamplesSeen);
    if (c.var) st.var.forEach((v, j) => assertClose(v, c.var![j]!, 1e-9, `${c.name} var ${j}`));
    if (c.scale) st.scale.forEach((s, j) => assertClose(s, c.scale![j]!, 1e-9, `${c.name} scale ${j}`));
    assertMatrix(train, c.columns, c.train);
    assertMatrix(sc.transform(t, testRows), c.columns, c.test);
  }
});

test('StandardScaler: population std, zero variance → scale 1, categorical left alone by default', () => {
  const t = data.fromRows(['x', 'k', 's'], [[1, 3, 'a'], [2, 3, 'b'], [3, 3, 'a'], [4, 3, 'b']]);
  const sc = new data.StandardScaler();
  const z = sc.fitTransform(t);
  assert.deepEqual(sc.statistics.scale, [Math.sqrt(1.25), 1]);
  assert.deepEqual([...z.numbers('k')], [0, 0, 0, 0]);
  assert.deepEqual(z.strings('s'), ['a', 'b', 'a', 'b']);
  assertClose(z.numbers('x')[0]!, -1.5 / Math.sqrt(1.25), 1e-15, 'z');
});

test('StandardScaler: errors', () => {
  const t = data.parseCsv('x,s\nNA,a\n,b\n', { source: 'z.csv' });
  assert.throws(() => new data.StandardScaler().fit(t), (e: unknown) => e instanceof DataError && e.code === 'E_DATA' && e.column === 'x' && e.file === 'z.csv');
  assert.throws(() => new data.StandardScaler({ columns: ['s'] }).fit(t), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
  assert.throws(() => new data.StandardScaler({ withMean: 1 as unknown as boolean }), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
  const fresh = new data.StandardScaler();
  assert.throws(() => fresh.transform(t), (e: unknown) => e instanceof NotFittedError && e.code === 'E_NOT_FITTED');
  assert.throws(() => fresh.statistics, (e: unknown) => e instanceof NotFittedError && e.code === 'E_NOT_FITTED');
});

test('StandardScaler: toJSON/fromJSON round trip; inconsistent state is ModelFormatError', () => {
  const t = syntheticTable();
  const sc = new data.StandardScaler().fit(t, trainRows);
  const back = data.StandardScaler.fromJSON(roundTrip(sc));
  assert.deepEqual(back.transform(t, testRows), sc.transform(t, testRows));
  assert.deepEqual(back.fitFingerprint, sc.fitFingerprint);
  const j = roundTrip<data.StandardScalerJSON>(sc);
  const isFormat = (e: unknown): boolean => e instanceof ModelFormatError && e.code === 'E_MODEL_FORMAT';
  assert.throws(() => data.StandardScaler.fromJSON({ ...j, state: { ...j.state!, scale: [1, 1] } }), isFormat);
  assert.throws(() => data.StandardScaler.fromJSON({ ...j, state: { ...j.state!, scale: [0, 1, 1, 1] } }), isFormat);
  assert.throws(() => data.StandardScaler.fromJSON({ ...j, version: 2 }), isFormat);
  // hashes must be sorted: swap two
  const fp = j.state!.fitFingerprint;
  const bytes = Buffer.from(fp.hashes, 'base64');
  const swapped = Buffer.concat([bytes.subarray(4, 8), bytes.subarray(0, 4), bytes.subarray(8)]);
  if (!swapped.equals(bytes)) {
    assert.throws(() => data.StandardScaler.fromJSON({ ...j, state: { ...j.state!, fitFingerprint: { ...fp, hashes: swapped.toString('base64') } } }), isFormat);
  }
});
