// The rows a saved model is validated on, shared by develop.validateModel and federated.summariseModel.
import { DataError } from '../errors.js';
import { rowsWithTarget } from '../data/binary-target.js';
import { createSchema, type Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import type { LoadedModel } from '../io/model-file.js';
import { storedTrainingFingerprint, trainingMatches } from '../validate/rows-in-training.js';

/** The labelled rows of a validation table and which of them the model saw in training. */
export interface ValidationRows {
  /** The event rule: the caller's, else the model's. */
  positive: string | undefined;
  schema: Schema;
  /** Rows with an outcome. */
  labelled: Int32Array;
  /** Per table row, 1 when it was in the model's training data. */
  seen: Uint8Array;
  /** Labelled rows not seen in training: the ones to validate on. */
  rows: Int32Array;
  /** Labelled rows seen in training. */
  nSeen: number;
  /** The stored training fingerprint (null: the model has none). */
  fingerprint: ReturnType<typeof storedTrainingFingerprint>;
  /** Rows that match a training row as often as chance gives: kept, none counted as seen (rows-in-training.ts trainingMatches). */
  byChance: { matched: number; expected: number } | null;
}

/**
 * Build the schema (target, event rule, site) and find the labelled rows the model did not see in
 * training (by the fingerprint stored in model.json; matches no more than chance gives over coarse
 * features are not counted, see `byChance`). The caller decides what to do with `nSeen`.
 */
export function validationRows(loaded: LoadedModel, table: Table, target: string, options: { site?: string; positive?: string }): ValidationRows {
  const positive = options.positive ?? loaded.schema?.positive;
  const schema = createSchema(table, { target, ...(positive !== undefined ? { positive } : {}), ...(options.site !== undefined ? { site: options.site } : {}) });
  const labelled = rowsWithTarget(table, schema);
  const fingerprint = storedTrainingFingerprint(loaded.metadata, loaded.preprocessor?.fitFingerprint);
  const matches = fingerprint === null ? null : trainingMatches(fingerprint.fingerprint, table, labelled);
  const byChance = matches !== null && matches.byChance ? { matched: matches.matched, expected: matches.expected } : null;
  const seen = matches === null || byChance !== null ? new Uint8Array(table.nRows) : matches.seen;
  const rows = labelled.filter((r) => seen[r] === 0);
  return { positive, schema, labelled, seen, rows, nSeen: labelled.length - rows.length, fingerprint, byChance };
}

/**
 * The site of each of `rows`: the text of `siteColumn`, or `single` for every row without one.
 * @throws DataError naming file, row and column at the first row without a site.
 */
export function siteOfRows(table: Table, rows: ArrayLike<number>, siteColumn: string | undefined, single: string): string[] {
  if (siteColumn === undefined) return Array.from(rows, () => single);
  const siteText = table.strings(siteColumn);
  return Array.from(rows, (r) => {
    const s = siteText[r];
    if (s === null || s === undefined) {
      throw new DataError('the site is missing; every row needs a site. Fix: fill it in or remove the row.', { ...(table.source !== undefined ? { file: table.source } : {}), row: table.fileRow(r), column: siteColumn });
    }
    return s;
  });
}
