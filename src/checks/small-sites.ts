/**
 * Small sites (internal to checks/ and validate/): sites with too few rows for per-site statistics
 * are pooled into one labelled group instead of failing or producing noise.
 */
import type { SiteIndex } from './columns.js';

/**
 * Sites with fewer rows than this are pooled into one group, `small sites (n<20)`, by the shift
 * diagnosis, the domain classifier and the cross-validation's per-site evaluation: with fewer
 * rows a site's PSI, KS test and AUC are dominated by noise (PSI's 10 quantile bins hold < 2 rows
 * each) and a 5-fold split cannot put the site in every fold. Documented in docs/findings.md.
 */
export const MIN_SITE_ROWS = 20;

/** The label of the pooled group of sites under `min` rows. */
export function smallSitesLabel(min: number): string {
  return `small sites (n<${min})`;
}

/** Sites after pooling: the new index, which sites were pooled and the group's label. */
export interface PooledSites {
  index: SiteIndex;
  /** Names of the pooled sites, in first-seen order (empty when none). */
  pooled: string[];
  label: string;
}

/**
 * Pool every site with fewer than `min` rows into one group (appended after the other sites). With
 * fewer than 2 small sites the index is returned unchanged: a group of one site would only lose
 * its name.
 */
export function poolSmallSites(sites: SiteIndex, min: number): PooledSites {
  const label = smallSitesLabel(min);
  const small = sites.names.map((_, s) => sites.counts[s]! < min);
  const pooled = sites.names.filter((_, s) => small[s]);
  if (pooled.length < 2) return { index: sites, pooled: [], label };
  const names: string[] = [];
  const remap = new Int32Array(sites.names.length);
  sites.names.forEach((name, s) => {
    if (!small[s]) remap[s] = names.push(name) - 1;
  });
  const group = names.push(label) - 1;
  sites.names.forEach((_, s) => {
    if (small[s]) remap[s] = group;
  });
  const counts = new Int32Array(names.length);
  const ofRow = Int32Array.from(sites.ofRow, (s) => (s < 0 ? -1 : remap[s]!));
  for (const s of ofRow) if (s >= 0) counts[s]!++;
  return { index: { names, ofRow, counts }, pooled, label };
}

/** A list of names for a message: all of them up to `max`, then "… and N more". */
export function listNames(names: readonly string[], max = 8): string {
  const shown = names.slice(0, max).map((n) => `'${n}'`).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
