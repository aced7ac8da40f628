// Delimiter detection for the CSV reader.

/** Delimiters the reader detects by itself; any other single character must be given. */
export const SNIFFED_DELIMITERS: readonly string[] = Object.freeze([',', ';', '\t']);

/**
 * Guess the delimiter of CSV text from its first records (quotes respected): the candidate among
 * `,` `;` tab that splits the header into the most fields and every sampled record into the same
 * number of fields; failing that, the one most frequent in the header; `,` when none occurs.
 * @param sample the start of the file (a partial last record is ignored unless it is the only one).
 * @param maxRecords how many records to look at (default 20).
 * @returns the delimiter character.
 * @example
 * data.sniffDelimiter('a;b\n1,5;2\n'); // ';'
 */
export function sniffDelimiter(sample: string, maxRecords = 20): string {
  if (sample.charCodeAt(0) === 0xfeff) sample = sample.slice(1);
  const counts = new Map<string, number[]>(SNIFFED_DELIMITERS.map((d) => [d, []]));
  let current = new Map<string, number>(SNIFFED_DELIMITERS.map((d) => [d, 0]));
  let quoting = false;
  let records = 0;
  let complete = true;
  for (let i = 0; i < sample.length && records < maxRecords; i++) {
    const ch = sample[i]!;
    complete = false;
    if (ch === '"') quoting = !quoting; // a doubled quote toggles twice, as it should
    else if (!quoting && (ch === '\n' || ch === '\r')) {
      if (ch === '\r' && sample[i + 1] === '\n') i++;
      for (const d of SNIFFED_DELIMITERS) counts.get(d)!.push(current.get(d)!);
      current = new Map(SNIFFED_DELIMITERS.map((d) => [d, 0]));
      records++;
      complete = true;
    } else if (!quoting && current.has(ch)) current.set(ch, current.get(ch)! + 1);
  }
  if (!complete && records === 0) {
    for (const d of SNIFFED_DELIMITERS) counts.get(d)!.push(current.get(d)!);
  }
  let best: string | undefined;
  let bestFields = 0;
  for (const d of SNIFFED_DELIMITERS) {
    const c = counts.get(d)!;
    if (c.length === 0 || c[0]! === 0) continue;
    if (c.every((x) => x === c[0]) && c[0]! > bestFields) {
      best = d;
      bestFields = c[0]!;
    }
  }
  if (best !== undefined) return best;
  let most = 0;
  best = ',';
  for (const d of SNIFFED_DELIMITERS) {
    const h = counts.get(d)![0] ?? 0;
    if (h > most) {
      most = h;
      best = d;
    }
  }
  return best;
}
