// Parity with R (scripts/gen-calibration-fixtures.R → test/fixtures/metrics/calibration-r.json):
// glm(y ~ offset(qlogis(p))) and glm(y ~ qlogis(p)) coefficients and SEs, lowess(p, y).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { metrics } from '../../src/index.js';
import { assertClose } from './helpers.js';

interface RCase {
  name: string;
  y: number[];
  p: number[];
  citl: number;
  citlSe: number;
  slope: number;
  slopeSe: number;
  slopeIntercept: number;
  slopeInterceptSe: number;
  lowessX: number[];
  lowessY: number[];
  lowess3Y: number[];
  ici: number;
  e50: number;
  e90: number;
  emax: number;
  oe: number;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/metrics/calibration-r.json', import.meta.url), 'utf8')) as { cases: RCase[]; rileySlopeN: number };

test('logisticCalibration: CITL and slope with SEs equal R glm to 1e-8 (measured ≤ 3e-14)', () => {
  assert.ok(fixture.cases.length >= 5);
  for (const c of fixture.cases) {
    const r = metrics.logisticCalibration(c.y, c.p);
    assertClose(r.citl, c.citl, 1e-10, `${c.name} citl`);
    assertClose(r.citlSe, c.citlSe, 1e-10, `${c.name} citlSe`);
    assertClose(r.slope, c.slope, 1e-10, `${c.name} slope`);
    assertClose(r.slopeSe, c.slopeSe, 1e-10, `${c.name} slopeSe`);
    assertClose(r.slopeModelIntercept, c.slopeIntercept, 1e-10, `${c.name} slope-model intercept`);
    assertClose(r.slopeModelInterceptSe, c.slopeInterceptSe, 1e-10, `${c.name} slope-model intercept SE`);
    // Wald interval (R's confint.default)
    assertClose(r.slopeCi, [c.slope - 1.959963984540054 * c.slopeSe, c.slope + 1.959963984540054 * c.slopeSe], 1e-10, `${c.name} slopeCi`);
    assertClose(r.citlCi, [c.citl - 1.959963984540054 * c.citlSe, c.citl + 1.959963984540054 * c.citlSe], 1e-10, `${c.name} citlCi`);
    const old = metrics.calibrationSlopeIntercept(c.y, c.p);
    assert.equal(old.slope, r.slope);
    assert.equal(old.intercept, r.citl);
  }
});

test('logisticCalibration: converges on the gradient — the score at the estimate is ~0', () => {
  const c = fixture.cases[1]!;
  const r = metrics.logisticCalibration(c.y, c.p);
  let g0 = 0;
  let g1 = 0;
  for (let i = 0; i < c.y.length; i++) {
    const x = Math.log(c.p[i]! / (1 - c.p[i]!));
    const mu = 1 / (1 + Math.exp(-(r.slopeModelIntercept + r.slope * x)));
    g0 += c.y[i]! - mu;
    g1 += (c.y[i]! - mu) * x;
  }
  assert.ok(Math.abs(g0) < 1e-10 && Math.abs(g1) < 1e-10, `score ${g0}, ${g1}`);
});

test('lowess: equals R lowess(p, y, iter = 0) and the default iter = 3 to 1e-12 (measured ≤ 6e-15)', () => {
  for (const c of fixture.cases) {
    const r0 = metrics.lowess(c.p, c.y, { iter: 0 });
    assertClose(r0.x, c.lowessX, 0, `${c.name} x`);
    assertClose(r0.y, c.lowessY, 1e-12, `${c.name} lowess iter=0`);
    assertClose(metrics.lowess(c.p, c.y).y, c.lowess3Y, 1e-12, `${c.name} lowess iter=3`);
  }
});

test('flexibleCalibration: ICI/E50/E90/Emax are summaries of |lowess − p| over the rows; curve on the lowess', () => {
  const c = fixture.cases[2]!;
  const r = metrics.flexibleCalibration(c.y, c.p, { band: 'none' });
  const d = c.lowessY.map((v, i) => Math.abs(v - c.lowessX[i]!)).sort((a, b) => a - b);
  assertClose(r.ici, d.reduce((a, b) => a + b, 0) / d.length, 1e-12, 'ici');
  assertClose(r.emax, d[d.length - 1]!, 1e-12, 'emax');
  // R quantile type 7
  const q = (p: number): number => {
    const h = (d.length - 1) * p;
    const lo = Math.floor(h);
    return d[lo]! + (h - lo) * (d[Math.min(lo + 1, d.length - 1)]! - d[lo]!);
  };
  assertClose(r.e50, q(0.5), 1e-12, 'e50');
  assertClose(r.e90, q(0.9), 1e-12, 'e90');
  assert.equal(r.lower, null);
  assertClose(r.predicted[0]!, c.lowessX[0]!, 0, 'grid starts at min p');
  assertClose(r.observed[0]!, c.lowessY[0]!, 1e-12, 'curve at min p');
});

test('flexibleCalibration: seeded bootstrap band brackets the curve and is reproducible', () => {
  const c = fixture.cases[1]!;
  const a = metrics.flexibleCalibration(c.y, c.p, { band: 'bootstrap', nBoot: 60, seed: 3 });
  const b = metrics.flexibleCalibration(c.y, c.p, { band: 'bootstrap', nBoot: 60, seed: 3 });
  assert.deepEqual(a, b);
  let inside = 0;
  a.observed.forEach((o, g) => {
    if (a.lower![g]! <= o && o <= a.upper![g]!) inside++;
  });
  assert.ok(inside >= a.observed.length - 2, `${inside} of ${a.observed.length} grid points inside their band`);
});

test('flexibleCalibration: the analytic band is close to a 400-resample bootstrap band (interior grid points)', () => {
  const c = fixture.cases[4]!; // n = 800
  const an = metrics.flexibleCalibration(c.y, c.p);
  const bs = metrics.flexibleCalibration(c.y, c.p, { band: 'bootstrap', nBoot: 400, seed: 1 });
  assert.equal(an.band, 'analytic');
  const ratios: number[] = [];
  for (let g = 4; g < an.predicted.length - 4; g++) ratios.push((an.upper![g]! - an.lower![g]!) / (bs.upper![g]! - bs.lower![g]!));
  ratios.sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)]!;
  assert.ok(median > 0.6 && median < 1.5, `median width ratio analytic/bootstrap ${median}`);
});

test('flexibleCalibration and observedExpected: ICI, E50, E90, Emax and O:E equal R (mean, quantile type 7, max of |lowess − p|) to 1e-12', () => {
  for (const c of fixture.cases) {
    const r = metrics.flexibleCalibration(c.y, c.p, { band: 'none' });
    assertClose([r.ici, r.e50, r.e90, r.emax], [c.ici, c.e50, c.e90, c.emax], 1e-12, `${c.name} ICI/E50/E90/Emax`);
    assertClose(metrics.observedExpected(c.y, c.p).oe, c.oe, 1e-12, `${c.name} O:E`);
  }
});
