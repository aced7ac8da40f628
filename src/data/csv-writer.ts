import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { ValueError } from '../errors.js';
import type { Column, Table } from './table.js';

/** Options of {@link toCsv} and {@link writeCsv}. */
export interface WriteCsvOptions {
  /** Field delimiter, one character. Default `,`. */
  delimiter?: string;
  /** Text written for a missing value. Default `''` (an empty field). */
  missing?: string;
  /** Line ending. Default `'\n'`. */
  lineEnding?: '\n' | '\r\n';
}

function quoteTest(delimiter: string): (s: string) => boolean {
  return (s: string): boolean =>
    s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r') || (s.length > 0 && s.trim() !== s);
}

function cellWriter(col: Column, missing: string, needsQuote: (s: string) => boolean): (i: number) => string {
  const quote = (s: string): string => (needsQuote(s) ? `"${s.replaceAll('"', '""')}"` : s);
  if (col.kind === 'categorical') {
    const levels = col.levels.map(quote);
    return (i) => (col.codes[i]! < 0 ? missing : levels[col.codes[i]!]!);
  }
  if (col.kind === 'date') return (i) => (Number.isNaN(col.values[i]!) ? missing : new Date(col.values[i]!).toISOString());
  // String() of a double is the shortest text that reads back to the same double.
  return (i) => (Number.isNaN(col.values[i]!) ? missing : String(col.values[i]!));
}

function prepare(who: string, table: Table, options: WriteCsvOptions) {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new ValueError(`${who}: delimiter must be one character other than a quote or a line break. Received: ${JSON.stringify(delimiter)}.`);
  }
  const missing = options.missing ?? '';
  const eol = options.lineEnding ?? '\n';
  const needsQuote = quoteTest(delimiter);
  const quote = (s: string): string => (needsQuote(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const header = table.columnNames.map(quote).join(delimiter) + eol;
  const cells = table.columnNames.map((n) => cellWriter(table.column(n), missing, needsQuote));
  const line = (i: number): string => {
    let s = cells[0]!(i);
    for (let c = 1; c < cells.length; c++) s += delimiter + cells[c]!(i);
    return s + eol;
  };
  return { header, line };
}

/**
 * A Table as CSV text that {@link readCsv} reads back to the same values: numbers in shortest
 * round-trip form, dates as ISO-8601 UTC, levels quoted (RFC 4180) when they hold the delimiter,
 * a quote, a line break or surrounding spaces. Levels equal to a missing token read back as missing.
 * @param table the table.
 * @param options delimiter (`,`), missing text (`''`), line ending (`\n`).
 * @throws ValueError for a bad delimiter.
 * @example
 * data.toCsv(table); // 'age,sex\n63,m\n'
 */
export function toCsv(table: Table, options: WriteCsvOptions = {}): string {
  if (table.columnNames.length === 0) return '';
  const { header, line } = prepare('toCsv', table, options);
  const parts: string[] = [header];
  for (let i = 0; i < table.nRows; i++) parts.push(line(i));
  return parts.join('');
}

/**
 * Write a Table to a CSV file (same format as {@link toCsv}), in chunks so a large table never
 * becomes one string.
 * @param path output file (overwritten).
 * @param table the table.
 * @param options see {@link WriteCsvOptions}.
 * @throws ValueError for a bad delimiter; the file system's error when the file cannot be written.
 * @example
 * await data.writeCsv('/tmp/out.csv', table);
 */
export async function writeCsv(path: string, table: Table, options: WriteCsvOptions = {}): Promise<void> {
  const out = createWriteStream(path);
  const closed = once(out, 'close');
  try {
    if (table.columnNames.length > 0) {
      const { header, line } = prepare('writeCsv', table, options);
      let chunk = header;
      for (let i = 0; i < table.nRows; i++) {
        chunk += line(i);
        if (chunk.length > 1 << 16) {
          if (!out.write(chunk)) await once(out, 'drain');
          chunk = '';
        }
      }
      out.write(chunk);
    }
  } finally {
    out.end();
  }
  await closed;
}
