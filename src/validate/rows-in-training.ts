import { DataError, ModelFormatError } from '../errors.js';
import type { Finding } from '../checks/finding.js';
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
