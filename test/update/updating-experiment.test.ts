// update.updatingExperiment: the leave-one-site-out updating experiment on simulated sites where the truth is known.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, manualSeed, update, ValueError } from '../../src/index.js';

/** A site of n patients whose model logits z ~ N(0, 1.5²) and true log-odds a + b·z. */
function site(name: string, n: number, a: number, b: number, seed: number): update.SiteLogits {
  const g = new Generator(seed);
  const logits = Array.from({ length: n }, () => 1.5 * g.normal());
  const y = logits.map((z) => (g.random() < 1 / (1 + Math.exp(-(a + b * z))) ? 1 : 0));
  return { site: name, logits, y };
}

const shifted = [site('s1', 400, 1, 1, 1), site('s2', 400, -0.8, 1, 2), site('s3', 400, 0.6, 1, 3)];

test('a known intercept shift: intercept update brings median CITL from the shift to about 0 at m = 50, leaves slope and AUC as they were', () => {
  const r = update.updatingExperiment(shifted, { sizes: [50], repeats: 20, seed: 0 });
  assert.equal(r.rows.length, 3 * 3, 'three sites × one m × three methods');
  const shifts = { s1: 1, s2: -0.8, s3: 0.6 } as Record<string, number>;
  for (const row of r.rows.filter((x) => x.method === 'intercept')) {
    // The evaluation rows (350) estimate CITL with SE ≈ 0.12; the median of 20 draws is tighter still.
    assert.ok(Math.abs(row.before.citl.median! - shifts[row.site]!) < 0.3, `${row.site}: CITL before ${row.before.citl.median} vs shift ${shifts[row.site]}`);
    // After: CITL ≈ shift − â with â from 50 patients (SE ≈ 0.35); its median over 20 draws is within ±0.3 of 0 (> 3 SE).
    assert.ok(Math.abs(row.after.citl.median!) < 0.3, `${row.site}: median CITL after ${row.after.citl.median}`);
    assert.ok(row.after.absCitl.median! < row.before.absCitl.median!, `${row.site}: |CITL| ${row.before.absCitl.median} → ${row.after.absCitl.median}`);
    assert.ok(Math.abs(row.after.oe.median! - 1) < Math.abs(row.before.oe.median! - 1), `${row.site}: O:E ${row.before.oe.median} → ${row.after.oe.median}`);
    assert.ok(Math.abs(row.after.slope.median! - row.before.slope.median!) < 1e-8, 'a shift of the logits leaves the calibration slope');
    assert.equal(row.after.auc.median, row.before.auc.median, 'a shift of the logits leaves the AUC');
    assert.deepEqual(row.levels, { intercept: 20 });
    assert.equal(row.notEstimable, 0);
    assert.equal(row.nEvaluation, 350);
    assert.ok(row.after.citl.iqr![0] <= row.after.citl.median! && row.after.citl.median! <= row.after.citl.iqr![1]);
  }
  // The same draws serve every method: the model as developed is summarised identically.
  const s1 = r.rows.filter((x) => x.site === 's1');
  assert.deepEqual(s1[0]!.before, s1[2]!.before);
  // The closed test on a shift of 1 logit with 50 patients rejects the original model in most draws.
  const closed = r.rows.find((x) => x.site === 's1' && x.method === 'closed-test')!;
  assert.ok((closed.levels.original ?? 0) <= 5, JSON.stringify(closed.levels));
  assert.deepEqual(r.goal?.methods.find((x) => x.method === 'intercept')?.assessed, ['s1', 's2', 's3']);
});

test('a calibrated model: the closed test keeps the original model in most draws; a slope of 0.5: it picks logistic recalibration at m = 100', () => {
  const calibrated = update.updatingExperiment([site('ok', 500, 0, 1, 11)], { sizes: [100], repeats: 20, seed: 4 });
  const c = calibrated.rows.find((x) => x.method === 'closed-test')!;
  // Type I error 0.05 per draw: 20 draws keep the original at least 15 times unless something is off (P < 0.001).
  assert.ok((c.levels.original ?? 0) >= 15, JSON.stringify(c.levels));
  const steep = update.updatingExperiment([site('steep', 500, 0, 0.5, 12)], { sizes: [100], repeats: 20, seed: 4 });
  const s = steep.rows.find((x) => x.method === 'closed-test')!;
  assert.ok((s.levels.logistic ?? 0) >= 15, JSON.stringify(s.levels));
  const logistic = steep.rows.find((x) => x.method === 'logistic')!;
  assert.ok(Math.abs(logistic.before.slope.median! - 0.5) < 0.15, `slope before ${logistic.before.slope.median}`);
  assert.ok(Math.abs(logistic.after.slope.median! - 1) < 0.3, `slope after logistic recalibration ${logistic.after.slope.median}`);
});

test('determinism: the same seed gives the same table, another seed other draws; without a seed manualSeed governs the draws', () => {
  const a = update.updatingExperiment(shifted, { sizes: [25, 50], repeats: 5, seed: 7 });
  const b = update.updatingExperiment(shifted, { sizes: [25, 50], repeats: 5, seed: 7 });
  assert.deepEqual(a, b);
  const c = update.updatingExperiment(shifted, { sizes: [25, 50], repeats: 5, seed: 8 });
  assert.notDeepEqual(a.rows.map((r) => r.after), c.rows.map((r) => r.after));
  manualSeed(3);
  const g1 = update.updatingExperiment(shifted, { sizes: [50], repeats: 5 });
  manualSeed(3);
  const g2 = update.updatingExperiment(shifted, { sizes: [50], repeats: 5 });
  assert.deepEqual(g1, g2);
  assert.equal(g1.seed, null);
  manualSeed(4);
  const g3 = update.updatingExperiment(shifted, { sizes: [50], repeats: 5 });
  assert.notDeepEqual(g1.rows.map((r) => r.after), g3.rows.map((r) => r.after));
});

