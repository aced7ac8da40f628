import { DataError, ModelFormatError } from '../errors.js';
import type { Finding } from '../checks/finding.js';
import { chanceCopies, withinChance } from '../checks/leakage/chance-copies.js';
import { createFingerprint, fingerprintMembership, type Fingerprint } from '../data/fingerprint.js';
import { fingerprintFromJSON, fingerprintSchema, fingerprintToJSON, type FingerprintJSON } from '../data/preprocessing/state.js';
import type { Table } from '../data/table.js';

/** The metadata key of model.json under which `develop` stores the training fingerprint. */
export const TRAINING_FINGERPRINT_KEY = 'trainingFingerprint';

/**
 * The fingerprint of a model's training data: one hash per development row (fitted and
 * early-stopping rows alike) over the raw values of its features, for model.json metadata.
 * @param table the development table.
 * @param features the model's features (the columns hashed).
 * @param rows the development rows.
 * @example metadata[validate.TRAINING_FINGERPRINT_KEY] = validate.trainingFingerprint(table, schema.features, rows);
 */
export function trainingFingerprint(table: Table, features: readonly string[], rows: ArrayLike<number>): FingerprintJSON {
  return fingerprintToJSON(createFingerprint(table, features, rows));
}

/**
 * Read the training fingerprint from model.json metadata, falling back to the preprocessor's fit
 * fingerprint (the rows preprocessing was fitted on: most, not all, training rows) for models
 * saved without one. Null when neither exists.
 * @param metadata `io.loadModel(dir).metadata`.
 * @param preprocessorFingerprint the loaded preprocessor's `fitFingerprint`, if any.
 * @throws ModelFormatError for a malformed stored fingerprint.
 */
export function storedTrainingFingerprint(metadata: Record<string, unknown>, preprocessorFingerprint?: Fingerprint): { fingerprint: Fingerprint; complete: boolean } | null {
  const raw = Object.hasOwn(metadata, TRAINING_FINGERPRINT_KEY) ? metadata[TRAINING_FINGERPRINT_KEY] : undefined;
  if (raw !== undefined) {
    const parsed = fingerprintSchema.safeParse(raw);
    if (!parsed.success) throw new ModelFormatError(`model.json: metadata.${TRAINING_FINGERPRINT_KEY} is malformed: ${parsed.error.issues[0]!.message}.`);
    return { fingerprint: fingerprintFromJSON('trainingFingerprint', parsed.data), complete: true };
  }
  return preprocessorFingerprint !== undefined ? { fingerprint: preprocessorFingerprint, complete: false } : null;
}

/**
 * Which rows of `table` were (very probably) in a model's training data: rows whose raw feature
 * values hash to a value in the fingerprint. Two different rows collide with probability about
 * n/2³² each; a row identical on every feature to a training row counts as seen.
 * @param fp the training fingerprint.
 * @param table the validation table (must have the fingerprinted columns).
 * @returns 1 for each row that was in training, else 0.
 * @throws DataError when the table lacks a fingerprinted column.
 * @example const seen = validate.rowsInTraining(fp, table); // Uint8Array, one per row
 */
export function rowsInTraining(fp: Fingerprint, table: Table): Uint8Array {
  const missing = fp.columns.find((c) => !table.has(c));
  if (missing !== undefined) {
    throw new DataError(`the model's feature '${missing}' is not in the file. Columns: ${table.columnNames.join(', ')}. Fix: add the column; leave its cells empty where it was not recorded (the model imputes them).`, {
      ...(table.source !== undefined ? { file: table.source } : {}),
      column: missing,
    });
  }
  return fingerprintMembership(fp, table);
}

/** Which of a file's rows match a training row, and whether chance explains that many. */
export interface TrainingMatches {
  /** Per table row, 1 when its feature values hash to a training row's. */
  seen: Uint8Array;
  /** Rows of the given ones that match. */
  matched: number;
  /** Matches chance gives over the fingerprinted features (see checks/leakage/chance-copies.ts). */
  expected: number;
  /** Whether `matched` is within 3 SD of `expected`: patients who share coarse values, not training rows. */
  byChance: boolean;
}

/**
 * {@link rowsInTraining} weighed against chance. Over a few coarse features different patients
 * share every value: a NWTS-3 model validated on NWTS-4 finds 1,671 of its 2,171 children "in
 * training", and 1,722 are expected by chance. Chance here (checks/leakage/chance-copies.ts): the
 * file's own rows stand for the population (how often the other rows have each value, and all
 * its values together), matched against as many rows as the model was trained on. Within 3 SD of
 * that, the matches are taken for different patients; beyond it, for training rows (the NWTS-3
 * model on its own 1,857 children: all match, 1,421 expected).
 * @param fp the training fingerprint. @param table the file. @param rows the rows to check (those with an outcome).
 * @param seen {@link rowsInTraining} of the table, when the caller already has it (one group of rows at a time).
 * @throws DataError when the table lacks a fingerprinted column.
 */
export function trainingMatches(fp: Fingerprint, table: Table, rows: ArrayLike<number>, seen: Uint8Array = rowsInTraining(fp, table)): TrainingMatches {
  let matched = 0;
  for (let k = 0; k < rows.length; k++) matched += seen[rows[k]!]!;
  if (matched === 0) return { seen, matched, expected: 0, byChance: false };
  const chance = chanceCopies(table, fp.columns, rows, rows, fp.nRows);
  return { seen, matched, expected: chance.expected, byChance: withinChance(matched, chance) };
}

/**
 * `validation-rows-in-training` (info) when the rows matching a training row are as many as chance
 * gives: they are kept in the estimate.
 */
export function matchesByChanceFinding(matched: number, expected: number, n: number): Finding {
  return {
    code: 'validation-rows-in-training',
    severity: 'info',
    message: `${matched} of ${n} validation rows have the feature values of a training row, no more than chance gives over these features (${Math.round(expected)} expected from how often these values occur): different patients who share coarse values, kept in the estimate.`,
    details: { count: matched, n, expectedByChance: expected, kept: true },
  };
}

/**
 * The `validation-rows-in-training` finding: `count` of `n` validation rows were in the model's
 * training data and are left out of the external estimate (warning: the estimate stays external,
 * but on fewer rows than the file has).
 * @param count rows found in training.
 * @param n rows checked.
 * @param bySite rows found per site, when the file has a site column.
 */
export function rowsInTrainingFinding(count: number, n: number, bySite?: ReadonlyMap<string, number>): Finding {
  const sites = bySite === undefined ? '' : ` (${[...bySite].filter(([, c]) => c > 0).map(([s, c]) => `${s}: ${c}`).join(', ')})`;
  return {
    code: 'validation-rows-in-training',
    severity: 'warning',
    message: `${count} of ${n} validation rows${sites} were in the model's training data (same feature values as a training row); they are left out of the external estimate.`,
    details: { count, n, ...(bySite !== undefined ? { bySite: Object.fromEntries(bySite) } : {}) },
  };
}
