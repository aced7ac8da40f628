import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, manualSeed, getGenerator } from '../../src/index.js';

test('Generator: same seed gives the same stream, different seeds differ', () => {
  const a = new Generator(7);
  const b = new Generator(7);
  const c = new Generator(8);
  const sa = Array.from({ length: 5 }, () => a.nextUint32());
  const sb = Array.from({ length: 5 }, () => b.nextUint32());
  const sc = Array.from({ length: 5 }, () => c.nextUint32());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
});

test('Generator: uniform mean and normal moments within seeded tolerance (n = 200,000)', () => {
  const g = new Generator(123);
  const n = 200_000;
  let su = 0;
  let sn = 0;
  let sn2 = 0;
  for (let i = 0; i < n; i++) {
    const u = g.random();
    assert.ok(u >= 0 && u < 1);
    su += u;
    const z = g.normal();
    sn += z;
    sn2 += z * z;
  }
  // Standard errors: uniform mean 0.00065, normal mean 0.0022, normal variance 0.0032; allow ~5 SE.
  assert.ok(Math.abs(su / n - 0.5) < 0.004);
  assert.ok(Math.abs(sn / n) < 0.012);
  assert.ok(Math.abs(sn2 / n - 1) < 0.016);
});

test('Generator: permutation is a permutation; randint stays in range', () => {
  const g = new Generator(1);
  const p = Array.from(g.permutation(100)).sort((x, y) => x - y);
  assert.deepEqual(p, Array.from({ length: 100 }, (_, i) => i));
  for (let i = 0; i < 1000; i++) {
    const r = g.randint(7);
    assert.ok(Number.isInteger(r) && r >= 0 && r < 7);
  }
});

test('manualSeed resets the default generator', () => {
  manualSeed(5);
  const x = getGenerator().random();
  manualSeed(5);
  assert.equal(getGenerator().random(), x);
});

test('Generator: fillNormal gives the values of as many normal() calls and leaves the stream where they do', () => {
  for (const seed of [0, 7, 123456]) {
    for (const [pending, n] of [[false, 0], [false, 1], [false, 800], [true, 1], [true, 2], [true, 801]] as const) {
      const a = new Generator(seed);
      const b = new Generator(seed);
      if (pending) {
        assert.equal(a.normal(), b.normal()); // leaves the second variate pending
      }
      const expected = Array.from({ length: n }, () => a.normal());
      const got = new Float64Array(n);
      b.fillNormal(got);
      assert.deepEqual([...got], expected);
      // The same stream afterwards: a pending variate, the next normals and uniforms.
      assert.deepEqual([a.normal(), a.normal(), a.normal(), a.random()], [b.normal(), b.normal(), b.normal(), b.random()]);
    }
  }
});
