import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checks, data, Generator, metrics, type Finding } from '../../../src/index.js';

/**
 * Sites of `rows` rows each; the outcome is 1 with probability 0.3; the feature `t` is
 * `value(y, site, g)`, and `x` is noise.
 */
function sites(rows: number[], value: (y: number, site: number, g: Generator) => number, seed = 1): { table: data.Table; schema: data.Schema } {
  const g = new Generator(seed);
  const y: number[] = [];
  const t: number[] = [];
  const site: number[] = [];
  rows.forEach((n, s) => {
    for (let i = 0; i < n; i++) {
      const yi = i % 10 < 3 ? 1 : 0;
      y.push(yi);
      t.push(value(yi, s, g));
      site.push(s);
    }
  });
  const table = new data.Table({
    site: { kind: 'categorical', codes: Int32Array.from(site), levels: rows.map((_, s) => `h${s}`) },
    t: { kind: 'numeric', values: Float64Array.from(t) },
    x: { kind: 'numeric', values: Float64Array.from(t, () => g.normal()) },
    y: { kind: 'numeric', values: Float64Array.from(y) },
  });
  return { table, schema: data.createSchema(table, { target: 'y', site: 'site' }) };
}

const proxies = (fs: Finding[]): Finding[] => fs.filter((f) => f.code === 'target-proxy');

test('a follow-up time that gives the outcome away at each site, on scales that differ by site: critical by its sites though no proxy pooled', () => {
  // Events early, non-events late, within each site; site 1 records in weeks, site 0 in days.
  const { table, schema } = sites([300, 300], (y, s, g) => (s === 0 ? (y === 1 ? 100 + 200 * g.random() : 280 + 400 * g.random()) : (y === 1 ? 30 + 40 * g.random() : 60 + 100 * g.random())));
  const { site: _site, ...pooled } = schema;
  assert.deepEqual(proxies(checks.auditLeakage(table, pooled)), [], 'pooled, AUC 0.77: under the warning level');
  const [proxy] = proxies(checks.auditLeakage(table, schema));
  assert.equal(proxy!.severity, 'critical');
  const d = proxy!.details as { auc: number; site: string; siteAuc: number; siteAucLower: number; siteN: number; siteEvents: number };
  assert.equal(d.auc, metrics.rocAucScore(table.numbers('y'), table.numbers('t')), 'the pooled AUC');
  // The site named is the one whose lower bound is highest, with metrics.delongCi's interval.
  const bounds = [0, 1].map((s) => {
    const rows = Array.from({ length: table.nRows }, (_, i) => i).filter((i) => table.numbers('site')[i] === s);
    const ci = metrics.delongCi(rows.map((i) => table.numbers('y')[i]!), rows.map((i) => table.numbers('t')[i]!));
    return { site: `h${s}`, auc: ci.auc, lower: ci.auc >= 0.5 ? ci.lo : 1 - ci.hi };
  });
  const best = bounds[0]!.lower >= bounds[1]!.lower ? bounds[0]! : bounds[1]!;
  assert.deepEqual([d.site, d.siteAuc, d.siteAucLower, d.siteN, d.siteEvents], [best.site, best.auc, best.lower, 300, 90]);
  assert.ok(d.siteAucLower >= 0.95 && Math.max(d.auc, 1 - d.auc) < 0.95, JSON.stringify(d));
  assert.match(proxy!.message, new RegExp(`^'t' alone separates the outcome at site ${best.site} (almost )?perfectly \\(AUC 0\\.0\\d+, i\\.e\\. .* inverted; lower values go with events; lower 95% bound 0\\.9\\d\\d; 90 events in 300 rows\\); over all sites AUC 0\\.23, i\\.e\\. 0\\.77 inverted\\. Check`));
});

test('a small site\'s high AUC by chance is not a leak: its lower bound stays under 0.95; a site under minRows events is not scored', () => {
  // A real but imperfect marker (AUC ≈ 0.86 everywhere): 21 events in 67 rows at the small site.
  const marker = (y: number, _s: number, g: Generator): number => g.normal() + (y === 1 ? 1.5 : 0);
  for (let seed = 1; seed <= 20; seed++) {
    const { table, schema } = sites([67, 400], marker, seed);
    for (const p of proxies(checks.auditLeakage(table, schema))) {
      assert.notEqual(p.severity, 'critical', `seed ${seed}: ${p.message}`);
      assert.equal(p.details?.site, undefined);
    }
  }
  // 19 events at a site that separates perfectly: too few to score it, and pooled the marker is no proxy.
  const { table, schema } = sites([61, 400], (y, s, g) => (s === 0 ? y : marker(0, s, g) * 0.1));
  assert.equal(table.numbers('y').slice(0, 61).reduce((a, b) => a + b, 0), 19);
  assert.deepEqual(proxies(checks.auditLeakage(table, schema)), []);
});
