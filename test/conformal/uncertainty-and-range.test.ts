import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, ValueError, conformal, data, metrics } from '../../src/index.js';

test('uncertaintyErrorAuc: per site, the AUC of SD for |y − p| > 0.5 (= metrics.rocAucScore) and the Spearman correlation', () => {
  const g = new Generator(4);
  const n = 400;
  const sites = Array.from({ length: n }, (_, i) => (i < 200 ? 'informative' : 'useless'));
  const y = new Float64Array(n);
  const p = new Float64Array(n);
  const sd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = g.random() < 0.5 ? 1 : 0;
    const wrong = g.random() < 0.25;
    p[i] = wrong ? 1 - y[i]! * 0.8 - 0.1 : y[i]! * 0.8 + 0.1;
    // Informative site: wrong predictions carry larger SD; useless site: SD is noise.
    sd[i] = sites[i] === 'informative' ? (wrong ? 0.2 : 0.05) + 0.05 * g.random() : g.random() * 0.2;
  }
  const r = conformal.uncertaintyErrorAuc(sd, y, p, sites);
  assert.deepEqual(r.map((x) => x.site), ['all', 'informative', 'useless']);
  const inf = r[1]!;
  const idx = Array.from({ length: 200 }, (_, i) => i);
  const expected = metrics.rocAucScore(idx.map((i) => (Math.abs(y[i]! - p[i]!) > 0.5 ? 1 : 0)), idx.map((i) => sd[i]!));
  assert.equal(inf.auc, expected);
  assert.ok(inf.auc! > 0.95 && inf.spearman! > 0.5, JSON.stringify(r));
  assert.ok(Math.abs(r[2]!.auc! - 0.5) < 0.15, `useless site AUC ${r[2]!.auc}`);
  assert.throws(() => conformal.uncertaintyErrorAuc([0.1], [1, 0], [0.5, 0.5]), ValueError);
  // No error at a site: AUC undefined (null), not a crash.
  assert.equal(conformal.uncertaintyErrorAuc([0.1, 0.2], [1, 0], [0.9, 0.1])[0]!.auc, null);
});

test('mostUncertain: the k largest SDs with their ids, most uncertain first', () => {
  assert.deepEqual(conformal.mostUncertain([0.1, 0.4, Number.NaN, 0.3], 2, ['p1', 'p2', 'p3', 'p4']), [
    { row: 1, id: 'p2', sd: 0.4 }, { row: 3, id: 'p4', sd: 0.3 },
  ]);
  assert.throws(() => conformal.mostUncertain([0.1], 0), ValueError);
});

test('training ranges: numeric min/max and categorical levels; rows outside are flagged with their features; stored form is validated', () => {
  const train = data.fromRows(['age', 'cp', 'chol'], [[40, 'a', 200], [70, 'b', null], [55, 'a', 300]]);
  const ranges = conformal.trainingRanges(train, ['age', 'cp', 'chol']);
  assert.deepEqual(ranges, [
    { feature: 'age', kind: 'numeric', min: 40, max: 70 },
    { feature: 'cp', kind: 'categorical', levels: ['a', 'b'] },
    { feature: 'chol', kind: 'numeric', min: 200, max: 300 },
  ]);
  const fresh = data.fromRows(['age', 'cp', 'chol'], [[50, 'a', 250], [90, 'c', null], [40, 'b', 100]]);
  assert.deepEqual(conformal.flagOutOfRange(fresh, ranges), [
    { row: 1, fileRow: 3, features: ['age', 'cp'] },
    { row: 2, fileRow: 4, features: ['chol'] },
  ]);
  assert.deepEqual(conformal.storedRanges({ [conformal.FEATURE_RANGES_KEY]: JSON.parse(JSON.stringify(ranges)) }), ranges);
  assert.equal(conformal.storedRanges({}), null);
  assert.throws(() => conformal.storedRanges({ featureRanges: [{ feature: 'age', kind: 'numeric', min: 'x', max: 1 }] }), ValueError);
  assert.throws(() => conformal.flagOutOfRange(data.fromRows(['x'], [[1]]), ranges), /feature 'age' is not in the table/);
});
