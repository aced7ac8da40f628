// Parity with metafor (scripts/gen-calibration-fixtures.R → test/fixtures/validate/meta-r.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { validate, ValueError } from '../../src/index.js';

interface Fit {
  method: 'REML' | 'DL';
  test: 'knha' | 'z';
  tight: boolean;
  estimate: number;
  se: number;
  ciLb: number;
  ciUb: number;
  tau2: number;
  i2: number;
  q: number;
  piLb: number;
  piUb: number;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/validate/meta-r.json', import.meta.url), 'utf8')) as {
  cases: { name: string; yi: number[]; vi: number[]; fits: Fit[] }[];
};

function close(a: number, b: number, tol: number, what: string): void {
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs metafor ${b}`);
}

test('randomEffects: REML/DL × knha/z equal metafor rma() and predict() to 1e-6 (measured ≤ 4e-13)', () => {
  let checked = 0;
  for (const c of fixture.cases) {
    const studies = c.yi.map((estimate, i) => ({ label: `s${i}`, estimate, variance: c.vi[i]! }));
    for (const f of c.fits) {
      // metafor's default REML stops at a τ² change < 1e-5; the tight fits (threshold 1e-12) are the exact maximum
      if (f.method === 'REML' && !f.tight) continue;
      const r = validate.randomEffects(studies, { method: f.method, test: f.test });
      const what = `${c.name} ${f.method}/${f.test}`;
      close(r.estimate, f.estimate, 1e-9, `${what} estimate`);
      close(r.se, f.se, 1e-9, `${what} se`);
      close(r.ci[0], f.ciLb, 1e-9, `${what} ci.lb`);
      close(r.ci[1], f.ciUb, 1e-9, `${what} ci.ub`);
      close(r.tau2, f.tau2, 1e-9, `${what} tau2`);
      close(r.i2, f.i2, 1e-9, `${what} I2`);
      close(r.q, f.q, 1e-9, `${what} Q`);
      close(r.predictionInterval![0], f.piLb, 1e-9, `${what} pi.lb`);
      close(r.predictionInterval![1], f.piUb, 1e-9, `${what} pi.ub`);
      assert.equal(r.warning?.startsWith('only ') === true, c.yi.length < 5);
      // The narrower-than-normal caution exactly when metafor's knha interval is narrower than its z one.
      const z = c.fits.find((x) => x.method === f.method && x.test === 'z' && x.tight === f.tight);
      if (f.test === 'knha' && z !== undefined) {
        assert.equal(r.warning?.includes('The Hartung–Knapp interval is narrower than the normal one') === true, f.ciUb - f.ciLb < z.ciUb - z.ciLb, `${what} narrower note`);
      }
      if (f.test === 'z') assert.ok(!(r.warning ?? '').includes('Hartung–Knapp'), `${what}: no Hartung–Knapp note under z`);
      checked++;
    }
  }
  assert.ok(checked >= 20);
});

test('randomEffects: metafor with its default control (τ² threshold 1e-5) is within 1e-4 of the exact REML', () => {
  for (const c of fixture.cases) {
    const studies = c.yi.map((estimate, i) => ({ label: `s${i}`, estimate, variance: c.vi[i]! }));
    for (const f of c.fits.filter((x) => x.method === 'REML' && !x.tight)) {
      const r = validate.randomEffects(studies);
      close(r.tau2, f.tau2, 1e-5, `${c.name} tau2 (default metafor control)`);
      close(r.predictionInterval![0], f.piLb, 1e-4, `${c.name} pi.lb (default metafor control)`);
    }
  }
});

test('randomEffects: DL equals the existing randomEffectsMeta (z test) and bad input is a ValueError', () => {
  const studies = [
    { label: 'a', estimate: 0.1, variance: 0.02 },
    { label: 'b', estimate: 0.6, variance: 0.05 },
    { label: 'c', estimate: 0.3, variance: 0.03 },
  ];
  const a = validate.randomEffects(studies, { method: 'DL', test: 'z' });
  const b = validate.randomEffectsMeta(studies);
  close(a.estimate, b.estimate, 1e-15, 'estimate');
  close(a.tau2, b.tau2, 1e-15, 'tau2');
  close(a.i2, b.i2, 1e-15, 'i2');
  assert.throws(() => validate.randomEffects(studies.slice(0, 1)), (e: unknown) => e instanceof ValueError && /at least 2 studies/.test(e.message));
  assert.throws(() => validate.randomEffects(studies, { method: 'PM' as 'DL' }), ValueError);
});

test('randomEffects: sites that agree more closely than their SEs imply get a caution, not a silently narrow interval (QA)', () => {
  // Three tiny sites (logit AUC near 0, SE ~0.9 each): HKSJ's factor s² ≪ 1 shrinks the interval below the normal one.
  const studies = [-0.22, -0.2, 0.0].map((estimate, i) => ({ label: `s${i}`, estimate, variance: 0.8 }));
  const knha = validate.randomEffects(studies);
  const z = validate.randomEffects(studies, { test: 'z' });
  assert.ok(knha.ci[1] - knha.ci[0] < (z.ci[1] - z.ci[0]) / 2, 'the Hartung–Knapp interval is much narrower here');
  assert.match(knha.warning!, /^only 3 sites: .* The Hartung–Knapp interval is narrower than the normal one \(factor s² 0\.0\d\): .*--meta-ci z/);
  assert.equal(z.warning, 'only 3 sites: the between-site variance, its confidence and prediction intervals are unreliable with fewer than 5 (van Leeuwen et al. 2025).');
  // Spread sites (s² > 1): no such caution.
  const spread = validate.randomEffects([-1, 0, 1, 2, 3].map((estimate, i) => ({ label: `s${i}`, estimate, variance: 0.1 })));
  assert.equal(spread.warning, null);
});
