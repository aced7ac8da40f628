import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { recommend } from '../../src/index.js';

// The row count in the recommendation's first note is written without ICU (src/recommend/group-digits.ts);
// the reference is JavaScript's own en-US formatting.
test('the row count in the notes is grouped as toLocaleString("en-US") groups it', () => {
  const sizeNote = (n: number): string => recommend.getRegularisationConfig({ datasetSize: n, architecture: 'mlp' }).notes.find((x) => x.field === 'dropout')!.reason;
  for (const n of [1, 12, 123, 999, 1_000, 4_999, 5_000, 99_999, 100_000, 1_000_000, 12_345_678, Number.MAX_SAFE_INTEGER]) {
    assert.ok(sizeNote(n).startsWith(`${n.toLocaleString('en-US')} rows`), `n=${n}: ${sizeNote(n)}`);
  }
  fc.assert(fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (n) => sizeNote(n).startsWith(`${n.toLocaleString('en-US')} rows `)));
});
