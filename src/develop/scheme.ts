import { ValueError } from '../errors.js';
import { MIN_SITE_ROWS } from '../checks/small-sites.js';
import type { Schema } from '../data/schema.js';
import type { ValidationScheme } from '../validate/cross-validate.js';

/** A validation scheme, or `'auto'`: chosen from the schema's roles by {@link chooseScheme}. */
export type SchemeChoice = ValidationScheme | 'auto';

/** The scheme a development run uses and why (printed by the CLI, shown in results.json). */
export interface ChosenScheme {
  scheme: ValidationScheme;
  /** group-kfold only: group by the site column even when there is a patient column (whole sites held out). */
  groupBySite?: boolean;
  /** One sentence: which role decided it. */
  reason: string;
}

/**
 * The validation scheme for a schema (issue #14 "sensible defaults"): a split column → its
 * predefined train/test split; else a site column → leave-one-site-out (each hospital held out in turn); else a time column →
 * temporal (the latest records held out); else a patient column → group k-fold by patient (no
 * patient on both sides); else stratified k-fold. An explicit scheme is checked against the
 * schema and returned as is.
 * @param schema column roles.
 * @param requested a scheme, or 'auto' (default).
 * @param siteRows rows per site, when known. With one site, 'auto' does not choose leave-one-site-out
 *   (there is nothing to hold out) but the next rule. With many small sites — more than
 *   {@link MAX_LOSO_SITES} sites, or most rows at sites under 20 rows, which would be held out as
 *   one pooled group — it chooses site-grouped k-fold: whole sites held out, five groups of sites.
 * @throws ValueError when the requested scheme needs a column the schema lacks.
 * @example chooseScheme(schema).scheme; // 'leave-one-site-out' when schema.site is set
 */
export function chooseScheme(schema: Schema, requested: SchemeChoice = 'auto', siteRows?: readonly number[]): ChosenScheme {
  if (requested !== 'auto') {
    const needs = NEEDS[requested];
    if (needs !== undefined && !needs.has(schema)) {
      throw new ValueError(`developModel: '${requested}' validation needs ${needs.what}. Fix: ${needs.fix}`);
    }
    return { scheme: requested, reason: 'chosen explicitly' };
  }
  if (schema.split !== undefined) return { scheme: 'split', reason: `split column '${schema.split}': its 'test' rows held out` };
  const oneSite = schema.site !== undefined && siteRows !== undefined && siteRows.length < 2;
  if (schema.site !== undefined && !oneSite) {
    const n = siteRows?.reduce((a, v) => a + v, 0) ?? 0;
    const inSmall = siteRows?.filter((v) => v < MIN_SITE_ROWS).reduce((a, v) => a + v, 0) ?? 0;
    if (siteRows !== undefined && (siteRows.length > MAX_LOSO_SITES || inSmall > n / 2)) {
      return {
        scheme: 'group-kfold',
        groupBySite: true,
        reason: `site column '${schema.site}': ${siteRows.length} sites, ${Math.round((100 * inSmall) / n)}% of rows at sites under ${MIN_SITE_ROWS} rows: whole sites held out in 5 groups (site-grouped k-fold)`,
      };
    }
    return { scheme: 'leave-one-site-out', reason: `site column '${schema.site}': each site held out in turn` };
  }
  const why = oneSite ? `one site in '${schema.site!}'; ` : '';
  const chosen = pick(schema);
  return { scheme: chosen.scheme, reason: `${why}${chosen.reason}` };
}

/** Most sites for which 'auto' holds each site out in turn; more get site-grouped k-fold. */
export const MAX_LOSO_SITES = 20;

function pick(schema: Schema): ChosenScheme {
  if (schema.time !== undefined) return { scheme: 'temporal', reason: `time column '${schema.time}': the latest records held out` };
  if (schema.patient !== undefined) return { scheme: 'group-kfold', reason: `patient column '${schema.patient}': no patient on both sides` };
  return { scheme: 'stratified-kfold', reason: `no ${schema.site !== undefined ? '' : 'site, '}patient or time column: one cohort, folds stratified by outcome` };
}

const NEEDS: Partial<Record<string, { has: (s: Schema) => boolean; what: string; fix: string }>> = {
  'leave-one-site-out': {
    has: (s) => s.site !== undefined,
    what: 'a site column',
    fix: 'give the hospital column (CLI: --site COL), or leave the scheme out to have it chosen from the columns.',
  },
  split: { has: (s) => s.split !== undefined, what: 'a split column', fix: 'give the column of train/test labels (CLI: --split COL).' },
  temporal: { has: (s) => s.time !== undefined, what: 'a time column', fix: 'give the date column (CLI: --time COL).' },
  'group-kfold': {
    has: (s) => s.patient !== undefined || s.site !== undefined,
    what: 'a patient or site column to group by',
    fix: 'give --patient COL or --site COL.',
  },
};
