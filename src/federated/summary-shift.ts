// Shift findings from feature summaries: each site's histogram against the other sites' combined.
import type { Finding } from '../checks/finding.js';
import { DEFAULT_SHIFT_THRESHOLDS } from '../checks/shift/thresholds.js';
import { benjaminiHochberg } from '../stats/benjamini-hochberg.js';
import { chiSquareTest } from '../stats/chi-square.js';
import { psiFromCounts } from '../stats/psi.js';
import type { SiteRecord } from './summary-schema.js';

/** Thresholds of summary-based shift findings: the defaults of `checks.detectShift`. */
const T = DEFAULT_SHIFT_THRESHOLDS;

interface Comparison {
  code: 'feature-shift' | 'missingness-shift';
  feature: string;
  site: string;
  pValue: number;
  severity: 'warning' | 'critical' | null;
  message: (pAdj: number) => string;
  details: Record<string, unknown>;
}

/**
 * `feature-shift` and `missingness-shift` findings from site summaries, one site against the
 * others combined, with the thresholds of `checks.detectShift`: numeric features on the site's own
 * merged bins, the other sites' counts read onto them (a merged bin spread evenly over the fixed
 * bins it covers); categorical levels grouped at any site grouped everywhere. Then Pearson's χ²
 * (Benjamini–Hochberg over every test) with PSI ≥ 0.1
 * → warning, PSI ≥ 0.25 and total variation distance ≥ 0.5 → critical; missing rates with a 2 × 2
 * χ² and |Δ| ≥ 0.1 (critical |Δ| ≥ 0.3 and Cohen's h ≥ 2). Where this differs from the row-level
 * tests is documented in docs/cli.md (federated validation).
 * @param records the unsuppressed site records.
 * @example federated.summaryShiftFindings(files.flatMap((f) => f.sites.filter((s): s is federated.SiteRecord => !s.suppressed)));
 */
export function summaryShiftFindings(records: readonly SiteRecord[]): Finding[] {
  if (records.length < 2) return [];
  const comparisons: Comparison[] = [];
  const names = [...new Set(records.flatMap((r) => r.features.map((f) => f.feature)))];
  for (const feature of names) {
    for (const { site, cur, rest } of oneVsRest(records, feature)) {
      const keep = cur.map((c, k) => c + rest[k]! > 0);
      const a = cur.filter((_, k) => keep[k]);
      const b = rest.filter((_, k) => keep[k]);
      const nb = b.reduce((x, y) => x + y, 0);
      if (a.length < 2 || nb === 0) continue;
      const p = chiSquareTest([a, b], { correction: a.length === 2 }).pvalue;
      const psi = psiFromCounts(b, a);
      const na = a.reduce((x, y) => x + y, 0);
      const tvd = a.reduce((x, v, k) => x + Math.abs(v / na - b[k]! / nb), 0) / 2;
      comparisons.push({
        code: 'feature-shift', feature, site, pValue: p,
        severity: psi >= T.psiCritical && tvd >= T.distanceCritical ? 'critical' : psi >= T.psiWarning ? 'warning' : null,
        message: (pAdj) => `'${feature}' at ${site} differs from the other sites (from summaries: PSI ${psi.toFixed(3)}, χ² on ${a.length} bins, adjusted p ${pAdj.toPrecision(3)}).`,
        details: { psi, tvd, bins: a.length, fromSummaries: true },
      });
    }
    const miss = records.flatMap((r) => {
      const f = r.features.find((x) => x.feature === feature);
      return f === undefined || f.missing === null ? [] : [{ site: r.site, missing: f.missing, n: r.n }];
    });
    if (miss.length < 2) continue;
    for (const m of miss) {
      const others = miss.filter((x) => x !== m);
      const om = others.reduce((a, x) => a + x.missing, 0);
      const on = others.reduce((a, x) => a + x.n, 0);
      if (m.missing + om === 0 || m.missing + om === m.n + on) continue;
      const p = chiSquareTest([[m.missing, m.n - m.missing], [om, on - om]], { correction: true }).pvalue;
      const r1 = m.missing / m.n;
      const r2 = om / on;
      const h = Math.abs(2 * Math.asin(Math.sqrt(r1)) - 2 * Math.asin(Math.sqrt(r2)));
      const d = Math.abs(r1 - r2);
      comparisons.push({
        code: 'missingness-shift', feature, site: m.site, pValue: p,
        severity: d >= T.missingCritical && h >= T.missingHCritical ? 'critical' : d >= T.missingWarning ? 'warning' : null,
        message: (pAdj) => `'${feature}' is missing in ${(100 * r1).toFixed(1)}% of rows at ${m.site} vs ${(100 * r2).toFixed(1)}% at the other sites (from summaries; adjusted p ${pAdj.toPrecision(3)}).`,
        details: { missingRate: r1, missingRateElsewhere: r2, difference: r1 - r2, fromSummaries: true },
      });
    }
  }
  const adjusted = benjaminiHochberg(comparisons.map((c) => c.pValue));
  return comparisons.flatMap((c, i): Finding[] =>
    c.severity !== null && adjusted[i]! <= T.alpha
      ? [{ code: c.code, severity: c.severity, feature: c.feature, site: c.site, message: c.message(adjusted[i]!), details: { ...c.details, pAdjusted: adjusted[i]! } }]
      : [],
  );
}

