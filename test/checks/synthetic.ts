// Seeded synthetic multi-site tables for the checks tests (not a test file itself).
import { data, Generator } from '../../src/index.js';

export interface SiteSpec {
  /** Rows at this site. */
  rows: number;
  /** Mean shift of numeric feature f (default 0). */
  shift?: (f: number) => number;
  /** Missing rate of numeric feature f (default 0). */
  missing?: (f: number) => number;
  /** Probability of level 0 of the categorical feature (default 0.5; levels 1 and 2 split the rest). */
  level0?: number;
  /** Replace numeric feature f by this constant at this site. */
  constant?: { feature: number; value: number };
}

/**
 * Sites s0, s1, … with `numeric` i.i.d. N(50 + 10·shift, 10²) features x0…, rounded to 0.1, one
 * categorical feature `cat` (levels a/b/c) and a target `y` unrelated to everything.
 */
export function multiSite(seed: number, sites: SiteSpec[], numeric = 4): { table: data.Table; schema: data.Schema } {
  const g = new Generator(seed);
  const n = sites.reduce((a, s) => a + s.rows, 0);
  const siteCodes = new Int32Array(n);
  let o = 0;
  sites.forEach((s, k) => {
    for (let i = 0; i < s.rows; i++) siteCodes[o++] = k;
  });
  const cols: Record<string, data.Column> = {
    site: { kind: 'categorical', codes: siteCodes, levels: sites.map((_, k) => `s${k}`) },
  };
  for (let f = 0; f < numeric; f++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const s = sites[siteCodes[i]!]!;
      const c = s.constant;
      v[i] = c !== undefined && c.feature === f ? c.value : Math.round((50 + 10 * ((s.shift?.(f) ?? 0) + g.normal())) * 10) / 10;
      if (g.random() < (s.missing?.(f) ?? 0)) v[i] = NaN;
    }
    cols[`x${f}`] = { kind: 'numeric', values: v };
  }
  const cat = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p0 = sites[siteCodes[i]!]!.level0 ?? 0.5;
    const u = g.random();
    cat[i] = u < p0 ? 0 : u < p0 + (1 - p0) / 2 ? 1 : 2;
  }
  cols.cat = { kind: 'categorical', codes: cat, levels: ['a', 'b', 'c'] };
  cols.y = { kind: 'numeric', values: Float64Array.from({ length: n }, () => (g.random() < 0.4 ? 1 : 0)) };
  const table = new data.Table(cols);
  return { table, schema: data.createSchema(table, { target: 'y', site: 'site' }) };
}

/** Row indices of a table whose `column` (categorical) equals `level`. */
export function rowsWhere(table: data.Table, column: string, level: string): number[] {
  const col = table.column(column);
  if (col.kind !== 'categorical') throw new Error(`${column} is not categorical`);
  const code = col.levels.indexOf(level);
  const out: number[] = [];
  for (let i = 0; i < table.nRows; i++) if (col.codes[i] === code) out.push(i);
  return out;
}
