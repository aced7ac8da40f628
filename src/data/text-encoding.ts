// Encoding checks for CSV bytes: clinreg reads UTF-8 only, so UTF-16/32 files and invalid UTF-8
// are refused with the place of the first bad byte instead of turning into U+FFFD silently.
// Node-free (Uint8Array only), so the browser build can use it too.

/**
 * The name of a Unicode encoding other than UTF-8 that `head` (the first bytes of a file) is
 * written in, from its byte-order mark or, without one, from NUL bytes in alternate positions
 * (ASCII text in UTF-16/32); undefined for UTF-8 or plain ASCII.
 * @param head the first bytes of the file (at least 4 for a reliable answer).
 */
export function unsupportedEncoding(head: Uint8Array): string | undefined {
  const [a, b, c, d] = [head[0], head[1], head[2], head[3]];
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return 'UTF-32BE';
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return 'UTF-32LE';
  if (a === 0xfe && b === 0xff) return 'UTF-16BE';
  if (a === 0xff && b === 0xfe) return 'UTF-16LE';
  if (head.length >= 4) {
    if (a === 0 && b === 0 && c === 0 && d !== 0) return 'UTF-32BE';
    if (a !== 0 && b === 0 && c === 0 && d === 0) return 'UTF-32LE';
    if (a === 0 && b !== 0 && c === 0 && d !== 0) return 'UTF-16BE';
    if (a !== 0 && b === 0 && c !== 0 && d === 0) return 'UTF-16LE';
  }
  return undefined;
}

/**
 * Offset of the first byte of `bytes[start..end)` that does not begin or continue a valid UTF-8
 * sequence (overlong forms, surrogates and code points above U+10FFFF are invalid, as in the
 * WHATWG decoder), or -1. A sequence cut off by `end` counts as valid when `partialOk`.
 */
export function firstInvalidUtf8(bytes: Uint8Array, start = 0, end = bytes.length, partialOk = false): number {
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= end) return partialOk ? -1 : i;
      const c = bytes[i + k]!;
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * Record row (1-based, header = 1) and field index (0-based) of byte `offset` in CSV `bytes`,
 * counting line breaks and delimiters outside double quotes (RFC 4180), as the parser does.
 */
export function csvPosition(bytes: Uint8Array, offset: number, delimiter: string): { row: number; field: number } {
  const delim = delimiter.charCodeAt(0);
  let row = 1;
  let field = 0;
  let quoted = false;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && c === 0x0a) {
      row++;
      field = 0;
    } else if (!quoted && c === delim) field++;
  }
  return { row, field };
}

/** The message for a file in an unsupported encoding. */
export function unsupportedEncodingMessage(encoding: string): string {
  return `the file is ${encoding} encoded; clinreg reads UTF-8 only. Fix: save it as UTF-8 (e.g. "CSV UTF-8" in Excel, or iconv -f ${encoding} -t UTF-8).`;
}
