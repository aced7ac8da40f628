import { DataError, ValueError } from '../errors.js';
import { checkOptions } from '../option-keys.js';
import { parsePositiveRule } from './positive-rule.js';
import type { Table } from './table.js';

/**
 * Rule that says which target values are events, e.g. `'>0'` for the heart data's `num`, or
 * `'yes'` for a text target. Absent: the target must already be binary 0/1.
 */
export type PositiveRule = string;

/**
 * Column roles of a clinical table. Every check, validation and training step reads roles from
 * here instead of guessing from names.
 */
export interface Schema {
  /** The binary outcome column. */
  target: string;
  /** Which target values are events (see PositiveRule); absent: the target is 0/1. */
  positive?: PositiveRule;
  /** Hospital/site column. */
  site?: string;
  /** Patient identifier column (several rows may share one patient). */
  patient?: string;
  /** Date/time of the record. */
  time?: string;
  /** Column holding a predefined train/test split. */
  split?: string;
  /** Model inputs, in order. */
  features: string[];
  /** The subset of `features` treated as categorical. */
  categorical: string[];
}

/** The roles a caller names; everything else is derived by {@link createSchema}. */
export interface SchemaRoles {
  /** Binary outcome column (required). */
  target: string;
  /** Which target values are events, e.g. `'>0'` or `'yes'` (see PositiveRule). */
  positive?: PositiveRule;
  /** Hospital/site column. */
  site?: string;
  /** Patient identifier column. */
  patient?: string;
  /** Date/time column (date or numeric). */
  time?: string;
  /** Column with a predefined train/test split. */
  split?: string;
  /** Model inputs. Default: every column that has no role and is not excluded, in table order. */
  features?: readonly string[];
  /** Columns to treat as categorical in addition to the table's categorical columns. */
  categorical?: readonly string[];
  /** Columns to leave out of the default features. */
  exclude?: readonly string[];
}

const ROLE_NAMES = ['target', 'site', 'patient', 'time', 'split'] as const;
const ROLE_KEYS = { target: true, positive: true, site: true, patient: true, time: true, split: true, features: true, categorical: true, exclude: true } as const satisfies Record<keyof Required<SchemaRoles>, true>;

/**
 * Validate column roles against a table and fill in the defaults.
 *
 * Features default to every column without a role (target, site, patient, time, split) that is not
 * in `exclude`. `categorical` is, in feature order, every feature that is a categorical column of
 * the table plus every feature listed in `roles.categorical` (listing a site, patient or split
 * column there is allowed and has no effect on features; listing the target is an error).
 * @param table the data (its `source` names the file in errors).
 * @param roles see {@link SchemaRoles}.
 * @returns a Schema.
 * @throws DataError naming the column and file when a named column does not exist, the time column
 *   is categorical, or no feature is left.
 * @throws ValueError when two roles name the same column, the target is listed as a feature or as categorical, a
 *   feature is listed twice, or the positive rule is malformed.
 * @example
 * const schema = data.createSchema(table, { target: 'num', positive: '>0', site: 'site' });
 */
export function createSchema(table: Table, roles: SchemaRoles): Schema {
  const where = (column: string): { file?: string; column: string } =>
    table.source !== undefined ? { file: table.source, column } : { column };
  const mustExist = (name: string, role: string): void => {
    if (!table.has(name)) {
      throw new DataError(`createSchema: the ${role} column '${name}' is not in the table. Columns: ${table.columnNames.join(', ')}.`, where(name));
    }
  };
  checkOptions('createSchema', roles, ROLE_KEYS);
  if (typeof roles.target !== 'string') {
    throw new ValueError(`createSchema: roles.target must name the outcome column. Received: ${String(roles.target)}.`);
  }
  const used = new Map<string, string>();
  for (const role of ROLE_NAMES) {
    const name = roles[role];
    if (name === undefined) continue;
    mustExist(name, role);
    const other = used.get(name);
    if (other !== undefined) {
      throw new ValueError(`createSchema: ${other} and ${role} must be different columns. Received: both '${name}'.`);
    }
    used.set(name, role);
  }
  for (const name of roles.exclude ?? []) mustExist(name, 'excluded');
  for (const name of roles.categorical ?? []) mustExist(name, 'categorical');
  if ((roles.categorical ?? []).includes(roles.target)) {
    throw new ValueError(`createSchema: the target '${roles.target}' cannot be listed as categorical; it is the binary outcome (0/1, or events by a positive rule). Fix: remove it from categorical (CLI: --categorical).`);
  }
  if (roles.time !== undefined && table.column(roles.time).kind === 'categorical') {
    throw new DataError(
      `createSchema: the time column must hold dates (ISO-8601) or numbers, but it was read as text. Fix: correct its values or read it with types: { '${roles.time}': 'date' }.`,
      where(roles.time),
    );
  }
  if (roles.positive !== undefined) parsePositiveRule(roles.positive);
  const excluded = new Set(roles.exclude ?? []);
  let features: string[];
  if (roles.features !== undefined) {
    const seen = new Set<string>();
    for (const f of roles.features) {
      mustExist(f, 'feature');
      if (f === roles.target) {
        throw new ValueError(`createSchema: the target '${f}' cannot also be a feature. Fix: remove it from features.`);
      }
      if (seen.has(f)) throw new ValueError(`createSchema: feature '${f}' is listed twice.`);
      seen.add(f);
    }
    features = roles.features.filter((f) => !excluded.has(f));
  } else {
    features = table.columnNames.filter((c) => !used.has(c) && !excluded.has(c));
  }
  if (features.length === 0) {
    throw new DataError('createSchema: no feature columns are left after removing role and excluded columns. Fix: name features.', table.source !== undefined ? { file: table.source } : {});
  }
  const listed = new Set(roles.categorical ?? []);
  const categorical = features.filter((f) => listed.has(f) || table.column(f).kind === 'categorical');
  const schema: Schema = { target: roles.target, features, categorical };
  if (roles.positive !== undefined) schema.positive = roles.positive;
  if (roles.site !== undefined) schema.site = roles.site;
  if (roles.patient !== undefined) schema.patient = roles.patient;
  if (roles.time !== undefined) schema.time = roles.time;
  if (roles.split !== undefined) schema.split = roles.split;
  return schema;
}
