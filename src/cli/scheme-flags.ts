// `--validation SCHEME` without the column flag it needs: said in flags, before the file is read
// (the library's refusal names developModel and its schema, after reading and auditing).
import { ValueError } from '../errors.js';
import type { DataFlags } from './flags.js';

/** The validation schemes a user can name with `--validation`. */
export type SchemeFlag = 'leave-one-site-out' | 'group-kfold' | 'temporal' | 'stratified-kfold' | 'split';

/** Which role flag(s) each scheme needs (stratified-kfold needs none). */
const NEEDS: Record<Exclude<SchemeFlag, 'stratified-kfold'>, { flags: (keyof DataFlags)[]; column: string; fix: string }> = {
  'leave-one-site-out': { flags: ['site'], column: 'a site column', fix: '--site COL (the hospital column)' },
  'group-kfold': { flags: ['patient', 'site'], column: 'a patient or site column to group by', fix: '--patient COL or --site COL' },
  temporal: { flags: ['time'], column: 'a time column', fix: '--time COL (the date column)' },
  split: { flags: ['split'], column: 'a split column', fix: "--split COL (a column of 'train'/'test')" },
};

/**
 * Refuse `--validation SCHEME` when the flag of the column it splits by is missing.
 * @param command the command name for the message ('train', 'sweep').
 * @param scheme the `--validation` value (nothing is checked when absent).
 * @param flags the command's data flags.
 * @throws ValueError naming the scheme, the flag it needs and the fix.
 */
export function checkSchemeFlags(command: string, scheme: SchemeFlag | undefined, flags: DataFlags): void {
  if (scheme === undefined || scheme === 'stratified-kfold') return;
  const need = NEEDS[scheme];
  if (need.flags.some((f) => flags[f] !== undefined)) return;
  throw new ValueError(`${command}: '${scheme}' validation needs ${need.column} (--validation ${scheme}). Fix: add ${need.fix}, or leave --validation out to have the scheme chosen from the columns given.`);
}
