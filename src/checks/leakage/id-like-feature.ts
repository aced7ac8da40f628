import type { Finding } from '../finding.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { featureKind, keyValues } from '../columns.js';
import type { LeakageThresholds } from './thresholds.js';

/**
 * Whether the non-missing values are pairwise distinct (within each group when `groups` is given:
 * ids numbered per hospital repeat across hospitals); stops at the first repeat.
 */
function allDistinct(values: Float64Array, groups?: Float64Array): boolean {
  const seen = new Map<number, Set<number>>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    const g = groups === undefined ? 0 : groups[i]!;
    let inGroup = seen.get(g);
    if (inGroup === undefined) seen.set(g, (inGroup = new Set<number>()));
    if (inGroup.has(v)) return false;
    inGroup.add(v);
  }
  return true;
}

/**
 * What makes a column an identifier, in words, from an `id-like-feature` finding's details: e.g.
 * "unique within each 'center' and increasing in row order".
 * @param d the finding's `uniquePerRow`, `monotone` and `perSite`. @param site the site column.
 */
export function idLikeDescription(d: { uniquePerRow: boolean; monotone: 'increasing' | 'decreasing' | null; perSite?: boolean }, site?: string): string {
  const unique = d.uniquePerRow ? (d.perSite === true ? `unique within each '${site!}'` : 'unique per row') : '';
  return [unique, d.monotone !== null ? `${d.monotone} in row order` : ''].filter((s) => s !== '').join(' and ');
}

/**
 * `id-like-feature`: a feature that identifies rows rather than describing patients.
 * - unique per row: every non-missing value distinct, for a categorical feature or an
 *   integer-valued numeric one (continuous measurements are naturally distinct and not flagged);
 *   with a site column, distinct within each site is enough (ids numbered per hospital);
 * - monotone in row order: numeric/date values strictly increasing or strictly decreasing down the
 *   file (a row counter or entry timestamp; file order often carries the outcome).
 * Needs `minRows` non-missing values. Critical for both properties, or for unique values over at
 * least `idCriticalRows` rows (a measurement repeats long before then; an identifier never does);
 * warning otherwise. Details: `uniquePerRow`, `monotone` ('increasing' | 'decreasing' | null), `n`,
 * and `perSite: true` when the values are distinct only within each site.
 */
export function idLikeFeature(table: Table, schema: Schema, thresholds: LeakageThresholds): Finding[] {
  const out: Finding[] = [];
  for (const feature of schema.features) {
    const kind = featureKind(table, schema, feature);
    const values = keyValues(table, feature);
    const textLevels = table.column(feature).kind === 'categorical';
    let n = 0;
    let integers = true;
    let increasing = true;
    let decreasing = true;
    let prev = NaN;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      n++;
      if (integers && !Number.isInteger(v)) integers = false;
      if (!Number.isNaN(prev)) {
        if (!(v > prev)) increasing = false;
        if (!(v < prev)) decreasing = false;
      }
      prev = v;
    }
    if (n < thresholds.minRows) continue;
    const candidate = kind === 'categorical' || integers;
    const acrossRows = candidate && allDistinct(values);
    const perSite = candidate && !acrossRows && schema.site !== undefined && allDistinct(values, keyValues(table, schema.site));
    const unique = acrossRows || perSite;
    // Codes of text levels follow first appearance, so their order says nothing.
    const monotone = textLevels ? null : increasing ? 'increasing' : decreasing ? 'decreasing' : null;
    if (!unique && monotone === null) continue;
    const what = idLikeDescription({ uniquePerRow: unique, monotone, ...(perSite ? { perSite: true } : {}) }, schema.site);
    out.push({
      code: 'id-like-feature',
      severity: unique && (monotone !== null || n >= thresholds.idCriticalRows) ? 'critical' : 'warning',
      feature,
      message: `'${feature}' is ${what} across ${n} rows: it identifies rows (an id, counter or entry time), not patients' condition. Drop it from the features or give it the patient/time role (CLI: --exclude ${feature}; --id ${feature} keeps it as the row identifier; --patient or --time give it that role).`,
      details: { uniquePerRow: unique, monotone, n, ...(perSite ? { perSite: true } : {}) },
    });
  }
  return out;
}
