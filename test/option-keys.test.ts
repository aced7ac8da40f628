// No option is accepted and then ignored (issue #19): every option object of the checks, the
// validation functions and the splitters is checked at the public boundary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checks, data, recommend, validate, ValueError } from '../src/index.js';

const table = new data.Table({
  site: { kind: 'categorical', codes: Int32Array.from({ length: 60 }, (_, i) => i % 3), levels: ['a', 'b', 'c'] },
  x: { kind: 'numeric', values: Float64Array.from({ length: 60 }, (_, i) => (i * 7) % 13) },
  y: { kind: 'numeric', values: Float64Array.from({ length: 60 }, (_, i) => (i % 4 === 0 ? 1 : 0)) },
});
const schema = data.createSchema(table, { target: 'y', site: 'site' });
const build = (n: number) => recommend.buildMlp({ nFeatures: n, hiddenSizes: [4] });
const rows = Int32Array.from({ length: 60 }, (_, i) => i);
const y = data.binaryTarget(table, schema, { rows });

test('unknown option keys are a ValueError naming the key and the known options, at every public function', () => {
  const cases: [() => unknown, RegExp][] = [
    [() => checks.detectShift(table, schema, { alfa: 0.1 } as never), /^detectShift: unknown option 'alfa'\. Known options: site, pairwise, maxPairwiseSites, minSiteRows, domainClassifier, compareIdColumns, alpha,/],
    [() => checks.detectShift(table, schema, { domainClassifier: { folds: 3 } } as never), /^detectShift: domainClassifier: unknown option 'folds'\. Known options: nSplits,/],
    [() => checks.domainClassifier(table, schema, { nSplit: 3 } as never), /^domainClassifier: unknown option 'nSplit'/],
    [() => checks.auditLeakage(table, schema, { split: undefined, fold: [] } as never), /^auditLeakage: unknown option 'fold'\. Known options: split, folds, preprocessor, thresholds, seed\./],
    [() => checks.auditLeakage(table, schema, { thresholds: { proxyCritcal: 0.9 } } as never), /^auditLeakage: thresholds: unknown option 'proxyCritcal'/],
    [() => validate.crossValidate(build, table, schema, { schema: 'group-kfold' } as never), /^crossValidate: unknown option 'schema'/],
    [() => validate.crossValidate(build, table, schema, { epochs: 1, earlyStopping: false } as never), /^crossValidate: unknown option 'earlyStopping'/],
    [() => validate.leaveOneSiteOut(build, table, schema, { scheme: 'group-kfold' } as never), /^leaveOneSiteOut: unknown option 'scheme'/],
    [() => validate.fitOnRows(build, table, schema, rows, y, { learningRate: 0.1 } as never), /^fitOnRows: unknown option 'learningRate'\. Known options: epochs, batchSize, lr,/],
    [() => checks.detectShift(table, schema, 5 as never), /^detectShift: options must be an object\. Received: number/],
  ];
  for (const [fn, re] of cases) assert.throws(fn, (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && re.test(e.message), String(re));
});

test('known options still work', () => {
  assert.ok(checks.detectShift(table, schema, { alpha: 0.01, domainClassifier: { nSplits: 3 }, minSiteRows: 5 }).domainAuc !== null);
  assert.ok(Array.isArray(checks.auditLeakage(table, schema, { thresholds: { proxyCritical: 0.99 }, seed: 1 })));
  const r = validate.crossValidate(build, table, schema, { scheme: 'group-kfold', nSplits: 3, epochs: 1, seed: 0, minSiteRows: 5 });
  assert.equal(r.folds.length, 3);
});
