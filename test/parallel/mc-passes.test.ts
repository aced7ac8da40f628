import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../../src/index.js';
import { countDraws } from '../../src/parallel/mc-passes.js';

test('countDraws: each 32-bit draw counted once, whichever method takes it; NaN once normals are drawn', () => {
  const g = new Generator(3);
  assert.equal(countDraws(g, () => void g.nextUint32()), 1);
  assert.equal(countDraws(g, () => void g.random()), 1);
  assert.equal(countDraws(g, () => g.fillUint32(new Uint32Array(10))), 10);
  assert.equal(countDraws(g, () => g.fillUniform(new Float64Array(5000))), 5000);
  assert.equal(countDraws(g, () => void g.permutation(100)), 99); // one draw per swap (a rejection is ~2⁻²⁵ here)
  assert.ok(Number.isNaN(countDraws(g, () => void g.normal())));
  assert.ok(Number.isNaN(countDraws(g, () => g.fillNormal(new Float64Array(7)))));
  // The counting methods are gone afterwards, and the stream is the one an uncounted generator gives.
  assert.equal(Object.keys(g).some((k) => ['nextUint32', 'fillUint32', 'fillNormal', 'normal'].includes(k)), false);
  const twin = new Generator(3);
  twin.nextUint32(); twin.random(); twin.fillUint32(new Uint32Array(10)); twin.fillUniform(new Float64Array(5000)); twin.permutation(100); twin.normal(); twin.fillNormal(new Float64Array(7));
  assert.equal(g.nextUint32(), twin.nextUint32());
});
