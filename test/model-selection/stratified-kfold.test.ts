import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { modelSelection, ValueError } from '../../src/index.js';
import { assertPartition, casesFor, testFolds } from './helpers.js';

const { StratifiedKFold } = modelSelection;

test('StratifiedKFold: unshuffled folds equal scikit-learn 1.2.1 (fixtures, numeric and string labels)', () => {
  for (const c of casesFor('StratifiedKFold')) {
    const skf = new StratifiedKFold({ nSplits: c.nSplits as number });
    const y = c.y as number[] | string[];
    assert.deepEqual(testFolds(skf.split(c.n, y), c.n), c.folds, c.name);
  }
});

/** Labels with every class at least k members (so the split is valid). */
const labelled = fc
  .record({ k: fc.integer({ min: 2, max: 6 }), counts: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 4 }), seed: fc.integer() })
  .map(({ k, counts, seed }) => {
    const y: number[] = [];
    counts.forEach((c, label) => {
      for (let i = 0; i < c + k; i++) y.push(label);
    });
    // deterministic interleaving so classes are not in blocks
    let s = seed >>> 0;
    for (let i = y.length - 1; i > 0; i--) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const j = s % (i + 1);
      [y[i], y[j]] = [y[j] as number, y[i] as number];
    }
    return { k, y, seed };
  });

test('StratifiedKFold: property: partition, and each class within one sample of its share in every fold', () => {
  fc.assert(
    fc.property(labelled, fc.boolean(), ({ k, y, seed }, shuffle) => {
      const skf = shuffle ? new StratifiedKFold({ nSplits: k, shuffle, randomState: seed }) : new StratifiedKFold({ nSplits: k });
      const folds = testFolds(skf.split(y.length, y), y.length);
      assertPartition(folds, y.length);
      for (const label of new Set(y)) {
        const total = y.filter((v) => v === label).length;
        for (const f of folds) {
          const inFold = f.filter((i) => y[i] === label).length;
          assert.ok(Math.abs(inFold - total / k) < 1, `class ${label}: ${inFold} in a fold, expected ~${total / k}`);
        }
      }
    }),
    { numRuns: 100, seed: 12 },
  );
});

test('StratifiedKFold: property: a class with fewer members than nSplits is a clear error', () => {
  fc.assert(
    fc.property(fc.integer({ min: 3, max: 8 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 8, max: 30 }), (k, rare, common) => {
      fc.pre(rare < k);
      const y = [...Array(common).fill('no'), ...Array(rare).fill('yes')] as string[];
      assert.throws(
        () => new StratifiedKFold({ nSplits: k }).split(y.length, y),
        (e: unknown) =>
          e instanceof ValueError && e.code === 'E_VALUE' &&
          e.message.includes(`Received: nSplits=${k}, but class 'yes' has ${rare} members`),
      );
    }),
    { numRuns: 50, seed: 13 },
  );
});

test('StratifiedKFold: y is required and must be class labels', () => {
  const isValue = (re: RegExp) => (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && re.test(e.message);
  assert.throws(() => new StratifiedKFold({ nSplits: 2 }).split(4), isValue(/StratifiedKFold: y is required/));
  assert.throws(() => new StratifiedKFold({ nSplits: 2 }).split(4, [0, 1, NaN, 1]), isValue(/y must not contain NaN.*index 2/));
  const mixed = [0, 'a', 0, 'a'] as unknown as string[];
  assert.throws(() => new StratifiedKFold({ nSplits: 2 }).split(4, mixed), isValue(/all numbers or all strings/));
});
