/**
 * Column helpers shared by the leakage and shift checks (internal to checks/).
 */
import { ValueError } from '../errors.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';

/** How a check treats a feature: categorical (levels) or numeric (ordered values; dates included). */
export type FeatureKind = 'numeric' | 'categorical';

/** Categorical if the schema lists it or the column holds text levels; numeric otherwise. */
export function featureKind(table: Table, schema: Schema, feature: string): FeatureKind {
  return schema.categorical.includes(feature) || table.column(feature).kind === 'categorical' ? 'categorical' : 'numeric';
}

/**
 * A column as numbers usable as grouping keys: numeric and date values as they are, categorical
 * codes as numbers; missing is NaN.
 */
export function keyValues(table: Table, name: string): Float64Array {
  return table.numbers(name);
}

/** Level labels of a column's keys, for messages: categorical level text, or the number/date as text. */
export function keyLabel(table: Table, name: string, key: number): string {
  const col = table.column(name);
  if (col.kind === 'categorical') return col.levels[key] ?? String(key);
  if (col.kind === 'date') return new Date(key).toISOString();
  return String(key);
}

/** Check that every role column the caller relies on exists; names the check in the message. */
export function requireColumns(who: string, table: Table, schema: Schema): void {
  const named: [string, string | undefined][] = [
    ['target', schema.target],
    ['site', schema.site],
    ['patient', schema.patient],
    ['time', schema.time],
    ['split', schema.split],
  ];
  for (const [role, name] of named) {
    if (name !== undefined && !table.has(name)) {
      throw new ValueError(`${who}: the schema's ${role} column '${name}' is not in the table. Known columns: ${table.columnNames.join(', ')}.`);
    }
  }
  for (const f of schema.features) {
    if (!table.has(f)) {
      throw new ValueError(`${who}: feature '${f}' is not in the table. Known columns: ${table.columnNames.join(', ')}. Fix: rebuild the schema for this table.`);
    }
  }
}

/** Sites of a table: names (level text or number) and, per row, an index into names (−1 = missing). */
export interface SiteIndex {
  names: string[];
  ofRow: Int32Array;
  counts: Int32Array;
}

/**
 * Group rows by the site column, in order of first appearance. Errors name the column (the user's
 * term), not the calling function.
 * @throws ValueError when the column is missing or holds fewer than two sites.
 */
export function indexSites(_who: string, table: Table, site: string): SiteIndex {
  if (!table.has(site)) {
    throw new ValueError(`site '${site}' is not in the table. Known columns: ${table.columnNames.join(', ')}.`);
  }
  const sites = groupSites(table, site);
  if (sites.names.length < 2) {
    // Phrased in the user's terms (the column), not the function's: the CLI prints it as is.
    throw new ValueError(
      `site '${site}': needs at least 2 sites to compare. Received: ${sites.names.length} (${sites.names.join(', ') || 'none'}). Fix: give the column that names the hospital, or leave the site out (no shift diagnosis).`,
    );
  }
  return sites;
}

/** The rows of a (present) site column grouped by site, in order of first appearance, however many sites there are. */
export function groupSites(table: Table, site: string): SiteIndex {
  const keys = keyValues(table, site);
  const byKey = new Map<number, number>();
  const names: string[] = [];
  const ofRow = new Int32Array(table.nRows);
  const counts: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (Number.isNaN(k)) {
      ofRow[i] = -1;
      continue;
    }
    let s = byKey.get(k);
    if (s === undefined) {
      s = names.length;
      byKey.set(k, s);
      names.push(keyLabel(table, site, k));
      counts.push(0);
    }
    ofRow[i] = s;
    counts[s]!++;
  }
  return { names, ofRow, counts: Int32Array.from(counts) };
}

/** Format a number for a message: 3 significant digits, scientific below 0.001. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && Math.abs(x) < 1e-3) return x.toExponential(1);
  return Number(x.toPrecision(3)).toString();
}