test('an m that leaves too few evaluation rows is skipped and says why; draws with one outcome class keep the model and are counted', () => {
  const small = site('small', 60, 0, 1, 5);
  const rare = { site: 'rare', logits: Array.from({ length: 200 }, (_, i) => -3 + i / 100), y: Array.from({ length: 200 }, (_, i) => (i % 67 === 3 ? 1 : 0)) };
  const r = update.updatingExperiment([small, rare], { sizes: [25, 50], repeats: 10, seed: 0, minEvaluationRows: 20 });
  assert.deepEqual(r.skipped, [{ site: 'small', m: 50, reason: '60 patients: m = 50 leaves 10 to evaluate on (< 20)' }]);
  assert.deepEqual([...new Set(r.rows.map((x) => `${x.site} ${x.m}`))], ['small 25', 'rare 25', 'rare 50']);
  // 3 events in 200: 25 drawn hold none with probability ≈ 0.67, so most draws cannot be updated.
  const rare25 = r.rows.find((x) => x.site === 'rare' && x.m === 25 && x.method === 'intercept')!;
  assert.ok(rare25.notEstimable >= 3, `not estimable ${rare25.notEstimable}`);
  assert.equal(rare25.notEstimable + (rare25.levels.intercept ?? 0), 10);
  assert.equal(r.goal?.methods[0]!.assessed.join(), 'rare');
});

test('updatingGoal: a site meets the goal when median |CITL| < 0.2 and median O:E within [0.8, 1.25]', () => {
  const r = update.updatingExperiment(shifted, { sizes: [50], repeats: 20, seed: 0 });
  for (const m of r.goal!.methods) {
    const rows = r.rows.filter((x) => x.method === m.method);
    const expected = rows.filter((x) => x.after.absCitl.median! < 0.2 && x.after.oe.median! >= 0.8 && x.after.oe.median! <= 1.25).map((x) => x.site);
    assert.deepEqual(m.met, expected);
  }
  assert.deepEqual(update.updatingGoal(r.rows, 50, 10, [0, 10]).methods.map((x) => x.met.length), [3, 3, 3], 'loose bounds: every site');
  assert.equal(update.updatingExperiment(shifted, { sizes: [25], repeats: 2, seed: 0 }).goal, null, 'no m = 50: no reading');
});

test('bad input is a ValueError naming the parameter', () => {
  assert.throws(() => update.updatingExperiment(shifted, { sizes: [1] }), (e) => e instanceof ValueError && /sizes must be distinct integers ≥ 2/.test(e.message));
  assert.throws(() => update.updatingExperiment(shifted, { sizes: [50, 50] }), (e) => e instanceof ValueError && /Received: sizes=\[50, 50\]/.test(e.message));
  assert.throws(() => update.updatingExperiment(shifted, { repeats: 0 }), (e) => e instanceof ValueError && /repeats/.test(e.message));
  assert.throws(() => update.updatingExperiment(shifted, { alpha: 1 }), (e) => e instanceof ValueError && /alpha/.test(e.message));
  assert.throws(() => update.updatingExperiment([shifted[0]!, shifted[0]!]), (e) => e instanceof ValueError && /unique/.test(e.message));
  assert.throws(() => update.updatingExperiment([{ site: 'x', logits: [0, Number.NaN], y: [0, 1] }]), (e) => e instanceof ValueError && /finite/.test(e.message));
  assert.throws(() => update.updatingExperiment([{ site: 'x', logits: [0, 1], y: [0, 2] }]), (e) => e instanceof ValueError && /0 or 1/.test(e.message));
  assert.throws(() => update.updatingExperiment([{ site: 'x', logits: [0], y: [0, 1] }]), (e) => e instanceof ValueError && /1 logits and 2 outcomes/.test(e.message));
});

test('prediction sets calibrated on the m drawn patients cover about 1 − α of the rest (exchangeable within a site), also under a shift the sets absorb', () => {
  // Split conformal with n = 100 calibration rows at α = 0.1: coverage per draw ~ Beta(91, 10), median ≈ 0.904, SD ≈ 0.03;
  // the median of 20 draws (each on 300 evaluation rows) lies within ±0.04 of it.
  const r = update.updatingExperiment([site('calibrated', 400, 0, 1, 21), site('shifted', 400, 1.5, 1, 22)], { sizes: [100], repeats: 20, seed: 5, conformalAlpha: 0.1 });
  assert.deepEqual(r.conformal.map((c) => [c.site, c.m, c.alpha, c.coverage.n]), [['calibrated', 100, 0.1, 20], ['shifted', 100, 0.1, 20]]);
  for (const c of r.conformal) {
    assert.ok(Math.abs(c.coverage.median! - 0.904) < 0.04, `${c.site}: coverage ${c.coverage.median}`);
    assert.ok(c.shareBoth.median! > 0 && c.shareBoth.median! < 1, `${c.site}: {0,1} share ${c.shareBoth.median}`);
  }
  // α = 0.3 gives smaller sets (fewer {0,1}) and lower coverage.
  const loose = update.updatingExperiment([site('calibrated', 400, 0, 1, 21)], { sizes: [100], repeats: 20, seed: 5, conformalAlpha: 0.3 });
  assert.ok(loose.conformal[0]!.shareBoth.median! < r.conformal[0]!.shareBoth.median!);
  assert.ok(Math.abs(loose.conformal[0]!.coverage.median! - 0.7) < 0.06, `coverage ${loose.conformal[0]!.coverage.median}`);
  assert.throws(() => update.updatingExperiment(shifted, { conformalAlpha: 0 }), (e) => e instanceof ValueError && /conformalAlpha/.test(e.message));
});
