// Cell-level parsing shared by the CSV reader and fromRows: numbers, ISO-8601 dates, missing tokens.

/** Missing-value tokens used when none are given: empty field, `NA`, `NaN`, `?`. */
export const DEFAULT_MISSING: readonly string[] = Object.freeze(['', 'NA', 'NaN', '?']);

/**
 * The number a cell holds, or NaN when it is not a plain decimal number. Accepts an optional sign,
 * decimals and an exponent (`-1.5e3`), with surrounding spaces; rejects hex, `Infinity`, `1,5`
 * and values that overflow a double. A hand-written scan: this runs once per CSV cell.
 */
export function parseNumber(text: string): number {
  return parseNumberIn(text, 0, text.length);
}

/**
 * {@link parseNumber} of `text.slice(start, stop)` without making that string (the CSV reader's
 * fast path reads numeric cells straight from the line).
 */
export function parseNumberIn(text: string, start: number, stop: number): number {
  let i = start;
  let end = stop;
  while (i < end && text.charCodeAt(i) <= 32) i++;
  while (end > i && text.charCodeAt(end - 1) <= 32) end--;
  if (i === end) return NaN;
  let c = text.charCodeAt(i);
  const negative = c === 45;
  if (c === 43 || c === 45) i++; // + -
  let digits = 0;
  let mantissa = 0;
  let fraction = 0;
  while (i < end && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    i++;
    digits++;
  }
  if (i < end && text.charCodeAt(i) === 46) {
    i++;
    while (i < end && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      i++;
      digits++;
      fraction++;
    }
  }
  if (digits === 0) return NaN;
  let hasExponent = false;
  if (i < end && ((c = text.charCodeAt(i)) === 101 || c === 69)) {
    hasExponent = true;
    i++;
    if (i < end && ((c = text.charCodeAt(i)) === 43 || c === 45)) i++;
    let exp = 0;
    while (i < end && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
      i++;
      exp++;
    }
    if (exp === 0) return NaN;
  }
  if (i !== end) return NaN;
  // Exact fast path (Clinger): a mantissa below 2^53 divided by an exact power of ten is one
  // correctly rounded IEEE operation, the same double Number() gives.
  if (!hasExponent && digits <= 15 && fraction <= 22) {
    const v = fraction === 0 ? mantissa : mantissa / POW10[fraction]!;
    return negative ? -v : v;
  }
  const v = Number(start === 0 && stop === text.length ? text : text.slice(start, stop));
  return Number.isFinite(v) ? v : NaN; // '1e999' overflows: text, not a number
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Whether `text` is written as a plain decimal number but its value overflows a double
 * (`1e999`, 400 digits): such a cell is a value the engine cannot represent, not text.
 */
export function overflowsDouble(text: string): boolean {
  const t = text.trim();
  if (!DECIMAL.test(t)) return false;
  const v = Number(t);
  return v === Infinity || v === -Infinity;
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

const ISO_DATE = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?\s*$/;

/**
 * Epoch milliseconds (UTC) of an ISO-8601 date or date-time, or NaN when the text is not one.
 * Forms: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` with optional `Z` or `±HH[:MM]` offset (a
 * space may replace `T`). A date-time without an offset is read as UTC, never as local time, so a
 * file gives the same values on every machine. Impossible dates (`2021-02-30`) are rejected.
 */
export function parseIsoDate(text: string): number {
  if (text.length < 10) return NaN;
  if (text.length === 10) return plainDate(text); // the common YYYY-MM-DD, without the regex
  const m = ISO_DATE.exec(text);
  if (m === null) return NaN;
  const y = +m[1]!;
  const mo = +m[2]!;
  const d = +m[3]!;
  const hh = m[4] === undefined ? 0 : +m[4];
  const mi = m[5] === undefined ? 0 : +m[5];
  const ss = m[6] === undefined ? 0 : +m[6];
  const ms = m[7] === undefined ? 0 : Math.floor(+`0.${m[7]}` * 1000);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || hh > 23 || mi > 59 || ss > 59) return NaN;
  let offset = 0;
  const z = m[8];
  if (z !== undefined && z !== 'Z') {
    const sign = z[0] === '-' ? -1 : 1;
    const digits = z.slice(1).replace(':', '');
    const oh = +digits.slice(0, 2);
    const om = digits.length > 2 ? +digits.slice(2, 4) : 0;
    if (oh > 23 || om > 59) return NaN;
    offset = sign * (oh * 60 + om) * 60000;
  }
  return utc(y, mo, d, hh, mi, ss, ms) - offset;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, mo: number): number {
  return mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : DAYS[mo - 1]!;
}

/** Date.UTC without its two-digit-year rule (years 0–99 would become 1900–1999): 400 Gregorian years are 146097 days. */
function utc(y: number, mo: number, d: number, hh: number, mi: number, ss: number, ms: number): number {
  return Date.UTC(y + 400, mo - 1, d, hh, mi, ss, ms) - 146097 * 86400000;
}

function plainDate(text: string): number {
  let y = 0;
  let mo = 0;
  let d = 0;
  for (let i = 0; i < 10; i++) {
    const c = text.charCodeAt(i);
    if (i === 4 || i === 7) {
      if (c !== 45) return NaN;
      continue;
    }
    if (c < 48 || c > 57) return NaN;
    if (i < 4) y = y * 10 + c - 48;
    else if (i < 7) mo = mo * 10 + c - 48;
    else d = d * 10 + c - 48;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  return utc(y, mo, d, 0, 0, 0, 0);
}

/** A set-membership test for missing tokens; a cell is missing when its trimmed text is a token. */
export function missingTest(tokens: readonly string[]): (text: string) => boolean {
  const set = new Set(tokens.map((t) => t.trim()));
  const hasEmpty = set.has('');
  const longest = Math.max(0, ...[...set].map((t) => t.length));
  return (text: string): boolean => {
    if (text.length === 0) return hasEmpty;
    const c0 = text.charCodeAt(0);
    const cl = text.charCodeAt(text.length - 1);
    // Fast path: no surrounding whitespace, so no trim needed (and longer texts cannot match).
    if (c0 > 32 && cl > 32) return text.length <= longest && set.has(text);
    return set.has(text.trim());
  };
}
