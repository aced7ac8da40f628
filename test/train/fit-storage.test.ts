import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clearPool, kernels, poolStats, setPoolLimit } from '../../src/index.js';
import { MODELS, runFit, type FitOutcome } from './fit-storage-models.js';

// fit runs each step in a tidy scope and reuses storage from the pool. These pin that it changes
// no number: the fixture was written by the engine before the pool (see fit-storage-reference.ts).
const fixture = JSON.parse(readFileSync(new URL('./fixtures/fit-storage.json', import.meta.url), 'utf8')) as Record<string, FitOutcome>;
const names = Object.keys(MODELS) as (keyof typeof MODELS)[];

function onTsTier<T>(fn: () => T): T {
  const previous = kernels.setKernels(kernels.loadKernels('ts'));
  try {
    return fn();
  } finally {
    kernels.setKernels(previous);
  }
}

for (const name of names) {
  test(`fit (${name}): losses and weights bit-identical to the engine before the storage pool (ts tier, seed 11)`, () => {
    const got = onTsTier(() => runFit(name));
    assert.deepEqual(got, fixture[name]);
  });
}

test('fit on the active tier: pooled storage gives the same losses and weights as fresh allocation, and the pool is reused', () => {
  clearPool();
  const pooled = names.map((n) => runFit(n));
  const stats = poolStats();
  assert.ok(stats.hits > stats.misses, `steps should reuse storage: ${JSON.stringify(stats)}`);
  assert.ok(stats.bytes <= stats.limit);
  const limit = stats.limit;
  setPoolLimit(0);
  try {
    clearPool();
    const fresh = names.map((n) => runFit(n));
    assert.equal(poolStats().hits, 0);
    assert.deepEqual(pooled, fresh);
  } finally {
    setPoolLimit(limit);
  }
});
