import type { Finding } from '../finding.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { featureKind, keyValues } from '../columns.js';
import type { LeakageThresholds } from './thresholds.js';

/** Whether the non-missing values are pairwise distinct; stops at the first repeat. */
function allDistinct(values: Float64Array): boolean {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (seen.has(v)) return false;
    seen.add(v);
  }
  return true;
}

/**
 * `id-like-feature`: a feature that identifies rows rather than describing patients.
 * - unique per row: every non-missing value distinct, for a categorical feature or an
 *   integer-valued numeric one (continuous measurements are naturally distinct and not flagged);
 * - monotone in row order: numeric/date values strictly increasing or strictly decreasing down the
 *   file (a row counter or entry timestamp; file order often carries the outcome).
 * Needs `minRows` non-missing values. Warning for one property, critical for both.
 * Details: `uniquePerRow`, `monotone` ('increasing' | 'decreasing' | null), `n`.
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
    const unique = (kind === 'categorical' || integers) && allDistinct(values);
    // Codes of text levels follow first appearance, so their order says nothing.
    const monotone = textLevels ? null : increasing ? 'increasing' : decreasing ? 'decreasing' : null;
    if (!unique && monotone === null) continue;
    const what = [unique ? 'unique per row' : '', monotone !== null ? `${monotone} in row order` : ''].filter((s) => s !== '').join(' and ');
    out.push({
      code: 'id-like-feature',
      severity: unique && monotone !== null ? 'critical' : 'warning',
      feature,
      message: `'${feature}' is ${what} across ${n} rows: it identifies rows (an id, counter or entry time), not patients' condition. Drop it from the features or give it the patient/time role.`,
      details: { uniquePerRow: unique, monotone, n },
    });
  }
  return out;
}
