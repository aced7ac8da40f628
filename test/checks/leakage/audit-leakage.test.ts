import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checks, data, modelSelection, Generator, ValueError, DataError, type Finding } from '../../../src/index.js';

const codes = (fs: Finding[]): string[] => fs.map((f) => `${f.code}:${f.severity}${f.feature !== undefined ? `:${f.feature}` : ''}`);
const DAY = 86_400_000;

/**
 * A clean cohort: patients with 1–3 visits inside their own date block (blocks do not overlap, in
 * patient order), 4 continuous features, one categorical, one binary, a target mildly related to x0.
 * Split: the first 70% of patients (by date) train, the rest test — temporal and grouped.
 */
function cohort(seed: number, patients = 250): { table: data.Table; schema: data.Schema; split: { train: Int32Array; test: Int32Array } } {
  const g = new Generator(seed);
  const pid: number[] = [];
  const time: number[] = [];
  for (let p = 0; p < patients; p++) {
    const visits = 1 + g.randint(3);
    for (let v = 0; v < visits; v++) {
      pid.push(1000 + p);
      time.push(Date.UTC(2020, 0, 1) + (p * 10 + v * 3) * DAY);
    }
  }
  const n = pid.length;
  const cols: Record<string, data.Column> = {
    pid: { kind: 'numeric', values: Float64Array.from(pid) },
    visit: { kind: 'date', values: Float64Array.from(time) },
  };
  const x0 = Float64Array.from({ length: n }, () => g.normal());
  cols.x0 = { kind: 'numeric', values: x0 };
  for (let f = 1; f < 4; f++) cols[`x${f}`] = { kind: 'numeric', values: Float64Array.from({ length: n }, () => 40 + 8 * g.normal()) };
  cols.grade = { kind: 'categorical', codes: Int32Array.from({ length: n }, () => g.randint(4)), levels: ['I', 'II', 'III', 'IV'] };
  cols.smoker = { kind: 'numeric', values: Float64Array.from({ length: n }, () => (g.random() < 0.3 ? 1 : 0)) };
  cols.y = { kind: 'numeric', values: Float64Array.from(x0, (x) => (g.random() < 1 / (1 + Math.exp(-x)) ? 1 : 0)) };
  const table = new data.Table(cols);
  const schema = data.createSchema(table, { target: 'y', patient: 'pid', time: 'visit' });
  const cut = 1000 + Math.floor(patients * 0.7);
  const train: number[] = [];
  const test: number[] = [];
  pid.forEach((p, i) => (p < cut ? train : test).push(i));
  return { table, schema, split: { train: Int32Array.from(train), test: Int32Array.from(test) } };
}

/** Scale numeric columns with statistics of `rows` (standard or min–max). */
function scaled(table: data.Table, names: string[], rows: ArrayLike<number>, how: 'standard' | 'minmax'): data.Table {
  let out = table;
  for (const name of names) {
    const v = table.numbers(name);
    const sub = Array.from(rows, (r) => v[r]!);
    const mean = sub.reduce((a, b) => a + b, 0) / sub.length;
    const sd = Math.sqrt(sub.reduce((a, b) => a + (b - mean) ** 2, 0) / sub.length);
    const lo = Math.min(...sub);
    const hi = Math.max(...sub);
    const values = Float64Array.from(v, (x) => (how === 'standard' ? (x - mean) / sd : (x - lo) / (hi - lo)));
    out = out.withColumn(name, { kind: 'numeric', values });
  }
  return out;
}

test('clean cohort: no finding in 20 seeded repetitions (temporal grouped split, scaling and preprocessor fitted on training rows)', () => {
  // False-positive rate observed: 0 findings over 20 cohorts × 6 features × 6 checks.
  const seen: string[] = [];
  for (let seed = 0; seed < 20; seed++) {
    const { table, schema, split } = cohort(seed);
    const t = scaled(table, ['x1', 'x2'], split.train, 'standard');
    const pre = { fitFingerprint: data.createFingerprint(t, schema.features, split.train) };
    seen.push(...codes(checks.auditLeakage(t, schema, { split, preprocessor: pre })));
  }
  assert.deepEqual(seen, []);
});

