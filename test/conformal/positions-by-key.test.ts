import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionsByKey } from '../../src/conformal/positions-by-key.js';

test('positionsByKey: the positions of each key in order, keys in order of first appearance', () => {
  const m = positionsByKey(['b', 'a', 'b', 'c', 'a', 'b']);
  assert.deepEqual([...m], [['b', [0, 2, 5]], ['a', [1, 4]], ['c', [3]]]);
  assert.deepEqual([...positionsByKey([])], []);
  // 100,000 rows at 5 sites: every row once (the per-row copy this replaced was quadratic).
  const sites = Array.from({ length: 100_000 }, (_, i) => `h${i % 5}`);
  const bySite = positionsByKey(sites);
  assert.deepEqual([...bySite.values()].map((r) => r.length), [20_000, 20_000, 20_000, 20_000, 20_000]);
  assert.equal(bySite.get('h3')![7], 38);
});
