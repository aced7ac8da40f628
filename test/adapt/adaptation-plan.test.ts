import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, ValueError, adapt, data, develop, recommend, validate } from '../../src/index.js';

/** Three sites; the outcome depends on x1 and x2; site c has x1 offset by +2 (a nuisance shift). */
function threeSites(nPerSite: number, seed: number): data.Table {
  const g = new Generator(seed);
  const rows: (string | number)[][] = [];
  for (const site of ['a', 'b', 'c']) {
    for (let i = 0; i < nPerSite; i++) {
      const x1 = g.normal();
      const x2 = g.normal();
      const y = g.random() < 1 / (1 + Math.exp(-(1.5 * x1 - x2))) ? 1 : 0;
      rows.push([site, x1 + (site === 'c' ? 2 : 0), x2, y]);
    }
  }
  return data.fromRows(['site', 'x1', 'x2', 'y'], rows);
}

test('adaptationPlan: none keeps the table; per-site-norm standardises each site; bad method or no site is a ValueError', () => {
  const table = threeSites(60, 1);
  const schema = data.createSchema(table, { target: 'y', site: 'site' });
  assert.equal(adapt.adaptationPlan('none', table, schema).table, table);
  const scaled = adapt.adaptationPlan('per-site-norm', table, schema).table;
  const x1 = scaled.numbers('x1');
  const site = scaled.strings('site');
  for (const s of ['a', 'b', 'c']) {
    const v = Array.from(x1).filter((_, i) => site[i] === s);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    assert.ok(Math.abs(mean) < 1e-9, `site ${s} mean ${mean}`);
  }
  assert.throws(() => adapt.adaptationPlan('mixup' as never, table, schema), ValueError);
  const noSite = data.createSchema(table, { target: 'y', exclude: ['site'] });
  assert.throws(() => adapt.adaptationPlan('dann', table, noSite), (e: unknown) => e instanceof ValueError && /needs a site column/.test(e.message));
});

test('crossValidate adapt dann: every fold trained by DANN with source validation; the label-free choice is reported per fold', () => {
  const table = threeSites(80, 2);
  const schema = data.createSchema(table, { target: 'y', site: 'site' });
  const build = (n: number): ReturnType<typeof recommend.buildMlp> => recommend.buildMlp({ nFeatures: n, hiddenSizes: [8] });
  const r = validate.crossValidate(build, table, schema, { adapt: 'dann', dann: { hiddenSizes: [8], epochs: 8, warmupEpochs: 8, lr: 3e-3 }, seed: 0 });
  assert.equal(r.adaptation!.method, 'dann');
  assert.deepEqual(Object.keys(r.adaptation!.selections).sort(), ['a', 'b', 'c']);
  for (const s of r.crossSite.sites) assert.ok(s.auc! > 0.7, `${s.site} AUC ${s.auc}`);
});

test('adaptationFindings: a site AUC below the baseline CI and a pooled AUC below its CI are adaptation-hurts findings', () => {
  const g = new Generator(5);
  const n = 600;
  const yTrue = new Float64Array(n);
  const good = new Float64Array(n);
  const bad = new Float64Array(n);
  const sites: string[] = [];
  for (let i = 0; i < n; i++) {
    sites.push(i % 3 === 0 ? 'a' : i % 3 === 1 ? 'b' : 'c');
    const x = g.normal();
    yTrue[i] = g.random() < 1 / (1 + Math.exp(-2 * x)) ? 1 : 0;
    good[i] = 1 / (1 + Math.exp(-2 * x));
    // Site a loses its signal under "adaptation"; b and c stay as good.
    bad[i] = sites[i] === 'a' ? g.random() : good[i]!;
  }
  const baseline = validate.evaluateCrossSite({ yTrue, yProb: good, sites });
  const same = adapt.adaptationFindings(baseline, baseline, 'dann');
  assert.deepEqual(same, []);
  const hurt = adapt.adaptationFindings(baseline, validate.evaluateCrossSite({ yTrue, yProb: bad, sites }), 'dann');
  assert.deepEqual(hurt.map((f) => [f.code, f.site ?? 'pooled', f.severity]), [['adaptation-hurts', 'a', 'warning'], ['adaptation-hurts', 'pooled', 'critical']]);
  assert.match(hurt[0]!.message, /dann lowered the AUC at a/);
});

test('develop.developModel adapt: validation with and without adaptation, adaptation-hurts findings in the result', () => {
  const table = threeSites(80, 3);
  const schema = data.createSchema(table, { target: 'y', site: 'site' });
  const r = develop.developModel(table, schema, { adapt: 'per-site-norm', epochs: 5, mcPasses: 2, recalibrate: false });
  assert.equal(r.adaptation!.method, 'per-site-norm');
  assert.deepEqual(r.adaptation!.crossSite.sites.map((s) => s.site).sort(), ['a', 'b', 'c']);
  assert.deepEqual(r.adaptation!.findings, adapt.adaptationFindings(r.validation.crossSite, r.adaptation!.crossSite, 'per-site-norm'));
  for (const f of r.adaptation!.findings) assert.ok(r.findings.includes(f));
  assert.equal(develop.developModel(table, schema, { epochs: 2, mcPasses: 2, recalibrate: false }).adaptation, undefined);
});