test('patient-overlap (critical): the same patient id on both sides, with counts and examples', () => {
  const { table, schema } = cohort(1);
  const folds = [...new modelSelection.KFold({ nSplits: 3, shuffle: true, randomState: 1 }).split(table.nRows)];
  const f = checks.auditLeakage(table, schema, { folds }).filter((x) => x.code === 'patient-overlap');
  assert.equal(f.length, 3);
  assert.deepEqual(f.map((x) => (x.details as { fold: number }).fold), [0, 1, 2]);
  const d = f[0]!.details as { patients: number; trainRows: number; testRows: number; examples: string[] };
  assert.equal(f[0]!.severity, 'critical');
  assert.ok(d.patients > 10 && d.trainRows >= d.patients && d.testRows >= d.patients, JSON.stringify(d));
  assert.match(d.examples[0]!, /^1\d{3}$/);
  const grouped = [...new modelSelection.GroupKFold({ nSplits: 3 }).split(table.nRows, undefined, Array.from(table.numbers('pid')))];
  assert.equal(checks.auditLeakage(table, schema, { folds: grouped }).filter((x) => x.code === 'patient-overlap').length, 0);
});

test('temporal-overlap: warning for test rows dated before the latest training date; critical for a patient\'s future in training', () => {
  const { table, schema, split } = cohort(2);
  // Reverse time: the training period now comes after the test period.
  const reversed = { train: split.test, test: split.train };
  const w = checks.auditLeakage(table, schema, { split: reversed }).filter((x) => x.code === 'temporal-overlap');
  assert.deepEqual(codes(w), ['temporal-overlap:warning']);
  const d = w[0]!.details as { testRowsBefore: number; testRowsDated: number; fraction: number; latestTrainTime: string };
  assert.equal(d.testRowsBefore, d.testRowsDated);
  assert.equal(d.fraction, 1);
  assert.match(d.latestTrainTime, /^\d{4}-\d\d-\d\dT/);
  // Move each test patient's first visit into training, keep later ones in test: fine (past → future).
  // Move a test patient's LAST visit into training while earlier ones stay in test: critical.
  const pid = table.numbers('pid');
  const lastOf = new Map<number, number>();
  const countOf = new Map<number, number>();
  for (const i of split.test) {
    lastOf.set(pid[i]!, i);
    countOf.set(pid[i]!, (countOf.get(pid[i]!) ?? 0) + 1);
  }
  const moved = [...lastOf.entries()].filter(([p]) => countOf.get(p)! > 1).map(([, i]) => i);
  const movedSet = new Set(moved);
  const leaky = { train: Int32Array.from([...split.train, ...moved]), test: split.test.filter((i) => !movedSet.has(i)) };
  const c = checks.auditLeakage(table, schema, { split: leaky }).filter((x) => x.code === 'temporal-overlap');
  assert.deepEqual(codes(c), ['temporal-overlap:warning', 'temporal-overlap:critical']);
  assert.equal((c[1]!.details as { patients: number }).patients, moved.length);
});

test('duplicate-rows: critical from 5% of test rows copied from training, warning below; info without a split', () => {
  const { table, schema, split } = cohort(3);
  const withCopies = (k: number): data.Table => {
    // Overwrite the features of the first k test rows with those of training rows.
    const out: Record<string, data.Column> = {};
    for (const name of table.columnNames) {
      const col = table.column(name);
      if (!schema.features.includes(name)) out[name] = col;
      else if (col.kind === 'categorical') {
        const codes = col.codes.slice();
        for (let j = 0; j < k; j++) codes[split.test[j]!] = codes[split.train[j]!]!;
        out[name] = { kind: 'categorical', codes, levels: col.levels };
      } else {
        const values = col.values.slice();
        for (let j = 0; j < k; j++) values[split.test[j]!] = values[split.train[j]!]!;
        out[name] = { kind: col.kind, values };
      }
    }
    return new data.Table(out);
  };
  const many = checks.auditLeakage(withCopies(20), schema, { split }).filter((x) => x.code === 'duplicate-rows');
  assert.deepEqual(codes(many), ['duplicate-rows:critical']);
  const d = many[0]!.details as { testRowsWithCopy: number; examples: { testRow: number; trainRow: number }[] };
  assert.equal(d.testRowsWithCopy, 20);
  assert.deepEqual(d.examples[0], { testRow: split.test[0], trainRow: split.train[0] });
  assert.deepEqual(codes(checks.auditLeakage(withCopies(2), schema, { split }).filter((x) => x.code === 'duplicate-rows')), ['duplicate-rows:warning']);
  const info = checks.auditLeakage(withCopies(2), schema).filter((x) => x.code === 'duplicate-rows');
  assert.deepEqual(codes(info), ['duplicate-rows:info']);
  assert.equal((info[0]!.details as { duplicateRows: number }).duplicateRows, 2);
  // The same row index on both sides is a copy of itself.
  const overlapping = { train: split.train, test: Int32Array.from([...split.test, split.train[0]!]) };
  const self = checks.auditLeakage(table, schema, { split: overlapping }).filter((x) => x.code === 'duplicate-rows');
  assert.equal((self[0]!.details as { testRowsWithCopy: number }).testRowsWithCopy, 1);
});

