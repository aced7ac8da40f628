/**
 * Site-level features (internal to detectShift): a feature that holds one value within every site
 * but differs between sites describes the hospital, not the patient (hospital type, region, a
 * per-site protocol). It is reported once, as `site-level-feature`, instead of as a placeholder at
 * each site; the domain classifier leaves it out, since it separates sites by construction.
 */
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { keyLabel, keyValues, type SiteIndex } from '../columns.js';

/** A feature constant within every site. */
export interface SiteLevelFeature {
  feature: string;
  /** Distinct values over the sites. */
  values: number;
  /** Sites with at least 2 non-missing values (those that show it is constant within sites). */
  sites: number;
  /** Value of each such site, for messages (first few). */
  examples: { site: string; value: string }[];
}

/**
 * The features that take a single value within every site with ≥ 2 non-missing values, at least 3
 * such sites, and ≥ 2 distinct values between them.
 */
export function siteLevelFeatures(table: Table, schema: Schema, sites: SiteIndex): SiteLevelFeature[] {
  const out: SiteLevelFeature[] = [];
  const k = sites.names.length;
  for (const feature of schema.features) {
    const v = keyValues(table, feature);
    const first = new Float64Array(k).fill(NaN);
    const count = new Int32Array(k);
    const varies = new Uint8Array(k);
    for (let i = 0; i < v.length; i++) {
      const s = sites.ofRow[i]!;
      const x = v[i]!;
      if (s < 0 || Number.isNaN(x)) continue;
      if (count[s] === 0) first[s] = x;
      else if (x !== first[s]) varies[s] = 1;
      count[s]!++;
    }
    let informative = 0;
    let constantEverywhere = true;
    const distinct = new Set<number>();
    for (let s = 0; s < k; s++) {
      if (count[s]! < 2) continue;
      informative++;
      if (varies[s]) constantEverywhere = false;
      distinct.add(first[s]!);
    }
    if (!constantEverywhere || informative < 3 || distinct.size < 2) continue;
    const examples: { site: string; value: string }[] = [];
    for (let s = 0; s < k && examples.length < 4; s++) if (count[s]! >= 2) examples.push({ site: sites.names[s]!, value: keyLabel(table, feature, first[s]!) });
    out.push({ feature, values: distinct.size, sites: informative, examples });
  }
  return out;
}
