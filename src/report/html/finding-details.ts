// A finding's `details` as a reader sees them in the report: one "key: value" line each, numbers
// rounded, lists joined — not the JSON document (results.json keeps the exact values).
import { html, type SafeHtml } from '../escape.js';

/** Most items of a list shown before "… (N in all)". */
const MAX_ITEMS = 10;

/** Deepest nesting written out; anything deeper reads "…" (results.json has it). */
const MAX_DEPTH = 3;

/**
 * A number for reading: integers as they are, others to 3 significant digits (no trailing zeros),
 * below 0.001 in exponent form; NaN and infinities by name.
 * @param x the number.
 * @example roundForReading(0.72345); // '0.723'
 * @example roundForReading(0.0000123); // '1.23e-5'
 */
export function roundForReading(x: number): string {
  if (!Number.isFinite(x) || Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  if (a < 1e-3) return x.toExponential(2);
  return String(Number(x.toFixed(Math.max(0, 2 - Math.floor(Math.log10(a))))));
}

/**
 * One detail value as plain text (the caller escapes it): numbers rounded ({@link roundForReading}),
 * lists joined with ", " (lists of records with "; ", each record in parentheses), records as
 * "key: value, …", booleans as yes/no, null as "none"; at most 10 items of a list.
 * @param value a detail value (JSON-like).
 * @param depth nesting level (0 at a detail's top).
 */
export function detailText(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'number') return roundForReading(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) {
    const records = value.some((v) => typeof v === 'object' && v !== null);
    const shown = value.slice(0, MAX_ITEMS).map((v: unknown) => {
      const text = detailText(v, depth + 1);
      return records && typeof v === 'object' && v !== null && !Array.isArray(v) ? `(${text})` : text;
    });
    if (value.length > MAX_ITEMS) shown.push(`… (${value.length} in all)`);
    return value.length === 0 ? 'none' : shown.join(records ? '; ' : ', ');
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${detailText(v, depth + 1)}`)
      .join(', ');
  }
  return String(value);
}

/**
 * A finding's details as a list of "key: value" lines, every key and value escaped.
 * @param details the finding's `details`.
 */
export function findingDetailsList(details: Record<string, unknown>): SafeHtml {
  const entries = Object.entries(details).filter(([, v]) => v !== undefined);
  return html`<ul class="finding-details">${entries.map(([k, v]) => html`<li><code>${k}</code>: ${detailText(v)}</li>`)}</ul>`;
}
