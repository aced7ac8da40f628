import { DataError } from '../errors.js';
import { checkOptions } from '../option-keys.js';
import { positivePredicate } from './positive-rule.js';
import { excerpt } from './safe-text.js';
import type { Schema } from './schema.js';
import type { Table } from './table.js';

function where(table: Table, column: string, i?: number): { file?: string; row?: number; column: string } {
  const out: { file?: string; row?: number; column: string } = { column };
  if (table.source !== undefined) out.file = table.source;
  if (i !== undefined) out.row = table.fileRow(i);
  return out;
}

/**
 * Row indices whose target is present, for dropping unlabelled rows before {@link binaryTarget}.
 * @param table the data.
 * @param schema its roles.
 * @returns Int32Array of row indices in order.
 * @throws ValueError when the target column does not exist.
 * @example
 * const rows = data.rowsWithTarget(table, schema);
 * const y = data.binaryTarget(table, schema, { rows });
 */
export function rowsWithTarget(table: Table, schema: Schema): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < table.nRows; i++) if (!table.isMissing(schema.target, i)) out.push(i);
  return Int32Array.from(out);
}

/**
 * The target as 0/1 labels (1 = event).
 *
 * Without `schema.positive`, the target must already be binary: numeric values 0 and 1, or text
 * levels `0` and `1`. With a positive rule (`'>0'`, `'>=1'`, `'<x'`, `'==v'`, `'!=v'`, `'yes'`,
 * `'yes,true'`), rows matching it are events. Missing targets are an error, never guessed: select
 * labelled rows with {@link rowsWithTarget} and pass them as `rows` to drop them explicitly.
 * @param table the data.
 * @param schema its roles (`target`, optional `positive`).
 * @param options.rows rows to label (default: every row), in the order of the output.
 * @param options.requireBothClasses refuse labels that are all events or all non-events (a model
 *   cannot be trained on one class). Default false (validation of one site may legitimately have one).
 * @returns Uint8Array of 0/1, one per row.
 * @throws DataError naming file, row and column for a missing target, a non-binary target without
 *   a positive rule (the message shows the values and a rule to use), a rule that does not fit, or
 *   (with `requireBothClasses`) a target with one class only.
 * @throws ValueError for a malformed rule or an unknown target column.
 * @example
 * const y = data.binaryTarget(table, { ...schema, positive: '>0' });
 */
export function binaryTarget(table: Table, schema: Schema, options: { rows?: ArrayLike<number>; requireBothClasses?: boolean } = {}): Uint8Array {
  checkOptions('binaryTarget', options, ['rows', 'requireBothClasses']);
  const y = labels(table, schema, options.rows);
  if (options.requireBothClasses === true) {
    let events = 0;
    for (let k = 0; k < y.length; k++) events += y[k]!;
    if (events === 0 || events === y.length) {
      const rule = schema.positive !== undefined ? `the positive rule '${schema.positive}'` : 'value 1';
      throw new DataError(
        `the target has ${events === 0 ? 'no events' : 'only events'}: all ${y.length} labelled rows are ${events === 0 ? 'non-events' : 'events'} (events are ${rule}); a model needs both classes to learn from. Fix: check the target column and --positive, or add rows of the other class.`,
        where(table, schema.target),
      );
    }
  }
  return y;
}

function labels(table: Table, schema: Schema, rows: ArrayLike<number> | undefined): Uint8Array {
  const col = table.column(schema.target);
  const n = rows === undefined ? table.nRows : rows.length;
  const row = (k: number): number => (rows === undefined ? k : rows[k]!);
  for (let k = 0; k < n; k++) {
    if (table.isMissing(schema.target, row(k))) {
      const missing = table.missingCount(schema.target, rows);
      throw new DataError(
        `the target is missing here (${missing} row(s) without a target). Fix: fill it in, or drop unlabelled rows with rowsWithTarget() (CLI: rows without a target must be removed from the file).`,
        where(table, schema.target, row(k)),
      );
    }
  }
  const out = new Uint8Array(n);
  if (schema.positive !== undefined) {
    const isEvent = positivePredicate(schema.positive, col, where(table, schema.target));
    for (let k = 0; k < n; k++) out[k] = isEvent(row(k));
    return out;
  }
  if (col.kind === 'date') {
    throw new DataError('the target is a date column; a binary target must be 0/1.', where(table, schema.target));
  }
  const valueOf =
    col.kind === 'numeric' ? (i: number): number => col.values[i]! : (i: number): number => Number(col.levels[col.codes[i]!]);
  const distinct = new Set<string>();
  let firstBad = -1;
  for (let k = 0; k < n; k++) {
    const i = row(k);
    const v = valueOf(i);
    if (v === 0 || v === 1) out[k] = v;
    else if (firstBad < 0) firstBad = i;
    // Levels are data: each is echoed as a short, escaped excerpt.
    if (distinct.size <= 10) distinct.add(col.kind === 'numeric' ? String(v) : excerpt(col.levels[col.codes[i]!]!, 30));
  }
  if (firstBad >= 0) {
    const shown = [...distinct].sort((a, b) => (Number(a) - Number(b)) || (a < b ? -1 : a > b ? 1 : 0));
    const values = shown.slice(0, 10).join(', ') + (distinct.size > 10 ? ', …' : '');
    const hint =
      col.kind === 'numeric'
        ? `e.g. positive: '>0' (CLI: --positive '>0') for "any value above 0 is an event", or '==2'`
        : textHint(shown);
    throw new DataError(
      `the target must be binary 0/1 but has the values ${values}. Fix: give a positive rule saying which values are events, ${hint}.`,
      where(table, schema.target, firstBad),
    );
  }
  return out;
}

/**
 * The example rule for text levels: a level that reads as an event (yes, true, …) when there is
 * one; else the first text level, stated as a condition — suggesting 'no' or 'FALSE' bare (the
 * first in sort order) inverted the outcome of whoever pasted it.
 */
function textHint(shown: readonly string[]): string {
  const eventLike = shown.find((s) => /^(yes|y|true|t|positive|pos|event|case|dead|died|death)$/i.test(s));
  const level = eventLike ?? shown.find((s) => Number.isNaN(Number(s))) ?? shown[0]!;
  return `e.g. positive: '${level}' (CLI: --positive ${level}) if '${level}' marks an event, or a list such as 'yes,true'`;
}
