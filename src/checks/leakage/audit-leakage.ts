import { ValueError } from '../../errors.js';
import type { Finding } from '../finding.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import type { Split } from '../../model-selection/base.js';
import { requireColumns } from '../columns.js';
import { checkOptions } from '../../option-keys.js';
import { duplicateRowsAcrossFolds, duplicateRowsAcrossSplit, duplicateRowsCopied, duplicateRowsInTable } from './duplicate-rows.js';
import { idLikeFeature } from './id-like-feature.js';
import { patientAcrossSites } from './patient-across-sites.js';
import { patientOverlap } from './patient-overlap.js';
import { fingerprintFitOnAll, scaledOnAll, scalingFitOnAll, type FittedPreprocessor } from './preprocessing-fit-on-all.js';
import { resolveSplits, type SplitSpec } from './split.js';
import { targetProxy } from './target-proxy.js';
import { mergeFoldWarnings, temporalOverlap } from './temporal-overlap.js';
import { leakageThresholds, type LeakageThresholds } from './thresholds.js';

/** Options of {@link auditLeakage}. */
export interface AuditLeakageOptions {
  /**
   * The split to audit: a column whose values are `train`/`test` (default: the schema's `split`
   * column), one `{train, test}` of row indices, or an array of them (cross-validation folds from
   * modelSelection). Without a split only the split-free checks run.
   */
  split?: SplitSpec;
  /** Cross-validation folds (same as passing an array as `split`; give one or the other). */
  folds?: readonly Split[];
  /**
   * Fitted clinreg preprocessor(s) to check against the split: one (checked against every split)
   * or one per fold, in fold order. Its fingerprint hashes the raw values it was fitted on, so
   * pass the table it was fitted on (not its output).
   */
  preprocessor?: FittedPreprocessor | readonly FittedPreprocessor[];
  /** Override any threshold (defaults in {@link LeakageThresholds} and docs/findings.md). */
  thresholds?: Partial<LeakageThresholds>;
  /** Seed of the out-of-fold level rates used for categorical target proxies. Default 0. */
  seed?: number;
}

const AUDIT_KEYS = {
  split: true,
  folds: true,
  preprocessor: true,
  thresholds: true,
  seed: true,
} as const satisfies Record<keyof Required<AuditLeakageOptions>, true>;

/**
 * Audit a table and its train/test split(s) for leakage. Returns `Finding` records (codes and
 * severities are stable; thresholds in docs/findings.md):
 *
 * | code | severity | fires when |
 * |---|---|---|
 * | `patient-overlap` | critical | a patient id has rows in training and test (at the same site, without a site column, or with identical rows at two sites) |
 * | `patient-overlap` | warning | (once for all splits) ids on both sides only because they occur at two sites, no row matching: ids numbered per site |
 * | `temporal-overlap` | warning | test rows are dated before the latest training date (one finding over all folds) |
 * | `temporal-overlap` | critical | a patient's later record is in training, an earlier one in test |
 * | `duplicate-rows` | critical when ≥ 5 % of test rows beyond chance, warning beyond chance, info within | a test row equals a training row on every feature (one finding over all folds) |
 * | `duplicate-rows` | info | (no split) rows repeat over the features |
 * | `target-proxy` | critical ≥ 0.95 (or a site's lower 95% bound ≥ 0.95, or ≥ 0.6 with a follow-up name), warning ≥ 0.85 | one feature's AUC (or 1 − AUC) for the target, pooled and per site |
 * | `preprocessing-fit-on-all` | warning | all rows exactly mean 0/sd 1 or min 0/max 1, training rows not |
 * | `preprocessing-fit-on-all` | critical | a fitted preprocessor's fingerprint contains test rows |
 * | `id-like-feature` | warning (critical if both) | a feature is unique per row or monotone in row order |
 *
 * Split-level findings carry `details.fold` when folds were given, except `duplicate-rows`, given
 * once over all folds (`details.folds`), and `patient-overlap` across sites, given once. Only `schema.features` are
 * examined for duplicates, proxies, scaling and ids; the patient and time roles drive the overlap checks.
 * @param table the data.
 * @param schema column roles (target, optional patient, time, split, features).
 * @param options see {@link AuditLeakageOptions}.
 * @returns findings in the order of the table above.
 * @throws ValueError for an unknown option or threshold, a schema column missing from the table, a malformed split, both `split`
 *   and `folds`, a preprocessor list whose length differs from the folds, or bad thresholds.
 * @throws DataError when the target is not binary (see data.binaryTarget).
 * @example
 * const folds = [...new modelSelection.KFold({ nSplits: 5 }).split(table.nRows)];
 * const findings = checks.auditLeakage(table, schema, { folds });
 * findings.filter((f) => f.severity === 'critical');
 */
export function auditLeakage(table: Table, schema: Schema, options: AuditLeakageOptions = {}): Finding[] {
  const who = 'auditLeakage';
  checkOptions(who, options, AUDIT_KEYS);
  requireColumns(who, table, schema);
  const thresholds = leakageThresholds(who, options.thresholds);
  const seed = options.seed ?? 0;
  if (!Number.isFinite(seed)) throw new ValueError(`${who}: seed must be a finite number. Received: ${String(seed)}.`);
  const splits = resolveSplits(who, table, schema, options.split, options.folds);
  const pre = options.preprocessor;
  const preprocessors: (FittedPreprocessor | undefined)[] = Array.isArray(pre)
    ? (pre as readonly FittedPreprocessor[]).slice()
    : splits.map(() => pre as FittedPreprocessor | undefined);
  if (pre !== undefined && splits.length === 0) {
    throw new ValueError(`${who}: a preprocessor can only be checked against a split. Received: a preprocessor but no split or folds. Fix: pass split or folds.`);
  }
  if (preprocessors.length !== splits.length) {
    throw new ValueError(`${who}: preprocessor must be one fitted preprocessor or one per fold (${splits.length}). Received: ${preprocessors.length}.`);
  }

  const findings: Finding[] = [];
  for (const s of splits) findings.push(...patientOverlap(table, schema, s));
  findings.push(...patientAcrossSites(table, schema, splits));
  const temporal = splits.flatMap((s) => temporalOverlap(table, schema, s));
  findings.push(...(splits.length > 1 ? mergeFoldWarnings(temporal, splits.length, schema.time!) : temporal));
  if (splits.length === 0) findings.push(...duplicateRowsInTable(table, schema));
  const across = splits.length === 1 ? duplicateRowsAcrossSplit(table, schema, splits[0]!, thresholds) : splits.length > 1 ? duplicateRowsAcrossFolds(table, schema, splits, thresholds) : [];
  findings.push(...across);
  // Copies within the data, unless those across the split already warn of them.
  if (splits.length > 0 && across.every((f) => f.severity === 'info')) findings.push(...duplicateRowsCopied(table, schema));
  findings.push(...targetProxy(table, schema, thresholds, seed));
  if (splits.length > 0) {
    const scan = scaledOnAll(table, schema, thresholds);
    splits.forEach((s, k) => {
      findings.push(...scalingFitOnAll(scan, s, thresholds));
      const p = preprocessors[k];
      if (p !== undefined) {
        const at = Array.isArray(pre) ? `preprocessor[${k}]` : 'preprocessor';
        findings.push(...fingerprintFitOnAll(who, table, p, s, at));
      }
    });
  }
  findings.push(...idLikeFeature(table, schema, thresholds));
  return findings;
}
