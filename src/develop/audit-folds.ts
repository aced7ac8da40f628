import { rowsWithTarget } from '../data/binary-target.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import { GroupKFold } from '../model-selection/group-kfold.js';
import { LeaveOneGroupOut } from '../model-selection/leave-one-group-out.js';
import type { ChosenScheme } from './scheme.js';

/** The folds a leakage audit checks, with how they were made (for messages). */
export interface AuditFolds {
  /** Train/test row indices per fold; absent when the audit checks no split (no site column, one site, or a split column). */
  folds?: { train: Int32Array; test: Int32Array }[];
  /** 'split-column', 'leave-one-site-out', 'site-grouped-kfold' or 'none'. */
  kind: 'split-column' | 'leave-one-site-out' | 'site-grouped-kfold' | 'none';
  /** Number of site groups for site-grouped k-fold (≤ 5), else the number of folds (0 for none). */
  k: number;
}

/**
 * The split a leakage audit checks, the one the validation holds out: the schema's split column
 * (the audit reads it itself), else the site folds — each site in turn, or for site-grouped k-fold
 * (many small sites, `scheme.groupBySite`) crossValidate's GroupKFold by site over the labelled rows
 * (5 folds, its default) — else none. `developModel`, `clinreg audit` and `sweep.planSweep` all audit
 * these folds (auditing 200 one-site folds under a 5-fold validation reported duplicates 'in 4 of 200 folds').
 * @param table the data. @param schema its roles. @param scheme what `chooseScheme` picked for them.
 * @example const { folds } = develop.leakageAuditFolds(table, schema, develop.chooseScheme(schema, 'auto', siteRows));
 */
export function leakageAuditFolds(table: Table, schema: Schema, scheme: ChosenScheme): AuditFolds {
  if (schema.split !== undefined) return { kind: 'split-column', k: 0 };
  if (schema.site === undefined) return { kind: 'none', k: 0 };
  const groups = table.strings(schema.site).map((s) => s ?? '');
  if (new Set(groups).size < 2) return { kind: 'none', k: 0 };
  if (scheme.groupBySite === true) {
    const rows = rowsWithTarget(table, schema);
    const labelled = Array.from(rows, (r) => groups[r]!);
    const k = Math.min(5, new Set(labelled).size);
    if (k < 2) return { kind: 'none', k: 0 };
    const folds = [...new GroupKFold({ nSplits: k }).split(rows.length, undefined, labelled)].map((f) => ({
      train: Int32Array.from(f.train, (i) => rows[i]!),
      test: Int32Array.from(f.test, (i) => rows[i]!),
    }));
    return { folds, kind: 'site-grouped-kfold', k };
  }
  const folds = [...new LeaveOneGroupOut().split(table.nRows, undefined, groups)];
  return { folds, kind: 'leave-one-site-out', k: folds.length };
}
