import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { modelSelection, ValueError, Generator } from '../../src/index.js';
import { assertPartition, casesFor, testFolds } from './helpers.js';

const { KFold } = modelSelection;

test('KFold: unshuffled folds equal scikit-learn 1.2.1 (fixtures)', () => {
  for (const c of casesFor('KFold')) {
    const kf = new KFold({ nSplits: c.nSplits as number });
    assert.deepEqual(testFolds(kf.split(c.n), c.n), c.folds, `n=${c.n} k=${c.nSplits}`);
  }
});

test('KFold: defaults to 5 folds and accepts arrays, typed arrays and Tables as X', () => {
  const kf = new KFold();
  assert.equal(kf.getNSplits(), 5);
  assert.equal([...kf.split(new Float64Array(12))].length, 5);
  assert.equal([...kf.split([1, 2, 3, 4, 5])].length, 5);
  assert.equal([...kf.split({ nRows: 7 })].length, 5);
});

test('KFold: property: every index in exactly one test fold, fold sizes differ by at most one', () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 10 }), fc.integer({ min: 0, max: 120 }), fc.boolean(), fc.integer(), (k, extra, shuffle, seed) => {
      const n = k + extra;
      const kf = shuffle ? new KFold({ nSplits: k, shuffle, randomState: seed }) : new KFold({ nSplits: k });
      const folds = testFolds(kf.split(n), n);
      assert.equal(folds.length, k);
      assertPartition(folds, n);
      const sizes = folds.map((f) => f.length);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
    }),
    { numRuns: 100, seed: 11 },
  );
});

test('KFold: shuffle is reproducible per seed, differs between seeds, and accepts a Generator', () => {
  const a = [...new KFold({ nSplits: 3, shuffle: true, randomState: 1 }).split(30)].map((s) => Array.from(s.test));
  const b = [...new KFold({ nSplits: 3, shuffle: true, randomState: 1 }).split(30)].map((s) => Array.from(s.test));
  const c = [...new KFold({ nSplits: 3, shuffle: true, randomState: 2 }).split(30)].map((s) => Array.from(s.test));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  const g = [...new KFold({ nSplits: 3, shuffle: true, randomState: new Generator(1) }).split(30)].map((s) => Array.from(s.test));
  assert.deepEqual(g, a);
});

test('KFold: errors name the class, parameter and fix (class and code asserted)', () => {
  const isValue = (re: RegExp) => (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && re.test(e.message);
  assert.throws(() => new KFold({ nSplits: 1 }), isValue(/KFold: nSplits must be an integer ≥ 2.*nSplits=1/));
  assert.throws(() => new KFold({ nSplits: 2.5 }), isValue(/nSplits=2.5/));
  assert.throws(() => new KFold({ randomState: 3 }), isValue(/randomState has no effect when shuffle is false/));
  // raised at the split() call, not at the first iteration
  assert.throws(() => new KFold({ nSplits: 5 }).split(3), isValue(/nSplits must be ≤ the number of rows \(3\)\. Received: nSplits=5/));
  assert.throws(() => new KFold().split(10, [0, 1]), isValue(/y must have one entry per row of X \(10\)\. Received: 2/));
  assert.throws(() => new KFold().split(-1), isValue(/X must be a row count/));
});