test('target-proxy: a noisy copy of the target is critical, a strong predictor a warning, a categorical proxy by level rates', () => {
  const { table, schema } = cohort(4, 400);
  const g = new Generator(9);
  const y = table.numbers('y');
  const t = table
    .withColumn('copy', { kind: 'numeric', values: Float64Array.from(y, (v) => v + 0.25 * g.normal()) })
    .withColumn('strong', { kind: 'numeric', values: Float64Array.from(y, (v) => -v + 0.6 * g.normal()) })
    .withColumn('dx', { kind: 'categorical', codes: Int32Array.from(y, (v) => (g.random() < 0.97 ? v * 2 + g.randint(2) : g.randint(4))), levels: ['n1', 'n2', 'p1', 'p2'] });
  const s = { ...schema, features: [...schema.features, 'copy', 'strong', 'dx'], categorical: [...schema.categorical, 'dx'] };
  const f = checks.auditLeakage(t, s).filter((x) => x.code === 'target-proxy');
  const by = new Map(f.map((x) => [x.feature, x]));
  assert.equal(by.get('copy')?.severity, 'critical');
  const strong = by.get('strong');
  assert.ok(strong !== undefined && strong.severity === 'warning', codes(f).join(', '));
  assert.ok((strong.details as { auc: number }).auc < 0.15, 'negative association reads as 1 − AUC');
  assert.equal(by.get('dx')?.severity, 'critical');
  assert.deepEqual((by.get('dx')!.details as { kind: string }).kind, 'categorical');
  assert.equal(f.length, 3, codes(f).join(', '));
});

test('target-proxy is not fooled by an id (out-of-fold level rates), which is id-like-feature instead', () => {
  const { table, schema } = cohort(5, 300);
  const t = table.withColumn('mrn', { kind: 'categorical', codes: Int32Array.from({ length: table.nRows }, (_, i) => i), levels: Array.from({ length: table.nRows }, (_, i) => `M${(i * 7919) % 100003}`) });
  const s = { ...schema, features: [...schema.features, 'mrn'], categorical: [...schema.categorical, 'mrn'] };
  const f = checks.auditLeakage(t, s);
  assert.deepEqual(codes(f), ['id-like-feature:critical:mrn'], 'distinct in every one of 300 rows: an identifier');
  assert.deepEqual(f[0]!.details, { uniquePerRow: true, monotone: null, n: table.nRows });
});

test('preprocessing-fit-on-all from the data: standardised or min–max scaled over all rows, not over training rows', () => {
  const { table, schema, split } = cohort(6);
  const std = scaled(table, ['x1', 'x2'], Array.from({ length: table.nRows }, (_, i) => i), 'standard');
  const a = checks.auditLeakage(std, schema, { split }).filter((x) => x.code === 'preprocessing-fit-on-all');
  assert.deepEqual(codes(a), ['preprocessing-fit-on-all:warning']);
  assert.deepEqual(a[0]!.details, { standardised: ['x1', 'x2'], minMax: [] });
  const mm = scaled(table, ['x3'], Array.from({ length: table.nRows }, (_, i) => i), 'minmax');
  const b = checks.auditLeakage(mm, schema, { split }).filter((x) => x.code === 'preprocessing-fit-on-all');
  assert.deepEqual(b[0]!.details, { standardised: [], minMax: ['x3'] });
  // The binary 0/1 feature is never mistaken for min–max scaling; train-fitted scaling is silent.
  const onTrain = scaled(table, ['x1', 'x3'], split.train, 'minmax');
  assert.equal(checks.auditLeakage(onTrain, schema, { split }).filter((x) => x.code === 'preprocessing-fit-on-all').length, 0);
});

