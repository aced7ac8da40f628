import { test } from 'node:test';
import assert from 'node:assert/strict';
import { data, DataError, ModelFormatError, NotFittedError, ValueError } from '../../../src/index.js';
import { assertClose, fixture, roundTrip } from './fixture.js';

const HEART = 'data/heart-disease/heart_disease_4sites.csv';
const h = fixture.heart;

async function heart() {
  const t = await data.readCsv(HEART);
  const site = t.strings('site');
  const train: number[] = [];
  const test: number[] = [];
  site.forEach((s, i) => (h.trainSites.includes(s!) ? train : test).push(i));
  return { t, train, test };
}

test('TabularPreprocessor on the heart data equals a scikit-learn 1.2 ColumnTransformer fitted on two sites', async () => {
  const { t, train, test: testRows } = await heart();
  const pre = new data.TabularPreprocessor({ features: h.features, categorical: h.categorical }, { numericStrategy: 'median', addIndicator: true });
  const xTrain = pre.fitTransform(t, train);
  assert.deepEqual(pre.featureNames, h.featureNames);
  assert.equal(xTrain.length, train.length * h.featureNames.length);
  // float64 state to 1e-9
  const j = pre.toJSON();
  const imp = j.state!.numImputer as data.SimpleImputerJSON;
  imp.state!.statistics.forEach((s, k) => assertClose(s.value as number, h.median[k]!, 1e-12, `median ${s.name}`));
  const sc = j.state!.scaler as data.StandardScalerJSON;
  sc.state!.mean.forEach((m, k) => assertClose(m, h.mean[k]!, 1e-9, `mean ${k}`));
  sc.state!.scale.forEach((s, k) => assertClose(s, h.scale[k]!, 1e-9, `scale ${k}`));
  const cat = j.state!.catImputer as data.SimpleImputerJSON;
  assert.deepEqual(cat.state!.statistics.map((s) => s.value), h.catMostFrequent);
  // the matrix (float32) for sampled rows of both sides
  const x = pre.transform(t, h.sampleRows);
  const p = h.featureNames.length;
  h.sample.forEach((row, i) => row.forEach((e, k) => assertClose(x[i * p + k]!, Math.fround(e), 1e-6, `row ${h.sampleRows[i]} ${h.featureNames[k]}`)));
  // transform of the test rows has the same layout; the fingerprint saw none of them
  assert.equal(pre.transform(t, testRows).length, testRows.length * p);
  assert.deepEqual(pre.fitFingerprint.columns, h.features);
  assert.equal(data.fingerprintOverlap(pre.fitFingerprint, t, testRows), 0);
  assert.equal(data.fingerprintOverlap(pre.fitFingerprint, t, train), train.length);
  const leaky = new data.TabularPreprocessor({ features: h.features, categorical: h.categorical }).fit(t);
  assert.equal(data.fingerprintOverlap(leaky.fitFingerprint, t, testRows), testRows.length);
});

test('TabularPreprocessor: JSON round trip through text gives the same matrix and fingerprint', async () => {
  const { t, train, test: testRows } = await heart();
  const schema = data.createSchema(t, { target: 'num', positive: '>0', categorical: ['cp', 'site'] });
  const pre = new data.TabularPreprocessor(schema, { addIndicator: true }).fit(t, train);
  assert.ok(pre.featureNames.includes('site_cleveland'));
  const back = data.TabularPreprocessor.fromJSON(roundTrip(pre));
  assert.deepEqual(back.transform(t, testRows), pre.transform(t, testRows));
  assert.deepEqual(back.featureNames, pre.featureNames);
  assert.deepEqual(back.fitFingerprint, pre.fitFingerprint);
  // unseen site levels encode as zeros (handleUnknown 'ignore')
  const x = pre.transform(t, testRows);
  const siteCols = pre.featureNames.map((n, k) => (n.startsWith('site_') ? k : -1)).filter((k) => k >= 0);
  assert.ok(siteCols.every((k) => x[k] === 0));
  const isFormat = (e: unknown): boolean => e instanceof ModelFormatError && e.code === 'E_MODEL_FORMAT';
  const j = roundTrip<data.TabularPreprocessorJSON>(pre);
  assert.throws(() => data.TabularPreprocessor.fromJSON({ ...j, state: { ...j.state!, featureNames: ['x'] } }), isFormat);
  assert.throws(() => data.TabularPreprocessor.fromJSON({ ...j, state: { ...j.state!, encoder: null } }), isFormat);
  assert.throws(() => data.TabularPreprocessor.fromJSON({ ...j, categorical: ['nope'] }), isFormat);
  assert.throws(() => data.TabularPreprocessor.fromJSON({ ...j, features: 'age' }), isFormat);
  const unfitted = data.TabularPreprocessor.fromJSON(roundTrip(new data.TabularPreprocessor(schema)));
  assert.equal(unfitted.isFitted, false);
});

