// Splitter options are validated at the public boundary (issue #19: "options accepted and ignored"),
// and GroupKFold's shuffle does what scikit-learn ≥ 1.6 does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { manualSeed, modelSelection, ValueError } from '../../src/index.js';
import { assertGroupsDisjoint, assertPartition, testFolds } from './helpers.js';

const { GroupKFold, KFold, StratifiedKFold, StratifiedGroupKFold, LeaveOneGroupOut, TemporalSplit } = modelSelection;

const isValue = (re: RegExp) => (e: unknown): boolean => e instanceof ValueError && e.code === 'E_VALUE' && re.test(e.message);

test('every splitter refuses unknown option keys, naming them and the known ones', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['KFold', () => new KFold({ nsplits: 3 } as never), /^KFold: unknown option 'nsplits'\. Known options: nSplits, shuffle, randomState\./],
    ['StratifiedKFold', () => new StratifiedKFold({ nSplits: 3, seed: 1 } as never), /^StratifiedKFold: unknown option 'seed'/],
    ['GroupKFold', () => new GroupKFold({ nSplits: 3, groups: [1] } as never), /^GroupKFold: unknown option 'groups'/],
    ['StratifiedGroupKFold', () => new StratifiedGroupKFold({ random_state: 0, n_splits: 2 } as never), /^StratifiedGroupKFold: unknown options 'random_state', 'n_splits'/],
    ['LeaveOneGroupOut', () => new LeaveOneGroupOut({ nSplits: 2 } as never), /^LeaveOneGroupOut: unknown option 'nSplits'\. It takes no options\./],
    ['TemporalSplit', () => new TemporalSplit({ testSize: 0.2, shuffle: true } as never), /^TemporalSplit: unknown option 'shuffle'\. Known options: cutoff, testSize, gap\./],
    ['KFold(null)', () => new KFold(null as never), /^KFold: options must be an object\. Received: null/],
    ['GroupKFold(5)', () => new GroupKFold(5 as never), /^GroupKFold: options must be an object\. Received: number/],
  ];
  for (const [name, fn, re] of cases) assert.throws(fn, isValue(re), name);
  // Known keys still work, and no options at all.
  assert.equal(new LeaveOneGroupOut().getNSplits(undefined, undefined, ['a', 'b']), 2);
  assert.equal(new LeaveOneGroupOut({}).getNSplits(undefined, undefined, ['a', 'b']), 2);
  assert.equal(new GroupKFold().nSplits, 5);
});

test('GroupKFold randomState without shuffle is refused, as every k-fold splitter', () => {
  assert.throws(() => new GroupKFold({ randomState: 0 }), isValue(/randomState has no effect when shuffle is false/));
});

const groupsArb = fc.record({
  k: fc.integer({ min: 2, max: 6 }),
  groups: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 6, maxLength: 200 }),
  seed: fc.integer({ min: 0, max: 1000 }),
});

test('GroupKFold shuffle (scikit-learn ≥ 1.6): a partition by group into nSplits folds whose group counts differ by ≤ 1, seeded', () => {
  fc.assert(
    fc.property(groupsArb, ({ k, groups, seed }) => {
      const nGroups = new Set(groups).size;
      fc.pre(nGroups >= k);
      const gkf = new GroupKFold({ nSplits: k, shuffle: true, randomState: seed });
      const folds = testFolds(gkf.split(groups.length, undefined, groups), groups.length);
      assert.equal(folds.length, k);
      assertPartition(folds, groups.length);
      assertGroupsDisjoint(gkf.split(groups.length, undefined, groups), groups);
      // numpy.array_split: the first nGroups % k folds have one more group.
      const perFold = folds.map((f) => new Set(f.map((i) => groups[i])).size);
      const base = Math.floor(nGroups / k);
      assert.deepEqual(perFold, Array.from({ length: k }, (_, f) => base + (f < nGroups % k ? 1 : 0)));
      // Seeded: the same folds on every call and for a new splitter with the same seed.
      assert.deepEqual(testFolds(gkf.split(groups.length, undefined, groups), groups.length), folds);
      assert.deepEqual(testFolds(new GroupKFold({ nSplits: k, shuffle: true, randomState: seed }).split(groups.length, undefined, groups), groups.length), folds);
    }),
    { numRuns: 200, seed: 19 },
  );
});

test('GroupKFold shuffle is not ignored: the folds follow the seed (400 configurations)', () => {
  // The probe: 400 of 400 shuffled configurations gave the unshuffled folds. Here the
  // shuffled folds must differ from the unshuffled ones, and seeds must give different folds.
  let differsFromUnshuffled = 0;
  let differsBetweenSeeds = 0;
  const groups = Array.from({ length: 120 }, (_, i) => `site-${i % 24}`);
  for (let c = 0; c < 400; c++) {
    const k = 2 + (c % 5);
    const plain = testFolds(new GroupKFold({ nSplits: k }).split(120, undefined, groups), 120);
    const a = testFolds(new GroupKFold({ nSplits: k, shuffle: true, randomState: c }).split(120, undefined, groups), 120);
    const b = testFolds(new GroupKFold({ nSplits: k, shuffle: true, randomState: c + 1000 }).split(120, undefined, groups), 120);
    if (JSON.stringify(a) !== JSON.stringify(plain)) differsFromUnshuffled++;
    if (JSON.stringify(a) !== JSON.stringify(b)) differsBetweenSeeds++;
  }
  assert.equal(differsFromUnshuffled, 400);
  assert.equal(differsBetweenSeeds, 400);
});

test('GroupKFold shuffle without randomState draws from the generator manualSeed seeds', () => {
  const groups = Array.from({ length: 60 }, (_, i) => i % 15);
  const run = (): number[][] => testFolds(new GroupKFold({ nSplits: 3, shuffle: true }).split(60, undefined, groups), 60);
  manualSeed(7);
  const a = run();
  manualSeed(7);
  assert.deepEqual(run(), a);
});
