// Shared checks and fixture access for the splitter tests (not a test file itself).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { modelSelection } from '../../src/index.js';

/** One scikit-learn 1.2.1 case from scripts/gen-splitter-fixtures.py. */
export interface SplitterCase {
  splitter: string;
  name?: string;
  nSplits?: number;
  n: number;
  y?: Array<number | string>;
  groups?: Array<number | string>;
  folds: number[][];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/model-selection/sklearn-splits.json', import.meta.url), 'utf8'),
) as { sklearn: string; cases: SplitterCase[] };

/** The fixture cases of one scikit-learn splitter. */
export function casesFor(splitter: string): SplitterCase[] {
  assert.equal(fixture.sklearn, '1.2.1');
  const cases = fixture.cases.filter((c) => c.splitter === splitter);
  assert.ok(cases.length > 0, `no fixture cases for ${splitter}`);
  return cases;
}

/** Test folds as plain arrays, checking on the way that train is the ascending complement. */
export function testFolds(splits: Iterable<modelSelection.Split>, n: number): number[][] {
  const out: number[][] = [];
  for (const { train, test } of splits) {
    assert.ok(train instanceof Int32Array && test instanceof Int32Array);
    const inTest = new Set(test);
    const expectedTrain = Array.from({ length: n }, (_, i) => i).filter((i) => !inTest.has(i));
    assert.deepEqual(Array.from(train), expectedTrain);
    assert.deepEqual(Array.from(test), [...test].sort((a, b) => a - b));
    out.push(Array.from(test));
  }
  return out;
}

/** Every row appears in exactly one test fold. */
export function assertPartition(folds: number[][], n: number): void {
  const seen = new Int32Array(n);
  for (const f of folds) for (const i of f) seen[i]++;
  assert.ok(seen.every((c) => c === 1), 'every index must be in exactly one test fold');
}

/** No group has rows on both the train and the test side of any split. */
export function assertGroupsDisjoint(splits: Iterable<modelSelection.Split>, groups: ArrayLike<number | string>): void {
  for (const { train, test } of splits) {
    const testGroups = new Set(Array.from(test, (i) => groups[i]));
    for (const i of train) assert.ok(!testGroups.has(groups[i] as number | string), `group ${String(groups[i])} on both sides`);
  }
}