test('preprocessing-fit-on-all from a fingerprint: critical when the preprocessor saw test rows; duplicates are not proof', () => {
  const { table, schema, split } = cohort(7);
  const all = { fitFingerprint: data.createFingerprint(table, schema.features, undefined) };
  const f = checks.auditLeakage(table, schema, { split, preprocessor: all }).filter((x) => x.code === 'preprocessing-fit-on-all');
  assert.deepEqual(codes(f), ['preprocessing-fit-on-all:critical']);
  const d = f[0]!.details as { testRowsInFit: number; testRows: number; fitRows: number };
  assert.equal(d.testRowsInFit, split.test.length);
  assert.equal(d.fitRows, table.nRows);
  // Fitted on train + a few test rows (e.g. a validation set drawn from test): the count is exact.
  const some = { fitFingerprint: data.createFingerprint(table, schema.features, [...split.train, ...split.test.slice(0, 7)]) };
  const g = checks.auditLeakage(table, schema, { split, preprocessor: some }).find((x) => x.code === 'preprocessing-fit-on-all');
  assert.equal((g?.details as { testRowsInFit: number }).testRowsInFit, 7);
  // Test rows that are copies of training rows are in the fingerprint too, but are not counted.
  const rows = [...split.train, ...split.train.slice(0, 30), ...split.test.slice(30)];
  const copies = table.select(rows);
  const nTrain = split.train.length;
  const copySplit = { train: Int32Array.from({ length: nTrain }, (_, i) => i), test: Int32Array.from({ length: rows.length - nTrain }, (_, i) => nTrain + i) };
  const trainOnly = { fitFingerprint: data.createFingerprint(copies, schema.features, copySplit.train) };
  assert.equal(data.fingerprintOverlap(trainOnly.fitFingerprint, copies, copySplit.test), 30);
  const quiet = checks.auditLeakage(copies, schema, { split: copySplit, preprocessor: trainOnly });
  assert.deepEqual(codes(quiet.filter((x) => x.code === 'preprocessing-fit-on-all')), []);
  // One preprocessor per fold, each fitted on its own training rows: silent.
  const folds = [...new modelSelection.GroupKFold({ nSplits: 3 }).split(table.nRows, undefined, Array.from(table.numbers('pid')))];
  const perFold = folds.map((s) => ({ fitFingerprint: data.createFingerprint(table, schema.features, s.train) }));
  assert.equal(checks.auditLeakage(table, schema, { folds, preprocessor: perFold }).filter((x) => x.code === 'preprocessing-fit-on-all').length, 0);
});

test('preprocessing-fit-on-all with data.StandardScaler: fitted on all rows is caught in its output and by its fingerprint; fitted on training rows is silent', () => {
  const { table, schema, split } = cohort(11);
  const columns = ['x0', 'x1', 'x2', 'x3'];
  const leaky = new data.StandardScaler({ columns }).fit(table);
  const scaledAll = leaky.transform(table);
  // Its output: exactly mean 0 / sd 1 over all rows, not over the training rows.
  const f = checks.auditLeakage(scaledAll, schema, { split }).filter((x) => x.code === 'preprocessing-fit-on-all');
  assert.deepEqual(codes(f), ['preprocessing-fit-on-all:warning']);
  assert.deepEqual((f[0]!.details as { standardised: string[] }).standardised, columns);
  // Its fingerprint hashes the raw values it was fitted on, so it is checked against the raw table.
  const g = checks.auditLeakage(table, schema, { split, preprocessor: leaky });
  assert.deepEqual(codes(g), ['preprocessing-fit-on-all:critical']);
  assert.equal((g[0]!.details as { testRowsInFit: number }).testRowsInFit, split.test.length);
  const honest = new data.StandardScaler({ columns }).fit(table, split.train);
  assert.deepEqual(checks.auditLeakage(honest.transform(table), schema, { split }), []);
  assert.deepEqual(checks.auditLeakage(table, schema, { split, preprocessor: honest }), []);
});

test('id-like-feature: a row counter and a random integer id over ≥ 100 rows are critical, entry times warnings', () => {
  const { table, schema } = cohort(8);
  const n = table.nRows;
  const g = new Generator(3);
  const perm = g.permutation(n);
  const t = table
    .withColumn('row', { kind: 'numeric', values: Float64Array.from({ length: n }, (_, i) => i + 1) })
    .withColumn('mrn', { kind: 'numeric', values: Float64Array.from(perm, (p) => 500000 + p * 13) })
    .withColumn('entered', { kind: 'numeric', values: Float64Array.from({ length: n }, (_, i) => 1e9 - i * 37.5 + g.random()) });
  const s = { ...schema, features: [...schema.features, 'row', 'mrn', 'entered'] };
  const f = checks.auditLeakage(t, s).filter((x) => x.code === 'id-like-feature');
  assert.deepEqual(codes(f), ['id-like-feature:critical:row', 'id-like-feature:critical:mrn', 'id-like-feature:warning:entered']);
  // Below idCriticalRows distinct integers may be a measurement that happens not to repeat: a warning.
  const few = checks.auditLeakage(t, s, { thresholds: { idCriticalRows: n + 1 } }).filter((x) => x.code === 'id-like-feature');
  assert.deepEqual(codes(few), ['id-like-feature:critical:row', 'id-like-feature:warning:mrn', 'id-like-feature:warning:entered']);
  assert.deepEqual((f[2]!.details as { monotone: string }).monotone, 'decreasing');
});

