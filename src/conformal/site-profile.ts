// Pure maths, browser-safe (no node: import): the calculator page bundles it to flag patients as `clinreg predict` does.
import * as z from 'zod';
import { ValueError } from '../errors.js';
import type { Table } from '../data/table.js';
import { positionsByKey } from './positions-by-key.js';

/** One development site's feature profile: per-feature mean and SD, and its conformal distance threshold. */
export interface SiteProfile {
  site: string;
  n: number;
  mean: number[];
  sd: number[];
  /** Distance that at most `level` of this site's own rows exceed (conformal quantile). */
  threshold: number;
}

/** Profiles of every development site, for flagging rows unlike all of them. */
export interface SiteProfiles {
  /** Share of a site's exchangeable rows allowed above its threshold. */
  level: number;
  sites: SiteProfile[];
}

/** The model.json metadata key under which site profiles are stored. */
export const SITE_PROFILES_KEY = 'siteProfiles';

const finite = z.number().refine(Number.isFinite);
const profilesSchema = z.object({
  level: z.number().gt(0).lt(1),
  sites: z.array(z.object({
    site: z.string(), n: z.number().int().positive(), mean: z.array(finite).max(1_000_000), sd: z.array(finite).max(1_000_000), threshold: finite,
  }).strict()).min(1).max(100_000),
}).strict();

/** Mean squared standardised distance of row i of x (p columns) to a profile (SD floored at 1e-6). */
function distance(x: ArrayLike<number>, i: number, p: number, mean: readonly number[], sd: readonly number[]): number {
  let d = 0;
  for (let j = 0; j < p; j++) d += ((x[i * p + j]! - mean[j]!) / Math.max(sd[j]!, 1e-6)) ** 2;
  return d / p;
}

/**
 * Per-site profiles of the model's inputs (preprocessed features) for an out-of-distribution flag:
 * for each development site, the mean and SD of every input and the conformal threshold of the
 * distance D(x) = mean_j ((x_j − μ_j)/σ_j)² — the ⌈(n + 1)(1 − level)⌉-th smallest distance of the
 * site's own rows (its largest when the site has fewer than 1/level − 1 rows) — so a new row
 * exchangeable with that site's rows exceeds it with probability ≤ max(level, 1/(n + 1)). Store in model metadata under {@link SITE_PROFILES_KEY}.
 * @param x row-major n × p model inputs. @param p columns. @param sites site of each row.
 * @param level tail share. Default 0.01.
 * @throws ValueError for mismatched shapes or a level outside (0, 1).
 * @example const profiles = conformal.siteProfiles(pre.transform(table, rows), pre.featureNames.length, sites);
 */
export function siteProfiles(x: ArrayLike<number>, p: number, sites: readonly string[], level = 0.01): SiteProfiles {
  if (!(level > 0 && level < 1)) throw new ValueError(`siteProfiles: level must be in (0, 1). Received: level=${level}.`);
  if (!Number.isInteger(p) || p < 1 || x.length !== sites.length * p) {
    throw new ValueError(`siteProfiles: x must be ${sites.length} rows × ${p} columns. Received: x.length=${x.length}.`);
  }
  const bySite = positionsByKey(sites);
  return {
    level,
    sites: [...bySite].map(([site, rows]) => {
      const mean = new Array<number>(p).fill(0);
      const sd = new Array<number>(p).fill(0);
      for (const i of rows) for (let j = 0; j < p; j++) mean[j]! += x[i * p + j]! / rows.length;
      for (const i of rows) for (let j = 0; j < p; j++) sd[j]! += (x[i * p + j]! - mean[j]!) ** 2 / rows.length;
      for (let j = 0; j < p; j++) sd[j] = Math.sqrt(sd[j]!);
      const d = Float64Array.from(rows, (i) => distance(x, i, p, mean, sd)).sort();
      const k = Math.ceil((rows.length + 1) * (1 - level));
      // A site too small for the level (k > n) uses its largest distance: the tail bound is then 1/(n + 1).
      return { site, n: rows.length, mean, sd, threshold: d[Math.min(k, rows.length) - 1]! };
    }),
  };
}

/**
 * Site profiles stored in model metadata, validated (null when the model has none).
 * @throws ValueError when the stored value is malformed.
 */
export function storedSiteProfiles(metadata: Record<string, unknown>): SiteProfiles | null {
  const raw = metadata[SITE_PROFILES_KEY];
  if (raw === undefined) return null;
  const r = profilesSchema.safeParse(raw);
  if (!r.success) throw new ValueError(`storedSiteProfiles: metadata.${SITE_PROFILES_KEY} is malformed at '${r.error.issues[0]!.path.join('.')}': ${r.error.issues[0]!.message}.`);
  return r.data;
}

/**
 * Rows unlike every development site: their distance to each site's profile exceeds that site's
 * conformal threshold. A flagged patient resembles none of the hospitals the model learnt from.
 * @param profiles from {@link siteProfiles}. @param x row-major model inputs (same columns).
 * @returns row indices (0-based) flagged, with the closest site and its distance/threshold ratio.
 * @throws ValueError when x's width does not match the profiles.
 */
export function flagUnlikeSites(profiles: SiteProfiles, x: ArrayLike<number>): { row: number; closestSite: string; ratio: number }[] {
  const p = profiles.sites[0]!.mean.length;
  if (x.length % p !== 0) throw new ValueError(`flagUnlikeSites: x must have ${p} columns per row. Received: x.length=${x.length}.`);
  const n = x.length / p;
  const out: { row: number; closestSite: string; ratio: number }[] = [];
  for (let i = 0; i < n; i++) {
    let best = { site: '', ratio: Infinity };
    for (const s of profiles.sites) {
      const ratio = distance(x, i, p, s.mean, s.sd) / s.threshold;
      if (ratio < best.ratio) best = { site: s.site, ratio };
    }
    if (best.ratio > 1) out.push({ row: i, closestSite: best.site, ratio: best.ratio });
  }
  return out;
}

/**
 * {@link siteProfiles} of a table's rows as a fitted preprocessor turns them into model inputs.
 * @param pre the model's fitted preprocessor. @param table data. @param rows development rows. @param site the site column.
 * @example metadata[conformal.SITE_PROFILES_KEY] = conformal.siteProfilesOfTable(preprocessor, table, rows, 'site');
 */
export function siteProfilesOfTable(
  pre: { transform(table: Table, rows?: ArrayLike<number>): Float32Array; featureNames: readonly string[] }, table: Table, rows: ArrayLike<number>, site: string, level = 0.01,
): SiteProfiles {
  const all = table.strings(site);
  return siteProfiles(pre.transform(table, rows), pre.featureNames.length, Array.from(rows, (r) => all[r] ?? ''), level);
}
