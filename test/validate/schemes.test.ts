// crossValidate's schemes on real data, small sites included (issue #14 "small sites never crash",
// "sensible defaults"); every fold is trained by validate.fitOnRows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { data, recommend, validate, ValueError, type nn } from '../../src/index.js';
import { pseudoIcus } from '../checks/small-sites.js';

const BREAST = new URL('../../data/breast-cancer/breast_2cohorts.csv', import.meta.url).pathname;
const GBSG = new URL('../../data/breast-cancer/gbsg.csv', import.meta.url).pathname;
const CGD = new URL('../../data/cgd/cgd.csv', import.meta.url).pathname;
const FEATURES = ['age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er', 'hormon'];
const CGD_FEATURES = ['treat', 'sex', 'age', 'height', 'weight', 'inherit', 'steroids', 'propylac'];
const build = (n: number): nn.TensorModule => recommend.buildMlp({ nFeatures: n, hiddenSizes: [8], dropout: 0.1 });
const fast = { epochs: 3, patience: 2, lr: 3e-3, seed: 1 };

const testedOnce = (r: validate.CrossValidationResult, n: number): void => {
  assert.equal(r.folds.reduce((a, f) => a + f.nTest, 0), n);
  assert.equal(r.predictions.yProb.length, n);
};

test("single-centre GBSG: 'stratified-kfold' tests every row once in 5 outcome-stratified folds", async () => {
  const table = await data.readCsv(GBSG);
  const schema = data.createSchema(table, { target: 'event5', features: FEATURES });
  const r = validate.crossValidate(build, table, schema, { ...fast, scheme: 'stratified-kfold' });
  assert.equal(r.scheme, 'stratified-kfold');
  assert.deepEqual(r.folds.map((f) => f.name), ['fold 1', 'fold 2', 'fold 3', 'fold 4', 'fold 5']);
  testedOnce(r, table.nRows);
  const rate = Array.from(r.predictions.yTrue).reduce((a, b) => a + b, 0) / table.nRows;
  for (const f of r.folds) assert.ok(f.externalAuc !== null && f.nTest >= 80, `${f.name}: ${f.nTest}`);
  assert.deepEqual(r.crossSite.sites.map((s) => s.site), ['all']);
  assert.ok(rate > 0.2 && rate < 0.8);
  assert.deepEqual(r.pooledSites, []);
});

test('~450 pseudo-ICUs of 1–21 patients train with site-grouped k-fold; ICUs under 20 rows are evaluated as one pooled group', async () => {
  const { table, nSites, sizes } = await pseudoIcus(BREAST);
  const schema = data.createSchema(table, { target: 'event5', site: 'icu', features: FEATURES });
  const t0 = performance.now();
  const r = validate.crossValidate(build, table, schema, { ...fast, scheme: 'group-kfold' });
  const seconds = (performance.now() - t0) / 1000;
  assert.ok(seconds < 120, `${seconds.toFixed(1)} s`);
  assert.equal(r.folds.length, 5);
  testedOnce(r, table.nRows);
  // No ICU on both sides of any fold.
  for (const f of r.folds) assert.ok(f.trainSites.length < nSites);
  const small = sizes.filter((n) => n < 20).length;
  assert.equal(r.pooledSites.length, small);
  assert.equal(r.crossSite.sites.length, nSites - small + 1);
  assert.ok(r.crossSite.sites.some((s) => s.site === 'small sites (n<20)'));
  // Leave-one-site-out on the same data: the small ICUs are held out together, one fold each otherwise.
  const folds = validate.crossValidate(build, table, schema, { ...fast, epochs: 1, scheme: 'leave-one-site-out', minSiteRows: 21 }).folds;
  assert.equal(folds.at(-1)!.name, 'small sites (n<21)');
  assert.equal(folds.length, sizes.filter((n) => n >= 21).length + 1);
});

test('CGD, 13 hospitals of 4–26 patients: leave-one-site-out holds NIH out alone and the 12 small hospitals together', async () => {
  const table = await data.readCsv(CGD);
  const schema = data.createSchema(table, { target: 'infection', site: 'center', features: CGD_FEATURES });
  const r = validate.leaveOneSiteOut(build, table, schema, fast);
  assert.deepEqual(r.folds.map((f) => [f.name, f.nTest]), [['NIH', 26], ['small sites (n<20)', 102]]);
  assert.equal(r.folds[0]!.site, r.folds[0]!.name, 'the old field name stays an alias');
  assert.equal(r.pooledSites.length, 12);
  testedOnce(r, 128);
  // With minSiteRows 1 every hospital is its own fold: 13 folds, no failure on 4-patient sites.
  const each = validate.crossValidate(build, table, schema, { ...fast, epochs: 1, scheme: 'leave-one-site-out', minSiteRows: 1 });
  assert.equal(each.folds.length, 13);
  assert.equal(each.crossSite.sites.length, 13);
});

