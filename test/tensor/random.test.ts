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
    for (const [pending, n] of [[false, 0], [false, 1], [false, 800], [true, 1], [true, 2], [true, 801], [false, 9001], [true, 9000]] as const) {
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

/** Fisher–Yates as randint defines it: position i swaps with the first draw below 2³² − (2³² mod (i + 1)), modulo i + 1. */
function referenceShuffle(values: number[], draw: () => number): number[] {
  const a = values.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const m = i + 1;
    let x = draw();
    while (x >= 4294967296 - (4294967296 % m)) x = draw();
    const j = x % m;
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

test('Generator: shuffle and permutation make the swaps randint defines and the draws it makes, for every n', () => {
  for (const seed of [0, 7, 12345]) {
    for (const n of [0, 1, 2, 3, 10, 4095, 4096, 4097, 9000]) {
      const g = new Generator(seed);
      const twin = new Generator(seed);
      const values = Array.from({ length: n }, (_, i) => i);
      assert.deepEqual([...g.permutation(n)], referenceShuffle(values, () => twin.nextUint32()), `seed ${seed}, n ${n}`);
      assert.equal(g.nextUint32(), twin.nextUint32(), `seed ${seed}, n ${n}: the stream continues where randint would leave it`);
      const words = values.map((v) => v * 3);
      assert.deepEqual(g.shuffle(words.slice()), referenceShuffle(words, () => twin.nextUint32()));
    }
  }
});

test('Generator: shuffle rejects a draw at or above the largest multiple of i + 1 within 2³² and takes the next one (scripted draws)', () => {
  // Draws chosen at the edges: 2³² − 1 and m·⌊2³²/m⌋ are rejected for these m, m·⌊2³²/m⌋ − 1 and 0 are not.
  const script = [4294967295, 4294967294, 0, 4294967295, 4294967295, 5, 4294967292, 4294967291, 1, 2, 3, 4294967290, 7, 8, 9];
  class Scripted extends Generator {
    private at = 0;
    override fillUint32(out: Uint32Array, n = out.length): void {
      for (let i = 0; i < n; i++) out[i] = script[this.at++ % script.length]!;
    }
    override nextUint32(): number {
      return script[this.at++ % script.length]!;
    }
  }
  for (const n of [2, 3, 5, 6, 9]) {
    const values = Array.from({ length: n }, (_, i) => i);
    let k = 0;
    assert.deepEqual(new Scripted(0).shuffle(values.slice()), referenceShuffle(values, () => script[k++ % script.length]!), `n ${n}`);
  }
});

test('Generator: fillUniform gives the values of as many random() calls, in chunks of any size, and leaves the stream where they do', () => {
  for (const seed of [0, 7]) {
    for (const n of [0, 1, 4096, 4097, 9000]) {
      const a = new Generator(seed);
      const b = new Generator(seed);
      const expected = Array.from({ length: n }, () => a.random());
      const got = new Float64Array(n);
      b.fillUniform(got);
      assert.deepEqual([...got], expected);
      assert.equal(b.nextUint32(), a.nextUint32());
    }
  }
});
