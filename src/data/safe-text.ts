// One sanitiser for text that came from data (cells, column names, file names) before people read
// it on a terminal or in an error line. Dependency-free: the CLI's error path imports it directly.

/**
 * Characters that can rewrite or disguise what a terminal shows: C0 controls (NUL, CR, ESC, …),
 * DEL, C1 controls (U+0080–U+009F, including the 8-bit CSI and OSC), and the Unicode bidi
 * controls (ALM, LRM, RLM, LRE…RLO, LRI…PDI) plus the line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_KEEP_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control and bidi character replaced by a visible escape (`\x1b`, `\x00`,
 * `\u202e`), so data cannot clear a screen, move the cursor, start an OSC sequence, overwrite a
 * line with CR or reorder what is shown.
 * @param text any string.
 * @param options.keepLines keep LF and TAB (multi-line output such as a CSV printed to stdout).
 *   Default false: everything on one line.
 * @example safeText('a\x1b[2Jb'); // 'a\\x1b[2Jb'
 */
export function safeText(text: string, options: { keepLines?: boolean } = {}): string {
  return text.replace(options.keepLines === true ? UNSAFE_KEEP_LINES : UNSAFE, escapeChar);
}

/** Default length of an echoed cell or name, in characters. */
export const EXCERPT_LENGTH = 60;

/**
 * A short, safe excerpt of a value from data for an error line: at most `max` characters of it
 * (never splitting a surrogate pair), escaped by {@link safeText}, with the full length noted when
 * cut. Cost is O(max), whatever the length of `text` (a 50 MB cell is not copied).
 * @param text the cell, name or other data text.
 * @param max characters kept. Default {@link EXCERPT_LENGTH}.
 * @example excerpt('x'.repeat(1e6)); // 'xxx…x… (1000000 characters)'
 */
export function excerpt(text: string, max: number = EXCERPT_LENGTH): string {
  if (text.length <= max) return safeText(text);
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${safeText(text.slice(0, end))}… (${text.length} characters)`;
}