test('site-level preconditions are phrased with the column, never an internal API name', async () => {
  const table = await data.readCsv(CGD);
  const center = table.strings('center');
  const one = table.select(Array.from({ length: table.nRows }, (_, i) => i).filter((i) => center[i] === 'NIH'));
  assert.equal(one.nRows, 26);
  const schemaOne = data.createSchema(one, { target: 'infection', site: 'center', features: CGD_FEATURES });
  const checks: [() => unknown, RegExp][] = [
    [() => validate.leaveOneSiteOut(build, one, schemaOne, fast), /^site 'center': leave-one-site-out needs at least 2 sites\. Received: 1 \(NIH\)/],
    [() => validate.crossValidate(build, table, data.createSchema(table, { target: 'infection', site: 'center', features: CGD_FEATURES }), { ...fast, minSiteRows: 30 }),
      /^site 'center': leave-one-site-out needs at least 2 held-out folds, but all 13 sites have fewer than 30 rows .* Fix: use site-grouped k-fold \(scheme 'group-kfold'/],
    [() => validate.crossValidate(build, one, data.createSchema(one, { target: 'infection', patient: 'center', features: CGD_FEATURES }), { ...fast, scheme: 'group-kfold' }),
      /^patient 'center': group k-fold needs at least 2 distinct values\. Received: 1 \('NIH'\)/],
    [() => validate.crossValidate(build, table, data.createSchema(table, { target: 'infection', features: CGD_FEATURES }), { scheme: 'split' }), /'split' needs a split column/],
    [() => validate.crossValidate(build, table, data.createSchema(table, { target: 'infection', features: CGD_FEATURES }), { scheme: 'loso' as never }), /scheme must be one of 'leave-one-site-out', 'group-kfold', 'stratified-kfold', 'temporal', 'split'/],
    [() => validate.crossValidate(build, table, data.createSchema(table, { target: 'infection', features: CGD_FEATURES }), { scheme: 'stratified-kfold', nSplits: 1 }), /nSplits must be an integer ≥ 2/],
  ];
  for (const [fn, re] of checks) {
    assert.throws(fn, (e: unknown) => e instanceof ValueError && re.test(e.message) && !/LeaveOneGroupOut|GroupKFold:|domainClassifier|leaveOneSiteOut:/.test(e.message), String(re));
  }
});

test("'stratified-kfold' lowers its folds to the rarer outcome's rows and refuses a single-row outcome by the target's name", async () => {
  const table = await data.readCsv(CGD);
  const schema = data.createSchema(table, { target: 'infection', features: CGD_FEATURES });
  const y = data.binaryTarget(table, schema);
  const events = Array.from(y).map((v, i) => (v === 1 ? i : -1)).filter((i) => i >= 0);
  const rows = [...Array.from(y).map((v, i) => (v === 0 ? i : -1)).filter((i) => i >= 0), ...events.slice(0, 3)];
  const few = table.select(rows);
  const r = validate.crossValidate(build, few, data.createSchema(few, { target: 'infection', features: CGD_FEATURES }), { ...fast, epochs: 1, scheme: 'stratified-kfold' });
  assert.equal(r.folds.length, 3);
  const single = table.select([...rows.slice(0, 40), events[0]!]);
  assert.throws(
    () => validate.crossValidate(build, single, data.createSchema(single, { target: 'infection', features: CGD_FEATURES }), { scheme: 'stratified-kfold' }),
    (e: unknown) => e instanceof ValueError && /^target 'infection': stratified k-fold needs at least 2 rows of each outcome\. Received: 1 events/.test(e.message),
  );
});

test("'temporal' leaves undated rows out of both sides and phrases its preconditions with the time column", async () => {
  const table = await data.readCsv(GBSG);
  const n = table.nRows;
  // Dates in file order, every tenth row undated.
  const visit = Float64Array.from({ length: n }, (_, i) => (i % 10 === 3 ? NaN : Date.UTC(2000, 0, 1) + i * 86_400_000));
  const dated = table.withColumn('visit', { kind: 'date', values: visit });
  const schema = data.createSchema(dated, { target: 'event5', time: 'visit', features: FEATURES });
  const r = validate.crossValidate(build, dated, schema, { ...fast, epochs: 1, scheme: 'temporal', testSize: 0.2 });
  const nDated = Array.from(visit).filter((v) => !Number.isNaN(v)).length;
  assert.equal(r.folds[0]!.nTest, Math.ceil(0.2 * nDated));
  assert.ok(r.folds[0]!.nTrain < nDated - Math.ceil(0.2 * nDated), 'undated rows and the early-stopping fifth are not fitted on');
  const same = table.withColumn('visit', { kind: 'date', values: new Float64Array(n).fill(Date.UTC(2001, 0, 1)) });
  assert.throws(
    () => validate.crossValidate(build, same, data.createSchema(same, { target: 'event5', time: 'visit', features: FEATURES }), { scheme: 'temporal' }),
    (e: unknown) => e instanceof ValueError && /^time 'visit': the train side is empty/.test(e.message) && !/TemporalSplit:/.test(e.message),
  );
  const none = table.withColumn('visit', { kind: 'date', values: new Float64Array(n).fill(NaN) });
  assert.throws(
    () => validate.crossValidate(build, none, data.createSchema(none, { target: 'event5', time: 'visit', features: FEATURES }), { scheme: 'temporal' }),
    (e: unknown) => e instanceof ValueError && /^time 'visit': temporal validation needs at least 2 dated rows\. Received: 0 of/.test(e.message),
  );
});

test('a fold that leaves fewer than 2 development rows is refused in the user\'s terms', async () => {
  const table = await data.readCsv(CGD);
  const center = table.strings('center');
  // NIH (26 patients) and a single Amsterdam patient: holding NIH out leaves one row.
  const rows = Array.from({ length: table.nRows }, (_, i) => i).filter((i) => center[i] === 'NIH');
  const t = table.select([...rows, center.indexOf('Amsterdam')]);
  const schema = data.createSchema(t, { target: 'infection', site: 'center', features: CGD_FEATURES });
  assert.throws(
    () => validate.leaveOneSiteOut(build, t, schema, fast),
    (e: unknown) => e instanceof ValueError && /^site 'center': holding out NIH leaves 1 labelled row\(s\) to develop a model on/.test(e.message) && !/fitOnRows/.test(e.message),
  );
});
