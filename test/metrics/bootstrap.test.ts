import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metrics, Generator } from '../../src/index.js';
import { cases, undefinedMetric, valueError } from './helpers.js';

const c = cases.find((x) => x.name.startsWith('continuous'));
assert.ok(c);
const { y, score } = c;

test('bootstrapCi: reproducible by seed, different across seeds; metric by function or registered name', () => {
  const a = metrics.bootstrapCi('auc', y, score, { nBoot: 300, seed: 7 });
  const b = metrics.bootstrapCi(metrics.rocAucScore, y, score, { nBoot: 300, seed: 7 });
  const other = metrics.bootstrapCi('auc', y, score, { nBoot: 300, seed: 8 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, other);
  assert.equal(a.estimate, metrics.rocAucScore(y, score));
  assert.ok(a.lo < a.estimate && a.estimate < a.hi);
  assert.equal(a.nValid, 300);
  assert.equal(a.nSkipped, 0);
});

test('bootstrapCi: the AUC interval agrees with DeLong within 0.03 on 300 rows (seeded, 1,000 resamples)', () => {
  const boot = metrics.bootstrapCi('auc', y, score, { seed: 3 });
  const dl = metrics.delongCi(y, score);
  assert.ok(Math.abs(boot.lo - dl.lo) < 0.03 && Math.abs(boot.hi - dl.hi) < 0.03, `${JSON.stringify(boot)} vs ${JSON.stringify(dl)}`);
});

test('bootstrapCi: stratified resamples keep both classes; unstratified reports skipped one-class resamples', () => {
  const yy = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const ss = [0.9, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.95];
  const strat = metrics.bootstrapCi('auc', yy, ss, { nBoot: 200, seed: 1 });
  assert.equal(strat.nSkipped, 0);
  const plain = metrics.bootstrapCi('auc', yy, ss, { nBoot: 200, seed: 1, stratified: false });
  // P(no event in 10 draws) = 0.9^10 ≈ 0.35: about 70 of 200 resamples have one class
  assert.ok(plain.nSkipped > 40 && plain.nSkipped < 100, `skipped ${plain.nSkipped}`);
  assert.equal(plain.nValid + plain.nSkipped, 200);
});

test('bootstrapCi: percentile bounds follow numpy linear interpolation of the sorted replicates', () => {
  // a metric whose replicates are known: the mean score of the resample
  const g = new Generator(5);
  const s = Array.from({ length: 50 }, () => g.random());
  const yy = s.map((_, i) => i % 2);
  const replicates: number[] = [];
  const mean = (_y: ArrayLike<number>, v: ArrayLike<number>): number => {
    let t = 0;
    for (let i = 0; i < v.length; i++) t += v[i] as number;
    replicates.push(t / v.length);
    return t / v.length;
  };
  const r = metrics.bootstrapCi(mean, yy, s, { nBoot: 11, level: 0.8, seed: 2 });
  const sorted = replicates.slice(1).sort((a, b) => a - b); // first call is the estimate
  // (11 − 1)·0.1 = 1 and (11 − 1)·0.9 = 9: exact order statistics
  assert.equal(r.lo, sorted[1]);
  assert.equal(r.hi, sorted[9]);
});

test('bootstrapCi: errors for options, unknown metric names and a metric undefined on the data', () => {
  assert.throws(() => metrics.bootstrapCi('auc', y, score, { nBoot: 0 }), valueError(/nBoot must be an integer ≥ 1. Received: nBoot=0/));
  assert.throws(() => metrics.bootstrapCi('auc', y, score, { level: 1 }), valueError(/level must be in \(0, 1\)/));
  assert.throws(() => metrics.bootstrapCi('accuracy', y, score), valueError(/unknown metric 'accuracy'. .*Known metrics: auc \(max\)/));
  assert.throws(() => metrics.bootstrapCi('auc', [0, 0, 0], [0.1, 0.2, 0.3]), undefinedMetric(/ROC AUC is undefined/));
});
