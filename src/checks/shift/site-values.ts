/**
 * A feature's values grouped by site, in the forms the shift statistics need (internal):
 * numeric values sorted per site, categorical counts per site, missing counts, and moments that
 * combine into "all other sites" without another pass.
 */
import type { SiteIndex } from '../columns.js';
import { sortFloat64 } from '../../stats/sort-float64.js';

/** n, mean and sum of squared deviations (M2) of a sample. */
export interface Moments {
  n: number;
  mean: number;
  m2: number;
}

/** Combine moments of disjoint samples (Chan, Golub & LeVeque 1979). */
export function combineMoments(parts: readonly Moments[]): Moments {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const p of parts) {
    if (p.n === 0) continue;
    const total = n + p.n;
    const delta = p.mean - mean;
    mean += (delta * p.n) / total;
    m2 += p.m2 + (delta * delta * n * p.n) / total;
    n = total;
  }
  return { n, mean, m2 };
}

/** Unbiased variance from moments (NaN below 2 values). */
export const varianceOf = (m: Moments): number => (m.n > 1 ? m.m2 / (m.n - 1) : NaN);

/** Numeric values per site, sorted ascending, with per-site missing counts and moments. */
export interface NumericBySite {
  sorted: Float64Array[];
  missing: Int32Array;
  moments: Moments[];
}

/** Split a numeric column by site; rows without a site are dropped. O(n) plus one sort per site. */
export function numericBySite(values: Float64Array, sites: SiteIndex): NumericBySite {
  const k = sites.names.length;
  const observed = new Int32Array(k);
  const missing = new Int32Array(k);
  for (let i = 0; i < values.length; i++) {
    const s = sites.ofRow[i]!;
    if (s < 0) continue;
    if (Number.isNaN(values[i]!)) missing[s]!++;
    else observed[s]!++;
  }
  const sorted = Array.from(observed, (n) => new Float64Array(n));
  const fill = new Int32Array(k);
  for (let i = 0; i < values.length; i++) {
    const s = sites.ofRow[i]!;
    const v = values[i]!;
    if (s < 0 || Number.isNaN(v)) continue;
    sorted[s]![fill[s]!++] = v;
  }
  const moments = sorted.map((x) => {
    let mean = 0;
    for (let i = 0; i < x.length; i++) mean += x[i]!;
    mean /= Math.max(1, x.length);
    let m2 = 0;
    for (let i = 0; i < x.length; i++) m2 += (x[i]! - mean) ** 2;
    return { n: x.length, mean, m2 };
  });
  for (const x of sorted) sortFloat64(x);
  return { sorted, missing, moments };
}

/** Categorical counts per site over the levels present anywhere (missing counted apart). */
export interface CategoricalBySite {
  /** Level keys (codes or numbers), in order of first appearance. */
  levels: number[];
  /** counts[site][level]. */
  counts: Float64Array[];
  missing: Int32Array;
}

/** Count a categorical column's levels per site. */
export function categoricalBySite(values: Float64Array, sites: SiteIndex): CategoricalBySite {
  const k = sites.names.length;
  const levelOf = new Map<number, number>();
  const levels: number[] = [];
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v) || sites.ofRow[i]! < 0) {
      codes[i] = -1;
      continue;
    }
    let c = levelOf.get(v);
    if (c === undefined) {
      c = levels.length;
      levelOf.set(v, c);
      levels.push(v);
    }
    codes[i] = c;
  }
  const counts = Array.from({ length: k }, () => new Float64Array(levels.length));
  const missing = new Int32Array(k);
  for (let i = 0; i < values.length; i++) {
    const s = sites.ofRow[i]!;
    if (s < 0) continue;
    if (codes[i]! < 0) missing[s]!++;
    else counts[s]![codes[i]!]!++;
  }
  return { levels, counts, missing };
}
