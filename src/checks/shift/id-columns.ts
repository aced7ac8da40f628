import type { Finding } from '../finding.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { idLikeDescription, idLikeFeature } from '../leakage/id-like-feature.js';
import { DEFAULT_LEAKAGE_THRESHOLDS } from '../leakage/thresholds.js';

/**
 * The features that identify rows, as the leakage audit's critical `id-like-feature` finds them
 * (unique per row, or within each site, over ≥ 100 rows or also monotone in row order), told as
 * shift findings: a warning each, saying the column is left out. Ids numbered per hospital have
 * different ranges at every hospital, so comparing them reports numbering as case mix, and a
 * domain classifier separates sites by them.
 * @param table the data.
 * @param schema roles; `site` is the column whose groups may number their own ids.
 */
export function idColumnFindings(table: Table, schema: Schema & { site: string }): Finding[] {
  return idLikeFeature(table, schema, DEFAULT_LEAKAGE_THRESHOLDS)
    .filter((f) => f.severity === 'critical')
    .map((f) => {
      const feature = f.feature!;
      const details = f.details as Parameters<typeof idLikeDescription>[0] & { n: number };
      const what = idLikeDescription(details, schema.site);
      return {
        code: 'id-like-feature' as const,
        severity: 'warning' as const,
        feature,
        message: `'${feature}' is ${what} across ${details.n} rows: it identifies rows (an id, counter or entry time), so its differences between sites are numbering, not case mix. Left out of the shift comparisons and the domain classifier (CLI: --id ${feature} says it is the row identifier; --features lists what to compare).`,
        details: { ...f.details, leftOut: true },
      };
    });
}