/** Each site's counts of one feature on its own (merged) bins, with the other sites' counts on the same bins. */
function oneVsRest(records: readonly SiteRecord[], feature: string): { site: string; cur: number[]; rest: number[] }[] {
  const found = records.flatMap((r) => {
    const f = r.features.find((x) => x.feature === feature);
    return f === undefined ? [] : [{ site: r.site, f }];
  });
  const numeric = found.flatMap((x) => (x.f.kind === 'numeric' && x.f.bins.length > 0 ? [{ site: x.site, f: x.f }] : []));
  if (numeric.length >= 2) {
    const edges = numeric[0]!.f.edges.join();
    const same = numeric.filter((x) => x.f.edges.join() === edges);
    if (same.length < 2) return [];
    // Other sites' merged bins are spread evenly over the fixed bins they cover, then read on this
    // site's bins: exact where the other sites kept the same cuts, an approximation where they merged across one.
    const fine = same.map((x) => {
      const out = new Array<number>(x.f.edges.length + 1).fill(0);
      for (const b of x.f.bins) for (let k = b.first; k <= b.last; k++) out[k] = b.count / (b.last - b.first + 1);
      return out;
    });
    return same.map((x, s) => ({
      site: x.site,
      cur: x.f.bins.map((b) => b.count),
      rest: x.f.bins.map((b) => fine.reduce((acc, row, j) => (j === s ? acc : acc + row.slice(b.first, b.last + 1).reduce((u, v) => u + v, 0)), 0)),
    }));
  }
  const cat = found.flatMap((x) => (x.f.kind === 'categorical' && x.f.groups.length > 0 ? [{ site: x.site, f: x.f }] : []));
  if (cat.length < 2) return [];
  // Levels grouped together at any site are grouped everywhere (union–find over level names).
  const parent = new Map<string, string>();
  const find = (l: string): string => {
    let r = l;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  for (const x of cat) for (const g of x.f.groups) for (const l of g.levels) {
    if (!parent.has(l)) parent.set(l, l);
    parent.set(find(l), find(g.levels[0]!));
  }
  const roots = [...new Set([...parent.keys()].map(find))];
  const counts = cat.map((x) => {
    const row = new Array<number>(roots.length).fill(0);
    for (const g of x.f.groups) row[roots.indexOf(find(g.levels[0]!))]! += g.count;
    return row;
  });
  return cat.map((x, s) => ({ site: x.site, cur: counts[s]!, rest: counts[s]!.map((_, k) => counts.reduce((a, row, j) => (j === s ? a : a + row[k]!), 0)) }));
}