test('split column: train/test text values (case-insensitive), other rows ignored', () => {
  const base = cohort(9);
  const split = base.split;
  const codes_ = new Int32Array(base.table.nRows).fill(-1);
  for (const i of split.train) codes_[i] = 0;
  for (const i of split.test) codes_[i] = 1;
  // A row without a split value is on neither side: give it an early date that would otherwise break the temporal order.
  const visits = base.table.numbers('visit').slice();
  visits[split.test[0]!] = visits[0]!;
  codes_[split.test[0]!] = -1;
  const table = base.table.withColumn('visit', { kind: 'date', values: visits });
  const t = table.withColumn('part', { kind: 'categorical', codes: codes_, levels: ['Train', 'TEST'] });
  const s = data.createSchema(t, { target: 'y', patient: 'pid', time: 'visit', split: 'part' });
  assert.deepEqual(checks.auditLeakage(t, s), []);
  const reversed = t.withColumn('part', { kind: 'categorical', codes: codes_, levels: ['test', 'train'] });
  assert.ok(checks.auditLeakage(reversed, s).some((x) => x.code === 'temporal-overlap'), 'schema.split is used by default');
});

test('auditLeakage validates its inputs (ValueError / DataError with codes)', () => {
  const { table, schema, split } = cohort(10, 40);
  const bad3 = table.withColumn('part', { kind: 'categorical', codes: new Int32Array(table.nRows), levels: ['holdout'] });
  const num = table.withColumn('part', { kind: 'numeric', values: new Float64Array(table.nRows) });
  const pre = { fitFingerprint: data.createFingerprint(table, ['x0'], split.train) };
  const cases: [() => unknown, RegExp][] = [
    [() => checks.auditLeakage(table, schema, { split, folds: [split] }), /either split or folds/],
    [() => checks.auditLeakage(bad3, schema, { split: 'part' }), /only 'train' and 'test'.*'holdout'/],
    [() => checks.auditLeakage(num, schema, { split: 'part' }), /must hold the text values/],
    [() => checks.auditLeakage(table, schema, { split: 'nope' }), /split column 'nope' is not in the table/],
    [() => checks.auditLeakage(table, schema, { split: { train: [0, 1], test: [table.nRows] } as never }), /test\[0\]=/],
    [() => checks.auditLeakage(table, schema, { split: { train: Int32Array.of(0), test: new Int32Array(0) } }), /test must not be empty/],
    [() => checks.auditLeakage(table, schema, { folds: [] }), /folds must not be empty/],
    [() => checks.auditLeakage(table, schema, { preprocessor: pre }), /only be checked against a split/],
    [() => checks.auditLeakage(table, schema, { folds: [split, split], preprocessor: [pre] }), /one per fold \(2\)\. Received: 1/],
    [() => checks.auditLeakage(table, schema, { split, preprocessor: {} as never }), /fitFingerprint/],
    [() => checks.auditLeakage(table, schema, { thresholds: { proxyWarning: 0.99, proxyCritical: 0.9 } }), /proxyCritical must be ≥ proxyWarning/],
    [() => checks.auditLeakage(table, schema, { thresholds: { minRows: 0 } }), /minRows/],
    [() => checks.auditLeakage(table, { ...schema, features: ['x0', 'ghost'] }), /feature 'ghost' is not in the table/],
  ];
  for (const [fn, msg] of cases) {
    assert.throws(fn, (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && msg.test(e.message), String(msg));
  }
  const noTarget = table.withColumn('y', { kind: 'numeric', values: Float64Array.from({ length: table.nRows }, (_, i) => i % 3) });
  assert.throws(() => checks.auditLeakage(noTarget, schema), (e: unknown) => e instanceof DataError && e.code === 'E_DATA');
});

test('id-like-feature on real ids numbered per centre (Rotterdam + GBSG pid): unique within each cohort is critical', async () => {
  const table = await data.readCsv('data/breast-cancer/breast_2cohorts.csv');
  const schema = data.createSchema(table, { target: 'event5', site: 'cohort', exclude: ['rfstime'] });
  const f = checks.auditLeakage(table, schema).filter((x) => x.code === 'id-like-feature');
  assert.deepEqual(codes(f), ['id-like-feature:critical:pid']);
  assert.deepEqual(f[0]!.details, { uniquePerRow: true, monotone: null, n: 3262, perSite: true });
  assert.match(f[0]!.message, /unique within each 'cohort'/);
});
