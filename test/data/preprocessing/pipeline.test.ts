import { test } from 'node:test';
import assert from 'node:assert/strict';
import { data, ModelFormatError, NotFittedError, ValueError } from '../../../src/index.js';
import { assertMatrix, caseNamed, fixture, roundTrip, syntheticTable } from './fixture.js';

const { trainRows, testRows } = fixture.synthetic;

test('Pipeline (median imputer → scaler) equals scikit-learn 1.2', () => {
  const c = caseNamed('Pipeline median imputer + scaler');
  const t = syntheticTable();
  const pipe = new data.Pipeline([
    ['impute', new data.SimpleImputer({ strategy: 'median', columns: c.columns })],
    ['scale', new data.StandardScaler({ columns: c.columns })],
  ]);
  assertMatrix(pipe.fitTransform(t, trainRows), c.columns, c.train);
  assertMatrix(pipe.transform(t, testRows), c.columns, c.test);
  assert.ok(pipe.namedStep('scale') instanceof data.StandardScaler);
});

test('Pipeline: fingerprint over raw input columns of the fitted rows; each step fitted on train only', () => {
  const t = syntheticTable();
  const pipe = new data.Pipeline([new data.SimpleImputer({ strategy: 'most_frequent', addIndicator: true }), new data.StandardScaler(), new data.OneHotEncoder({ handleUnknown: 'ignore' })]);
  assert.deepEqual(pipe.steps.map(([n]) => n), ['simpleimputer', 'standardscaler', 'onehotencoder']);
  pipe.fit(t, trainRows);
  assert.deepEqual(pipe.fitFingerprint.columns, ['a', 'b', 'c', 'd', 's', 't']);
  assert.equal(data.fingerprintOverlap(pipe.fitFingerprint, t, testRows), 0);
  assert.equal(data.fingerprintOverlap(pipe.fitFingerprint, t, trainRows), trainRows.length);
  // the scaler saw the imputed training rows only: its means match a scaler fitted on them directly
  const imputed = new data.SimpleImputer({ strategy: 'most_frequent', addIndicator: true }).fitTransform(t, trainRows);
  const direct = new data.StandardScaler().fit(imputed);
  assert.deepEqual((pipe.namedStep('standardscaler') as InstanceType<typeof data.StandardScaler>).statistics, direct.statistics);
  const out = pipe.transform(t, testRows);
  assert.ok(out.columnNames.includes('missingindicator_a'));
  assert.ok(out.columnNames.includes('s_x'));
});

test('Pipeline: errors, JSON round trip, transformerFromJSON', () => {
  const t = syntheticTable();
  assert.throws(() => new data.Pipeline([]), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
  assert.throws(() => new data.Pipeline([['x', new data.StandardScaler()], ['x', new data.StandardScaler()]]), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
  assert.throws(() => new data.Pipeline([{} as data.Transformer]), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
  const pipe = new data.Pipeline([new data.SimpleImputer(), new data.StandardScaler()]);
  assert.throws(() => pipe.transform(t), (e: unknown) => e instanceof NotFittedError && e.code === 'E_NOT_FITTED');
  assert.throws(() => pipe.namedStep('nope'), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
  pipe.fit(t, trainRows);
  const back = data.transformerFromJSON(roundTrip(pipe));
  assert.ok(back instanceof data.Pipeline);
  assert.deepEqual(back.transform(t, testRows), pipe.transform(t, testRows));
  assert.deepEqual(back.fitFingerprint, pipe.fitFingerprint);
  const isFormat = (e: unknown): boolean => e instanceof ModelFormatError && e.code === 'E_MODEL_FORMAT';
  assert.throws(() => data.transformerFromJSON({ type: 'Evil' }), isFormat);
  assert.throws(() => data.transformerFromJSON('x'), isFormat);
  const j = roundTrip<data.PipelineJSON>(pipe);
  assert.throws(() => data.Pipeline.fromJSON({ ...j, steps: [] }), isFormat);
  assert.throws(() => data.Pipeline.fromJSON({ ...j, steps: [{ name: 'a', transformer: { type: 'StandardScaler' } }] }), isFormat);
});
