/**
 * Escape text for HTML (and SVG/XML) element content and quoted attribute values: `&`, `<`, `>`,
 * `"` and `'` become character references, so data-derived strings (column names, site names,
 * finding messages) always render as text and never as markup. Characters that can spoof what a
 * reader sees are removed: NUL and the other C0/C1 controls (TAB and LF stay) and the bidi
 * controls (embeddings, overrides such as U+202E, isolates such as U+2066, marks).
 *
 * Same five characters as OWASP's rule #1/#2 for HTML body and attribute contexts.
 * @param value any value; non-strings are converted with `String(value)`.
 * @returns the escaped string.
 * @example
 * escapeHtml('<script>alert(1)</script>'); // '&lt;script&gt;alert(1)&lt;/script&gt;'
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(SPOOFING, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

// C0 controls except TAB and LF, DEL, C1 controls, and the Unicode bidi formatting characters.
// eslint-disable-next-line no-control-regex
const SPOOFING = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `markup` (already escaped, e.g. Vega's SVG) without NUL, other controls and bidi controls, which
 * Vega passes through from data-derived labels; nothing else changes.
 * @param markup SVG or HTML text.
 * @example stripSpoofing('<text>\u202eabc</text>'); // '<text>abc</text>'
 */
export function stripSpoofing(markup: string): string {
  return markup.replace(SPOOFING, '');
}

/**
 * A data-derived name (column, site, file, level) escaped and isolated in `<bdi>`, so right-to-left
 * text in it cannot reorder the text around it (HTML's bidi isolation).
 * @param value the name.
 * @example bdi('age').value; // '<bdi>age</bdi>'
 */
export function bdi(value: unknown): SafeHtml {
  return new SafeHtml(`<bdi>${escapeHtml(value)}</bdi>`);
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * A string that is already valid, escaped HTML. Only the report's own templates and the SVG from
 * `renderChart` (whose text Vega escapes) are wrapped in it; everything else is escaped by
 * {@link html}.
 */
export class SafeHtml {
  /** @param value markup that must not be escaped again. */
  constructor(readonly value: string) {}
  /** The markup. */
  toString(): string {
    return this.value;
  }
}

/** A value {@link html} accepts: text (escaped), numbers, SafeHtml, arrays of these, or nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

/**
 * Tagged template for report markup that escapes every interpolated value unless it is
 * {@link SafeHtml}; arrays are joined, `null`/`undefined`/`false` render as nothing. Escaping by
 * default means a data-derived string can never become markup by mistake.
 * @example
 * html`<td>${columnName}</td>`.value; // column name escaped
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map((v: HtmlValue) => render(v)).join('');
  return escapeHtml(value);
}
