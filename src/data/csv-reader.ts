import { createReadStream, readFileSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse as parseStream, type Options as CsvParseOptions } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { DataError, ValueError } from '../errors.js';
import { sniffDelimiter } from './csv-sniff.js';
import type { Table } from './table.js';
import { assembleTable, TableAssembler, type ColumnReadOptions } from './table-assembler.js';

/** Options of {@link readCsv}, {@link readCsvSync} and {@link parseCsv}. */
export interface ReadCsvOptions extends ColumnReadOptions {
  /** Field delimiter, one character. Default: sniffed among `,` `;` tab from the first records. */
  delimiter?: string;
}

const SNIFF_BYTES = 64 * 1024;

function checkDelimiter(who: string, d: string | undefined): void {
  if (d === undefined) return;
  if (typeof d !== 'string' || d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
    throw new ValueError(
      `${who}: delimiter must be one character other than a quote or a line break (e.g. ',', ';', '\\t'). Received: ${JSON.stringify(d)}.`,
    );
  }
}

function parserOptions(delimiter: string): CsvParseOptions {
  return { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false };
}

/** Sync parsing hands each record to `onRecord` and keeps none (on_record returning null). */
function syncOptions(delimiter: string, onRecord: (rec: string[]) => void): CsvParseOptions {
  return {
    ...parserOptions(delimiter),
    on_record: (rec: string[]) => {
      onRecord(rec);
      return null;
    },
  };
}

/** The header fields of a CSV sample, for naming columns in errors raised before the header is consumed. */
function headerOf(sample: string, delimiter: string): string[] | undefined {
  try {
    const recs = parseSync(sample, { ...parserOptions(delimiter), to: 1 }) as string[][];
    return recs[0]?.map((s) => s.trim());
  } catch {
    return undefined;
  }
}

interface CsvErrorLike {
  code?: unknown;
  records?: unknown;
  column?: unknown;
}

/** Map a csv-parse error to a DataError naming file, row and column. */
function toDataError(err: unknown, file: string | undefined, asm: TableAssembler, header?: string[]): unknown {
  if (err instanceof DataError || typeof err !== 'object' || err === null) return err;
  const e = err as CsvErrorLike & { message?: string };
  if (typeof e.code !== 'string' || !e.code.startsWith('CSV_') && e.code !== 'INVALID_OPENING_QUOTE') return err;
  const row = (typeof e.records === 'number' ? e.records : asm.row) + 1;
  const idx = typeof e.column === 'number' ? e.column : undefined;
  const names = asm.header ?? header;
  const column = idx !== undefined && names !== undefined ? names[idx] : undefined;
  const why =
    e.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quoted field is never closed (unterminated quote). Fix: close the quote; a quote inside a quoted field is written twice ("").'
      : e.code === 'INVALID_OPENING_QUOTE'
        ? 'a quote appears inside an unquoted field. Fix: quote the whole field and write inner quotes twice ("").'
        : e.code === 'CSV_INVALID_CLOSING_QUOTE' || e.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE'
          ? 'text follows the closing quote of a quoted field. Fix: write a quote inside a quoted field twice ("").'
          : `the CSV cannot be parsed (${e.code}: ${e.message ?? ''}).`;
  const where: { file?: string; row: number; column?: string } = { row };
  if (file !== undefined) where.file = file;
  if (column !== undefined) where.column = column;
  return new DataError(why, where);
}

function finishTable(first: TableAssembler, second: TableAssembler | undefined, reread: number[], source: string | undefined, firstCols: ReturnType<TableAssembler['finish']>['columns']): Table {
  const secondCols = second === undefined ? [] : second.finish().columns;
  return assembleTable(first.header!, firstCols, reread, secondCols, source, first.blankRows);
}

/**
 * Parse CSV text into a Table (synchronous; the whole text is in memory but records are not kept).
 * Same rules as {@link readCsv}.
 * @param text CSV text (a UTF-8 BOM is skipped).
 * @param options see {@link ReadCsvOptions}; `source` names the text in errors.
 * @throws DataError for malformed input; ValueError for a bad option.
 * @example
 * const t = data.parseCsv('age,sex\n63,m\n67,f\n'); // t.nRows === 2
 */
export function parseCsv(text: string, options: ReadCsvOptions & { source?: string } = {}): Table {
  checkDelimiter('parseCsv', options.delimiter);
  const source = options.source;
  const delimiter = options.delimiter ?? sniffDelimiter(text.slice(0, SNIFF_BYTES));
  const run = (asm: TableAssembler): void => {
    try {
      parseSync(text, syncOptions(delimiter, (rec) => asm.record(rec)));
    } catch (err) {
      throw toDataError(err, source, asm);
    }
  };
  const bound = TableAssembler.rowBound(text.length);
  const first = new TableAssembler(source, options, undefined, true, bound);
  run(first);
  const { columns, reread } = first.finish();
  let second: TableAssembler | undefined;
  if (reread.length > 0) {
    second = new TableAssembler(source, options, reread, true, bound);
    run(second);
  }
  return finishTable(first, second, reread, source, columns);
}

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
