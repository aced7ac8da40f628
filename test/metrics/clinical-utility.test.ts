import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { metrics } from '../../src/index.js';
import { assertClose, undefinedMetric, valueError } from './helpers.js';

test('netBenefit: hand computation on 8 rows (Vickers & Elkin 2006; treat when p ≥ t)', () => {
  const y = [1, 1, 0, 1, 0, 0, 0, 1];
  const p = [0.9, 0.6, 0.6, 0.3, 0.25, 0.1, 0.05, 0.2];
  const r = metrics.netBenefit(y, p, { thresholds: [0.1, 0.25, 0.5] });
  // t = 0.10: treated 0.9,0.6,0.6,0.3,0.25,0.1,0.2 → TP 4, FP 3; odds 1/9
  assertClose(r[0]!.model, 4 / 8 - (3 / 8) * (1 / 9), 1e-15, 'model t=0.10');
  assertClose(r[0]!.treatAll, 0.5 - 0.5 * (1 / 9), 1e-15, 'treat-all t=0.10');
  // t = 0.25: treated 0.9,0.6,0.6,0.3,0.25 → TP 3, FP 2; odds 1/3
  assertClose(r[1]!.model, 3 / 8 - (2 / 8) / 3, 1e-15, 'model t=0.25');
  // t = 0.50: treated 0.9,0.6,0.6 → TP 2, FP 1; odds 1
  assertClose(r[2]!.model, 2 / 8 - 1 / 8, 1e-15, 'model t=0.50');
  assertClose(r[2]!.treatAll, 0, 1e-15, 'treat-all t=0.50');
  assert.deepEqual(r.map((x) => x.threshold), [0.1, 0.25, 0.5]);
});

test('netBenefit: default grid 0.05–0.50 step 0.01; thresholds outside (0, 1) are errors', () => {
  const g = metrics.defaultThresholds();
  assert.equal(g.length, 46);
  assert.equal(g[0], 0.05);
  assert.equal(g[45], 0.5);
  assert.equal(metrics.netBenefit([0, 1], [0.2, 0.7]).length, 46);
  assert.throws(() => metrics.netBenefit([0, 1], [0.2, 0.7], { thresholds: [0] }), valueError(/thresholds must be in \(0, 1\)/));
});

test('observedExpected: O/E with the log-scale interval of Riley et al. 2021', () => {
  const y = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0];
  const p = [0.1, 0.2, 0.3, 0.1, 0.1, 0.2, 0.1, 0.1, 0.2, 0.1];
  const r = metrics.observedExpected(y, p);
  assertClose(r.oe, 3 / 1.5, 1e-15, 'oe');
  const se = Math.sqrt((1 - 0.3) / (10 * 0.3));
  assertClose(r.seLog, se, 1e-15, 'se');
  assertClose(r.ci, [2 * Math.exp(-1.959963984540054 * se), 2 * Math.exp(1.959963984540054 * se)], 1e-12, 'ci');
  assert.throws(() => metrics.observedExpected([0, 0], [0.1, 0.2]), undefinedMetric(/both classes/));
});

test('scaledBrierScore: 1 − Brier/(φ(1 − φ))', () => {
  assertClose(metrics.scaledBrierScore([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]), 1 - 0.0375 / 0.25, 1e-15, 'scaled');
  assert.throws(() => metrics.scaledBrierScore([1, 1], [0.5, 0.5]), undefinedMetric(/scaled Brier/));
});

test('validationSampleSize: Riley et al. 2021 worked example (φ = 0.018, C = 0.8, LP ~ N(−5, 2.5²), O/E width 1)', () => {
  const fixture = JSON.parse(readFileSync(new URL('../fixtures/metrics/calibration-r.json', import.meta.url), 'utf8')) as { rileySlopeN: number };
  const r = metrics.validationSampleSize({ prevalence: 0.018, cstatistic: 0.8, lp: { mean: -5, sd: 2.5 }, oeCiWidth: 1 });
  assert.equal(r.oe, 905); // paper and pmvalsampsize
  assert.equal(r.cstatistic, 4252); // paper and pmvalsampsize
  assert.equal(r.slope, Math.ceil(fixture.rileySlopeN)); // 4554: R integrate(); pmvalsampsize simulates (4501 with 1000 draws)
  assert.equal(r.n, 4554);
  assert.equal(r.binding, 'slope');
  assertClose(r.events, 4554 * 0.018, 1e-12, 'events');
});

test('validationSampleSize: observed logits give the slope criterion from their own information; bad input is an error', () => {
  const lp = Array.from({ length: 2001 }, (_, i) => -5 + 2.5 * (i - 1000) / 400);
  const r = metrics.validationSampleSize({ prevalence: 0.2, cstatistic: 0.75, lp: { values: lp } });
  assert.ok(r.slope > 0 && Number.isInteger(r.slope));
  assert.throws(() => metrics.validationSampleSize({ prevalence: 0, cstatistic: 0.8, lp: { mean: 0, sd: 1 } }), valueError(/prevalence must be in \(0, 1\)/));
  assert.throws(() => metrics.validationSampleSize({ prevalence: 0.1, cstatistic: 0.8, lp: { values: [] } }), valueError(/lp.values must not be empty/));
  assert.throws(() => metrics.validationSampleSize({ prevalence: 0.1, cstatistic: 0.8, lp: { values: [0.3, 0.3, 0.3] } }), undefinedMetric(/no spread/));
});
