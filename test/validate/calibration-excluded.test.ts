// A site whose model gives some risks of exactly 0 or 1 (an overfit output layer): CITL and slope are
// estimated on the other rows and the left-out count is reported, as rms::val.prob drops them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, metrics, validate } from '../../src/index.js';

test('risks of exactly 0 or 1 are left out of CITL and slope and counted; the other rows give the same fit as alone', () => {
  const g = new Generator(7);
  const y: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < 300; i++) {
    const x = g.normal();
    const risk = 1 / (1 + Math.exp(-(0.3 + 1.2 * x)));
    y.push(g.random() < risk ? 1 : 0);
    p.push(1 / (1 + Math.exp(-(0.1 + x))));
  }
  const inside = { y: y.slice(), p: p.slice() };
  // five certain rows, as a float32 sigmoid saturates
  y.push(1, 1, 0, 1, 0);
  p.push(1, 1, 1, 0, 0);
  const sites = y.map(() => 'a');
  const r = validate.evaluateCrossSite({ yTrue: y, yProb: p, sites });
  const a = r.sites[0]!;
  assert.equal(a.calibrationExcluded, 5);
  const alone = metrics.logisticCalibration(inside.y, inside.p);
  assert.equal(a.slope, alone.slope);
  assert.equal(a.citl, alone.citl);
  assert.deepEqual(a.slopeCi, alone.slopeCi);
  // without certain risks nothing is counted
  const plain = validate.evaluateCrossSite({ yTrue: inside.y, yProb: inside.p, sites: inside.y.map(() => 'a') });
  assert.equal(plain.sites[0]!.calibrationExcluded, undefined);
  assert.equal(plain.sites[0]!.slope, alone.slope);
});
