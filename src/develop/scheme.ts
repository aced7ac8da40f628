import { ValueError } from '../errors.js';
import type { Schema } from '../data/schema.js';
import type { ValidationScheme } from '../validate/cross-validate.js';

/** A validation scheme, or `'auto'`: chosen from the schema's roles by {@link chooseScheme}. */
export type SchemeChoice = ValidationScheme | 'auto';

/** The scheme a development run uses and why (printed by the CLI, shown in results.json). */
export interface ChosenScheme {
  scheme: ValidationScheme;
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
 * @param siteCount distinct sites in the data, when known: with one site, 'auto' does not choose
 *   leave-one-site-out (there is nothing to hold out) but the next rule.
 * @throws ValueError when the requested scheme needs a column the schema lacks.
 * @example chooseScheme(schema).scheme; // 'leave-one-site-out' when schema.site is set
 */
export function chooseScheme(schema: Schema, requested: SchemeChoice = 'auto', siteCount?: number): ChosenScheme {
  if (requested !== 'auto') {
    const needs = NEEDS[requested];
    if (needs !== undefined && !needs.has(schema)) {
      throw new ValueError(`developModel: '${requested}' validation needs ${needs.what}. Fix: ${needs.fix}`);
    }
    return { scheme: requested, reason: 'chosen explicitly' };
  }
  if (schema.split !== undefined) return { scheme: 'split', reason: `split column '${schema.split}': its 'test' rows held out` };
  const oneSite = schema.site !== undefined && siteCount !== undefined && siteCount < 2;
  if (schema.site !== undefined && !oneSite) return { scheme: 'leave-one-site-out', reason: `site column '${schema.site}': each site held out in turn` };
  const why = oneSite ? `one site in '${schema.site!}'; ` : '';
  const chosen = pick(schema);
  return { scheme: chosen.scheme, reason: `${why}${chosen.reason}` };
}

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