test('TabularPreprocessor: a feature empty at the fitted site is kept (imputed 0) so every site gets one layout', async () => {
  const { t } = await heart();
  const site = t.strings('site');
  const swiss = site.flatMap((s, i) => (s === 'switzerland' ? [i] : []));
  // Hungarian rows lack almost all 'ca'; build a site where it is entirely missing
  const hung = site.flatMap((s, i) => (s === 'hungarian' && t.isMissing('ca', i) ? [i] : []));
  const pre = new data.TabularPreprocessor({ features: ['age', 'ca', 'chol'], categorical: [] }, { addIndicator: true });
  const x = pre.fitTransform(t, hung);
  assert.deepEqual(pre.featureNames, ['age', 'ca', 'chol', 'missingindicator_ca', 'missingindicator_chol']);
  assert.equal(x[1], 0);
  assert.equal(pre.transform(t, swiss).length, swiss.length * 5);
  const strict = new data.TabularPreprocessor({ features: ['age', 'ca'], categorical: [] }, { keepEmptyFeatures: false });
  assert.throws(() => strict.fit(t, hung), (e: unknown) => e instanceof DataError && e.code === 'E_DATA' && e.column === 'ca' && e.file === HEART);
});

test('TabularPreprocessor: validation and NotFittedError', async () => {
  const { t } = await heart();
  const isValue = (e: unknown): boolean => e instanceof ValueError && e.code === 'E_VALUE';
  assert.throws(() => new data.TabularPreprocessor({ features: [], categorical: [] }), isValue);
  assert.throws(() => new data.TabularPreprocessor({ features: ['age', 'age'], categorical: [] }), isValue);
  assert.throws(() => new data.TabularPreprocessor({ features: ['age'], categorical: ['cp'] }), isValue);
  assert.throws(() => new data.TabularPreprocessor({ features: ['age'], categorical: [] }, { numericStrategy: 'mode' as 'mean' }), isValue);
  const pre = new data.TabularPreprocessor({ features: ['age', 'site'], categorical: [] });
  assert.throws(() => pre.fit(t), (e: unknown) => e instanceof DataError && e.code === 'E_DATA' && e.column === 'site' && /not listed as categorical/.test(e.message));
  const ok = new data.TabularPreprocessor({ features: ['age', 'bmi'], categorical: [] });
  assert.throws(() => ok.fit(t), (e: unknown) => e instanceof DataError && e.code === 'E_DATA' && e.column === 'bmi');
  const fresh = new data.TabularPreprocessor({ features: ['age'], categorical: [] });
  assert.throws(() => fresh.transform(t), (e: unknown) => e instanceof NotFittedError && e.code === 'E_NOT_FITTED');
  assert.throws(() => fresh.featureNames, (e: unknown) => e instanceof NotFittedError && e.code === 'E_NOT_FITTED');
  assert.throws(() => fresh.fitFingerprint, (e: unknown) => e instanceof NotFittedError && e.code === 'E_NOT_FITTED');
  // only categorical features, and no scaling
  const onlyCat = new data.TabularPreprocessor({ features: ['site'], categorical: ['site'] });
  assert.deepEqual([...onlyCat.fitTransform(t, [0, 400])], [1, 0, 0, 1]);
  const noScale = new data.TabularPreprocessor({ features: ['age'], categorical: [] }, { scale: false });
  assert.deepEqual([...noScale.fitTransform(t, [0, 1])], [63, 67]);
});

test('a categorical feature read with the other column kind (level codes as numbers, or number-text levels) gives the same inputs', async () => {
  const asText = await data.readCsv(HEART, { categorical: ['cp', 'thal'] });
  const asNumbers = await data.readCsv(HEART);
  for (const [fitOn, other] of [[asText, asNumbers], [asNumbers, asText]] as const) {
    const schema = data.createSchema(fitOn, { target: 'num', positive: '>0', site: 'site', categorical: ['cp', 'thal'] });
    const pre = new data.TabularPreprocessor(schema);
    const a = pre.fitTransform(fitOn);
    assert.deepEqual(pre.transform(other), a);
    const reloaded = data.TabularPreprocessor.fromJSON(JSON.parse(JSON.stringify(pre.toJSON())));
    assert.deepEqual(reloaded.transform(other), a, 'after a model.json round trip too');
  }
});
