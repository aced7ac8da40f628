import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { modelSelection, ValueError } from '../../src/index.js';
import { assertGroupsDisjoint, assertPartition, casesFor, testFolds } from './helpers.js';

const { LeaveOneGroupOut } = modelSelection;

test('LeaveOneGroupOut: folds equal scikit-learn 1.2.1 in sorted group order (fixtures)', () => {
  for (const c of casesFor('LeaveOneGroupOut')) {
    const groups = c.groups as number[] | string[];
    const logo = new LeaveOneGroupOut();
    assert.equal(logo.getNSplits(undefined, undefined, groups), c.folds.length);
    assert.deepEqual(testFolds(logo.split(c.n, undefined, groups), c.n), c.folds, c.name);
  }
});

test('LeaveOneGroupOut: strings sort by code point like numpy (not by UTF-16 unit)', () => {
  // U+FF21 (fullwidth A) is one UTF-16 unit above the surrogate range; U+1F600 is a surrogate pair.
  const groups = ['\u{1F600}', '\uFF21', 'a'];
  const folds = testFolds(new LeaveOneGroupOut().split(3, undefined, groups), 3);
  assert.deepEqual(folds, [[2], [1], [0]]);
});

test('LeaveOneGroupOut: property: each test fold is exactly one group, partition, groups disjoint', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('cleveland', 'hungary', 'switzerland', 'va', 'x'), { minLength: 2, maxLength: 80 }), (groups) => {
      fc.pre(new Set(groups).size >= 2);
      const folds = testFolds(new LeaveOneGroupOut().split(groups.length, undefined, groups), groups.length);
      assert.equal(folds.length, new Set(groups).size);
      assertPartition(folds, groups.length);
      for (const f of folds) assert.equal(new Set(f.map((i) => groups[i])).size, 1);
      assertGroupsDisjoint(new LeaveOneGroupOut().split(groups.length, undefined, groups), groups);
    }),
    { numRuns: 100, seed: 16 },
  );
});

test('LeaveOneGroupOut: one group, or no groups, is an error', () => {
  assert.throws(
    () => new LeaveOneGroupOut().split(3, undefined, ['a', 'a', 'a']),
    (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE' && /at least 2 distinct groups. Received: 1/.test(e.message),
  );
  assert.throws(() => new LeaveOneGroupOut().getNSplits(), (e: unknown) => e instanceof ValueError && /groups is required/.test(e.message));
});
