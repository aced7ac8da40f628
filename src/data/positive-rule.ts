import { DataError, ValueError } from '../errors.js';
import type { Column } from './table.js';
import { parseNumber } from './value-parse.js';
import { excerpt } from './safe-text.js';

/** A parsed positive rule: a comparison with a number, an equality, or a list of event levels. */
export type ParsedPositiveRule =
  | { kind: 'compare'; op: '>' | '>=' | '<' | '<='; value: number }
  | { kind: 'equal'; op: '==' | '!='; text: string; value: number }
  | { kind: 'levels'; levels: string[] };

const COMPARE = /^\s*(>=|<=|==|!=|>|<)\s*(.*?)\s*$/;

/**
 * Parse a positive rule, the text that says which target values are events:
 * `'>0'`, `'>=1'`, `'<x'`, `'<=x'` (numeric comparisons), `'==v'` / `'!=v'` (a number or a level
 * name), or `'yes'` / `'yes,true'` (event level names, comma-separated, spaces trimmed).
 * @param rule the rule text.
 * @throws ValueError for an empty rule or a comparison with a non-number.
 * @example
 * data.parsePositiveRule('>0'); // { kind: 'compare', op: '>', value: 0 }
 */
export function parsePositiveRule(rule: string): ParsedPositiveRule {
  if (typeof rule !== 'string' || rule.trim() === '') {
    throw new ValueError(`positive rule: expected a rule such as '>0', '==2', 'yes' or 'yes,true'. Received: ${JSON.stringify(rule)}.`);
  }
  const m = COMPARE.exec(rule);
  if (m !== null) {
    const op = m[1]!;
    const text = m[2]!;
    const value = parseNumber(text);
    if (op === '==' || op === '!=') {
      if (text === '') throw new ValueError(`positive rule: '${op}' needs a value, e.g. '${op}1' or '${op}yes'. Received: '${rule}'.`);
      return { kind: 'equal', op, text, value };
    }
    if (Number.isNaN(value)) {
      throw new ValueError(`positive rule: '${op}' compares with a number, e.g. '${op}0'. Received: '${rule}'.`);
    }
    return { kind: 'compare', op: op as '>' | '>=' | '<' | '<=', value };
  }
  const levels = rule.split(',').map((s) => s.trim());
  if (levels.some((s) => s === '')) {
    throw new ValueError(`positive rule: a list of event levels must not have empty items, e.g. 'yes,true'. Received: '${rule}'.`);
  }
  return { kind: 'levels', levels };
}

function compare(op: '>' | '>=' | '<' | '<=', a: number, b: number): boolean {
  return op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b;
}

/**
 * The event test of a rule for one column: a function from row index to 0/1 (call only on rows
 * whose target is present).
 * @param rule rule text (see {@link parsePositiveRule}).
 * @param column the target column.
 * @param where target name and source file, for errors.
 * @throws ValueError for a malformed rule; DataError when the rule does not fit the column (a
 *   numeric comparison on text levels, an event level that the column does not have, a date target).
 */
export function positivePredicate(
  rule: string,
  column: Column,
  where: { column: string; file?: string },
): (i: number) => 0 | 1 {
  const r = parsePositiveRule(rule);
  const fail = (msg: string): never => {
    throw new DataError(msg, where);
  };
  if (column.kind === 'date') fail(`the target is a date column; a binary target must be numeric or categorical.`);
  if (column.kind === 'numeric') {
    const v = column.values;
    if (r.kind === 'compare') return (i) => (compare(r.op, v[i]!, r.value) ? 1 : 0);
    if (r.kind === 'equal') {
      if (Number.isNaN(r.value)) fail(`positive rule '${rule}' names a level, but the target is numeric. Fix: compare with a number, e.g. '==1' or '>0'.`);
      return r.op === '==' ? (i) => (v[i] === r.value ? 1 : 0) : (i) => (v[i] !== r.value ? 1 : 0);
    }
    const nums = r.levels.map(parseNumber);
    if (nums.some(Number.isNaN)) fail(`positive rule '${rule}' names text levels, but the target is numeric. Fix: list numbers, e.g. '1,2', or use '>0'.`);
    const set = new Set(nums);
    return (i) => (set.has(v[i]!) ? 1 : 0);
  }
  const { codes, levels } = column as Extract<Column, { kind: 'categorical' }>;
  let isEvent: boolean[];
  if (r.kind === 'compare') {
    isEvent = levels.map((l) => {
      const x = parseNumber(l);
      if (Number.isNaN(x)) fail(`positive rule '${rule}' compares numbers, but the target has the text level '${excerpt(l, 30)}'. Fix: name the event levels, e.g. positive: '${excerpt(levels[0]!, 30)}'.`);
      return compare(r.op, x, r.value);
    });
  } else {
    const wanted = r.kind === 'equal' ? [r.text] : r.levels;
    const unknown = wanted.filter((w) => !levels.includes(w));
    if (unknown.length > 0) {
      fail(`positive rule '${rule}' names level(s) ${unknown.map((u) => `'${u}'`).join(', ')} that the target does not have (levels: ${levels.slice(0, 10).map((l) => excerpt(l, 30)).join(', ')}${levels.length > 10 ? ', …' : ''}). Fix: use the levels as written (case matters).`);
    }
    isEvent = levels.map((l) => wanted.includes(l) !== (r.kind === 'equal' && r.op === '!='));
  }
  const flags = Uint8Array.from(isEvent, (b) => (b ? 1 : 0));
  return (i) => flags[codes[i]!]! as 0 | 1;
}
