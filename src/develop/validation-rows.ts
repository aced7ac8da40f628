// The rows a saved model is validated on, shared by develop.validateModel and federated.summariseModel.
import { DataError } from '../errors.js';
import { rowsWithTarget } from '../data/binary-target.js';
import { createSchema, type Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import type { LoadedModel } from '../io/model-file.js';
import { rowsInTraining, storedTrainingFingerprint, trainingMatches } from '../validate/rows-in-training.js';

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
  /** Rows that match a training row no more often than chance gives, site by site: kept, none counted as seen (rows-in-training.ts trainingMatches); their counts summed over those sites. */
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
  const seen = new Uint8Array(table.nRows);
  const chance = { sites: 0, matched: 0, expected: 0 };
  if (fingerprint !== null) {
    const hashed = rowsInTraining(fingerprint.fingerprint, table);
    // Site by site (each site's rows stand for its own patients): a hospital validating its own
    // file (--summary-only) and a validation of every site's rows at once decide alike.
    for (const group of rowsBySite(table, labelled, options.site)) {
      const matches = trainingMatches(fingerprint.fingerprint, table, group, hashed);
      if (matches.byChance) {
        chance.sites++;
        chance.matched += matches.matched;
        chance.expected += matches.expected;
      } else for (const r of group) seen[r] = hashed[r]!;
    }
  }
  const rows = labelled.filter((r) => seen[r] === 0);
  const byChance = chance.sites > 0 ? { matched: chance.matched, expected: chance.expected } : null;
  return { positive, schema, labelled, seen, rows, nSeen: labelled.length - rows.length, fingerprint, byChance };
}

/** `rows` grouped by their site's text (rows without a site in one group of their own); one group without a site column. */
function rowsBySite(table: Table, rows: Int32Array, siteColumn: string | undefined): Int32Array[] {
  if (siteColumn === undefined) return [rows];
  const text = table.strings(siteColumn);
  const groups = new Map<string | null, number[]>();
  for (const r of rows) {
    const key = text[r] ?? null;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = []));
    g.push(r);
  }
  return [...groups.values()].map((g) => Int32Array.from(g));
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
