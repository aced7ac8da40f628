import { createReadStream, readFileSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse as parseStream } from 'csv-parse';
import { DataError } from '../errors.js';
import { sniffDelimiter } from './csv-sniff.js';
import type { Table } from './table.js';
import { TableAssembler } from './table-assembler.js';
import { checkDelimiter, finishTable, headerOf, parseCsv, parserOptions, SNIFF_BYTES, toDataError, type ReadCsvOptions } from './csv-text.js';

export { parseCsv };
export type { ReadCsvOptions };

/**
 * Read a CSV file synchronously into a Table. Same rules as {@link readCsv}; holds the file text in
 * memory while parsing, so prefer `readCsv` for large files.
 * @param path file path (also used in error messages).
 * @param options see {@link ReadCsvOptions}.
 * @throws DataError for malformed input or an unreadable file; ValueError for a bad option.
 * @example
 * const t = data.readCsvSync('data/heart-disease/heart_disease_4sites.csv');
 */
export function readCsvSync(path: string, options: ReadCsvOptions = {}): Table {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DataError(`cannot read the file (${(err as Error).message}).`, { file: path });
  }
  return parseCsv(text, { ...options, source: path });
}

async function readSample(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

async function streamFile(path: string, delimiter: string, asm: TableAssembler, header: string[] | undefined): Promise<void> {
  // Records reach the assembler in batches (writev), which costs less per record than on_record.
  const sink = new Writable({
    objectMode: true,
    highWaterMark: 1024,
    writev: (chunks, cb) => {
      try {
        for (const c of chunks) asm.record(c.chunk as string[]);
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
  });
  try {
    await pipeline(createReadStream(path), parseStream(parserOptions(delimiter)), sink);
  } catch (err) {
    throw toDataError(err, path, asm, header);
  }
}

/**
 * Read a CSV file into a typed Table, streamed with csv-parse so memory stays near the size of
 * the typed columns (numbers are stored as Float64Array as they are read, never as strings).
 *
 * Format: UTF-8 (BOM skipped); delimiter sniffed among `,` `;` tab unless given; RFC 4180 quotes
 * (fields may hold delimiters, quotes written twice, and line breaks); LF or CRLF; blank lines
 * skipped; header names trimmed. Missing: cells whose trimmed text is a `missing` token (default
 * `''`, `NA`, `NaN`, `?`). Types per column: numeric when every non-missing value is a decimal
 * number, date (epoch ms, UTC) when every one is an ISO-8601 date, categorical otherwise; `types`
 * and `categorical` override. Stray-text rule: when ≥ 95 % of a column's values are numbers (or
 * dates) and a few are not, the first such value is a DataError (a typo in a lab column is reported,
 * not silently turned into a categorical column), unless the column is declared categorical.
 * Rows: 1-based, header = row 1, first data record = row 2 (records, so a quoted line break does not
 * shift the count).
 * @param path file path (also used in error messages).
 * @param options see {@link ReadCsvOptions}.
 * @returns a Table whose `source` is `path`.
 * @throws DataError naming file, row and column for: an unreadable or empty file, a header without
 *   data, an empty or duplicate column name, a ragged row, an unterminated or misplaced quote, stray
 *   text in a numeric column, a value that does not fit a forced type, an unknown column in options.
 * @throws ValueError for a bad delimiter option.
 * @example
 * const t = await data.readCsv('data/heart-disease/heart_disease_4sites.csv');
 * t.nRows; // 920
 */
export async function readCsv(path: string, options: ReadCsvOptions = {}): Promise<Table> {
  checkDelimiter('readCsv', options.delimiter);
  let sample: string;
  let size: number;
  try {
    sample = await readSample(path);
    size = (await stat(path)).size;
  } catch (err) {
    throw new DataError(`cannot read the file (${(err as Error).message}).`, { file: path });
  }
  const delimiter = options.delimiter ?? sniffDelimiter(sample);
  const header = headerOf(sample, delimiter);
  const bound = TableAssembler.rowBound(size);
  const first = new TableAssembler(path, options, undefined, true, bound);
  await streamFile(path, delimiter, first, header);
  const { columns, reread } = first.finish();
  let second: TableAssembler | undefined;
  if (reread.length > 0) {
    second = new TableAssembler(path, options, reread, true, bound);
    await streamFile(path, delimiter, second, header);
  }
  return finishTable(first, second, reread, path, columns);
}
