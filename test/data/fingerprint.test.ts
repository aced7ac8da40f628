import { test } from 'node:test';
import assert from 'node:assert/strict';
import { data, ValueError } from '../../src/index.js';

function sample(): InstanceType<typeof data.Table> {
  return new data.Table({
    age: { kind: 'numeric', values: Float64Array.of(63, 67, 67, NaN, 41, -0) },
    sex: { kind: 'categorical', codes: Int32Array.of(0, 1, 1, -1, 0, 0), levels: ['f', 'm'] },
  });
}

test('rowHashes: deterministic, equal rows hash equal, order follows rows', () => {
  const t = sample();
  const a = data.rowHashes(t, ['age', 'sex']);
  assert.equal(a.length, 6);
  assert.deepEqual(data.rowHashes(t, ['age', 'sex']), a);
  assert.equal(a[1], a[2]);
  assert.notEqual(a[0], a[1]);
  assert.deepEqual([...data.rowHashes(t, ['age', 'sex'], [2, 0])], [a[2], a[0]]);
  // column order matters
  assert.notEqual(data.rowHashes(t, ['sex', 'age'])[0], a[0]);
});

test('rowHashes: stable value (pinned) and kind-independent for numeric-looking levels', () => {
  const num = new data.Table({ x: { kind: 'numeric', values: Float64Array.of(1, 2.5, NaN, 0) } });
  const cat = new data.Table({ x: { kind: 'categorical', codes: Int32Array.of(1, 0, -1, 2), levels: ['2.5', '1', '-0'] } });
  assert.deepEqual(data.rowHashes(cat, ['x']), data.rowHashes(num, ['x']));
  // missing hashes alike, and differently from 0 and from a text level
  const h = data.rowHashes(num, ['x']);
  assert.notEqual(h[2], h[3]);
  const txt = new data.Table({ x: { kind: 'categorical', codes: Int32Array.of(0), levels: ['NA-text'] } });
  assert.ok(!h.includes(data.rowHashes(txt, ['x'])[0]!));
  // pinned so that a change of algorithm (which would invalidate saved model.json fingerprints) is noticed
  assert.deepEqual([...h], [1901905644, 2163679752, 175170828, 695521872]);
});

test('createFingerprint + fingerprintOverlap count fitted rows among the probe rows', () => {
  const t = sample();
  const fp = data.createFingerprint(t, ['age', 'sex'], [0, 1, 3]);
  assert.equal(fp.nRows, 3);
  assert.deepEqual(fp.columns, ['age', 'sex']);
  for (let i = 1; i < fp.hashes.length; i++) assert.ok(fp.hashes[i - 1]! <= fp.hashes[i]!);
  assert.equal(data.fingerprintOverlap(fp, t, [4, 5]), 0);
  // row 2 duplicates row 1, so it counts as seen
  assert.equal(data.fingerprintOverlap(fp, t, [2, 4, 5]), 1);
  assert.equal(data.fingerprintOverlap(fp, t), 4);
});

test('rowHashes: bad rows and columns are ValueError', () => {
  const t = sample();
  assert.throws(() => data.rowHashes(t, ['age'], [6]), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
  assert.throws(() => data.rowHashes(t, ['nope']), (e: unknown) => e instanceof ValueError && e.code === 'E_VALUE');
});
