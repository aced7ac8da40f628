import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { modelSelection, ValueError } from '../../src/index.js';
import { assertGroupsDisjoint, assertPartition, casesFor, testFolds } from './helpers.js';

const { StratifiedGroupKFold } = modelSelection;

test('StratifiedGroupKFold: unshuffled folds equal scikit-learn 1.2.1 (fixtures)', () => {
  for (const c of casesFor('StratifiedGroupKFold')) {
    const cv = new StratifiedGroupKFold({ nSplits: c.nSplits as number });
    const y = c.y as number[];
    const groups = c.groups as number[] | string[];
    assert.deepEqual(testFolds(cv.split(c.n, y, groups), c.n), c.folds, c.name);
  }
});

test('StratifiedGroupKFold: property: partition and no group on both sides (shuffled or not), or a clear error', () => {
  const data = fc.record({
    k: fc.integer({ min: 2, max: 5 }),
    rows: fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 1 })), { minLength: 1, maxLength: 120 }),
    shuffle: fc.boolean(),
    seed: fc.integer(),
  });
  fc.assert(
    fc.property(data, ({ k, rows, shuffle, seed }) => {
      const groups = rows.map((r) => r[0]);
      const y = rows.map((r) => r[1]);
      const cv = shuffle ? new StratifiedGroupKFold({ nSplits: k, shuffle, randomState: seed }) : new StratifiedGroupKFold({ nSplits: k });
      const counts = [0, 1].map((c) => y.filter((v) => v === c).length).filter((c) => c > 0);
      if (k > rows.length || k > new Set(groups).size || counts.some((c) => c < k)) {
        assert.throws(() => cv.split(rows.length, y, groups), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
        return;
      }
      const folds = testFolds(cv.split(rows.length, y, groups), rows.length);
      assertPartition(folds, rows.length);
      assertGroupsDisjoint(cv.split(rows.length, y, groups), groups);
    }),
    { numRuns: 150, seed: 15 },
  );
});

test('StratifiedGroupKFold: errors when nSplits exceeds groups or a class count (scikit-learn would warn)', () => {
  const isValue = (re: RegExp) => (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && re.test(e.message);
  const cv = new StratifiedGroupKFold({ nSplits: 3 });
  assert.throws(() => cv.split(4, [0, 1, 0, 1], ['a', 'a', 'b', 'b']), isValue(/number of distinct groups \(2\)\. Received: nSplits=3/));
  assert.throws(() => cv.split(6, [0, 0, 0, 0, 1, 1], ['a', 'b', 'c', 'd', 'e', 'f']), isValue(/class 1 has 2 members/));
  assert.throws(() => cv.split(6, [0, 0, 0, 1, 1, 1]), isValue(/groups is required/));
});
