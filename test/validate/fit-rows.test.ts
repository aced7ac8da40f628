// One fit recipe (validate.fitOnRows) trains every cross-validation fold and the final model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { data, noGrad, recommend, Tensor, validate, ValueError, type nn } from '../../src/index.js';

const GBSG = new URL('../../data/breast-cancer/gbsg.csv', import.meta.url).pathname;
const FEATURES = ['age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er', 'hormon'];
const build = (n: number): nn.TensorModule => recommend.buildMlp({ nFeatures: n, hiddenSizes: [8], dropout: 0.1 });
const fast = { epochs: 5, patience: 2, lr: 3e-3, seed: 3 };

function predict(model: nn.TensorModule, pre: { transform(t: data.Table, rows: Int32Array): Float32Array; featureNames: string[] }, table: data.Table, rows: Int32Array): number[] {
  model.eval();
  const x = new Tensor(pre.transform(table, rows), [rows.length, pre.featureNames.length]);
  return Array.from(noGrad(() => model.forward(x)).data, (v) => 1 / (1 + Math.exp(-v)));
}

async function gbsg(): Promise<{ table: data.Table; schema: data.Schema; rows: Int32Array; y: Uint8Array }> {
  const table = await data.readCsv(GBSG);
  const schema = data.createSchema(table, { target: 'event5', features: FEATURES });
  const rows = Int32Array.from({ length: table.nRows }, (_, i) => i);
  return { table, schema, rows, y: data.binaryTarget(table, schema, { rows }) };
}

test('fitOnRows: a fifth held out for early stopping (stratified by site × outcome), disjoint, seeded', async () => {
  const { table, schema, rows, y } = await gbsg();
  const sites = Array.from(rows, (r) => (r % 2 === 0 ? 'even' : 'odd'));
  const a = validate.fitOnRows(build, table, schema, rows, y, { ...fast, sites });
  assert.equal(a.nTrain + a.nVal, rows.length);
  assert.deepEqual([a.trainRows.length, a.valRows.length], [a.nTrain, a.nVal]);
  const inVal = new Set(a.valRows);
  assert.ok(Array.from(a.trainRows).every((r) => !inVal.has(r)));
  assert.ok(Math.abs(a.nVal - rows.length / 5) <= 4, `nVal ${a.nVal}`);
  // Both sites and both outcomes are on both sides, in proportion.
  for (const s of ['even', 'odd']) {
    for (const v of [0, 1]) {
      const all = Array.from(rows).filter((r) => sites[r] === s && y[r] === v).length;
      const held = Array.from(a.valRows).filter((r) => sites[r] === s && y[r] === v).length;
      assert.ok(Math.abs(held - all / 5) <= 1.5, `${s}/${v}: ${held} of ${all}`);
    }
  }
  assert.equal(a.history.restoredBestWeights, true);
  const b = validate.fitOnRows(build, table, schema, rows, y, { ...fast, sites });
  assert.deepEqual(predict(b.model, b.preprocessor, table, rows), predict(a.model, a.preprocessor, table, rows), 'seeded: identical');
});

test('every fold is fitOnRows on its development rows: a split-scheme fold equals fitOnRows on the train rows', async () => {
  const { table: base, rows } = await gbsg();
  const side = Array.from(rows, (r) => (r % 4 === 0 ? 'test' : 'train'));
  const table = base.withColumn('part', { kind: 'categorical', codes: Int32Array.from(side, (s) => (s === 'train' ? 0 : 1)), levels: ['train', 'test'] });
  const schema = data.createSchema(table, { target: 'event5', split: 'part', features: FEATURES });
  const cv = validate.crossValidate(build, table, schema, { ...fast, scheme: 'split' });
  assert.equal(cv.scheme, 'split');
  assert.deepEqual(cv.folds.map((f) => [f.name, f.nTest]), [['test', side.filter((s) => s === 'test').length]]);
  const train = Int32Array.from(rows).filter((r) => side[r] === 'train');
  const test = Int32Array.from(rows).filter((r) => side[r] === 'test');
  const y = data.binaryTarget(table, schema, { rows: train });
  const direct = validate.fitOnRows(build, table, schema, train, y, { ...fast, sites: Array.from(train, () => 'all') });
  assert.equal(cv.folds[0]!.nTrain, direct.nTrain);
  const p = predict(direct.model, direct.preprocessor, table, test);
  assert.deepEqual(Array.from(cv.predictions.yProb), p);
});

test('fitOnRows validates its inputs', async () => {
  const { table, schema, rows, y } = await gbsg();
  assert.throws(() => validate.fitOnRows(build, table, schema, rows, y.subarray(1)), (e: unknown) => e instanceof ValueError && /one label per row/.test(e.message));
  assert.throws(() => validate.fitOnRows(build, table, schema, rows, y, { sites: ['a'] }), (e: unknown) => e instanceof ValueError && /one site per row/.test(e.message));
  assert.throws(() => validate.fitOnRows(build, table, schema, rows.subarray(0, 1), y.subarray(0, 1)), (e: unknown) => e instanceof ValueError && /at least 2 rows/.test(e.message));
});

test('fitOnRows with a patient column: every patient trains or stops early whole; without it the same rows straddle', async () => {
  const { table: base, rows } = await gbsg();
  // Three rows per "patient" (rows 3p, 3p+1, 3p+2); the last patients of a site-less table.
  const ids = Array.from(rows, (r) => `p${Math.floor(r / 3)}`);
  const levels = [...new Set(ids)];
  const table = base.withColumn('pid', { kind: 'categorical', codes: Int32Array.from(ids, (s) => levels.indexOf(s)), levels });
  const withPatient = data.createSchema(table, { target: 'event5', patient: 'pid', features: FEATURES });
  const without = data.createSchema(table, { target: 'event5', features: FEATURES });
  const y = data.binaryTarget(table, withPatient, { rows });
  const straddling = (fitted: { trainRows: Int32Array; valRows: Int32Array }): number => {
    const trained = new Set(Array.from(fitted.trainRows, (r) => ids[r]));
    return new Set(Array.from(fitted.valRows, (r) => ids[r]).filter((p) => trained.has(p))).size;
  };
  const plain = validate.fitOnRows(build, table, without, rows, y, { ...fast, epochs: 1 });
  assert.ok(straddling(plain) > 50, `without a patient column patients straddle (${straddling(plain)})`);
  const grouped = validate.fitOnRows(build, table, withPatient, rows, y, { ...fast, epochs: 1 });
  assert.equal(straddling(grouped), 0);
  // A schema without it (site-grouped folds drop the patient to group by site) with innerPatient: the same split.
  assert.deepEqual(validate.fitOnRows(build, table, without, rows, y, { ...fast, epochs: 1, innerPatient: 'pid' }).valRows, grouped.valRows);
  assert.equal(grouped.nTrain + grouped.nVal, rows.length);
  const heldPatients = new Set(Array.from(grouped.valRows, (r) => ids[r])).size;
  assert.ok(Math.abs(heldPatients - levels.length / 5) <= 2, `a fifth of the patients held out: ${heldPatients} of ${levels.length}`);
  // Seeded: the same split again; another seed another split.
  assert.deepEqual(validate.fitOnRows(build, table, withPatient, rows, y, { ...fast, epochs: 1 }).valRows, grouped.valRows);
  assert.notDeepEqual(validate.fitOnRows(build, table, withPatient, rows, y, { ...fast, epochs: 1, seed: 4 }).valRows, grouped.valRows);
});
