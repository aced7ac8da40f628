import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { modelSelection, ValueError } from '../../src/index.js';
import { assertGroupsDisjoint, assertPartition, casesFor, testFolds } from './helpers.js';

const { GroupKFold } = modelSelection;

test('GroupKFold: folds equal scikit-learn 1.2.1, including numpy argsort tie order (fixtures)', () => {
  for (const c of casesFor('GroupKFold')) {
    const gkf = new GroupKFold({ nSplits: c.nSplits as number });
    const groups = c.groups as number[] | string[];
    assert.deepEqual(testFolds(gkf.split(c.n, undefined, groups), c.n), c.folds, c.name);
  }
});

const grouped = fc.record({
  k: fc.integer({ min: 2, max: 6 }),
  groups: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 150 }),
});

test('GroupKFold: property: partition, a group never on both sides, or a clear error when nSplits > groups', () => {
  fc.assert(
    fc.property(grouped, fc.boolean(), ({ k, groups }, asStrings) => {
      const g = asStrings ? groups.map((v) => `site-${v}`) : groups;
      const nGroups = new Set<number | string>(g).size;
      const gkf = new GroupKFold({ nSplits: k });
      if (k > groups.length || k > nGroups) {
        assert.throws(() => gkf.split(g.length, undefined, g), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
        return;
      }
      const folds = testFolds(gkf.split(g.length, undefined, g), g.length);
      assert.equal(folds.length, k);
      assertPartition(folds, g.length);
      assertGroupsDisjoint(gkf.split(g.length, undefined, g), g);
      assert.ok(folds.every((f) => f.length > 0));
    }),
    { numRuns: 150, seed: 14 },
  );
});

test('GroupKFold: error messages follow the template', () => {
  assert.throws(
    () => new GroupKFold({ nSplits: 5 }).split(6, undefined, ['a', 'a', 'b', 'b', 'c', 'c']),
    (e: unknown) =>
      e instanceof ValueError && e.code === 'E_VALUE' &&
      e.message.startsWith('GroupKFold: nSplits must be ≤ the number of distinct groups (3). Received: nSplits=5.'),
  );
  assert.throws(
    () => new GroupKFold({ nSplits: 2 }).split(4),
    (e: unknown) => e instanceof ValueError && /GroupKFold: groups is required/.test(e.message),
  );
  assert.throws(
    () => new GroupKFold({ nSplits: 2 }).split(4, undefined, ['a', 'b']),
    (e: unknown) => e instanceof ValueError && /groups must have one entry per row of X \(4\)\. Received: 2/.test(e.message),
  );
});
