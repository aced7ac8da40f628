import { isUtf8 } from 'node:buffer';
import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { parse as parseStream } from 'csv-parse';
import { DataError } from '../errors.js';
import { sniffDelimiter } from './csv-sniff.js';
import { PlainCsvSplitter } from './csv-split.js';
import type { Table } from './table.js';
import { TableAssembler } from './table-assembler.js';
import { csvPosition, firstInvalidUtf8, unsupportedEncoding, unsupportedEncodingMessage } from './text-encoding.js';
import { checkReadOptions, finishTable, headerOf, parseCsv, parserOptions, SNIFF_BYTES, toDataError, type ReadCsvOptions } from './csv-text.js';

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
  checkReadOptions('readCsvSync', options);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new DataError(`cannot read the file (${(err as Error).message}).`, { file: path });
  }
  checkEncoding(bytes, path);
  if (!isUtf8(bytes)) {
    const text = bytes.subarray(0, SNIFF_BYTES).toString('utf8');
    throw invalidUtf8(bytes, firstInvalidUtf8(bytes), path, options.delimiter ?? sniffDelimiter(text), headerOf(text, options.delimiter ?? sniffDelimiter(text)));
  }
  return parseCsv(bytes.toString('utf8'), { ...options, source: path });
}

async function readSample(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** @throws DataError (row 1) for a UTF-16/32 file, which would otherwise parse into nonsense. */
function checkEncoding(head: Uint8Array, path: string): void {
  const enc = unsupportedEncoding(head);
  if (enc !== undefined) throw new DataError(unsupportedEncodingMessage(enc), { file: path, row: 1 });
}

/** The DataError for invalid UTF-8 at byte `offset` of `prefix` (the file from its start). */
function invalidUtf8(prefix: Uint8Array, offset: number, path: string, delimiter: string, header: string[] | undefined): DataError {
  const { row, field } = csvPosition(prefix, offset, delimiter);
  const where: { file: string; row: number; column?: string } = { file: path, row };
  const column = header?.[field];
  if (column !== undefined) where.column = column;
  return new DataError(
    `byte ${offset} (0x${prefix[offset]!.toString(16).padStart(2, '0')}) is not valid UTF-8; clinreg reads UTF-8 text only. Fix: save the file as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8 if it came from Excel).`,
    where,
  );
}

/**
 * A pass-through stream that refuses invalid UTF-8 (instead of letting the decoder turn it into
 * U+FFFD): each chunk is checked with Buffer's native validator, an incomplete sequence at a chunk
 * end is carried into the next; on failure the error names the first bad byte's row and column.
 */
function utf8Guard(path: string, delimiter: string, header: string[] | undefined): Transform {
  let base = 0;
  let carry: Buffer = Buffer.alloc(0);
  const fail = (offset: number): DataError => {
    // Rare path: re-read the file up to the bad byte to count rows and fields exactly.
    const prefix = Buffer.alloc(offset + 1);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, prefix, 0, offset + 1, 0);
    } finally {
      closeSync(fd);
    }
    return invalidUtf8(prefix, offset, path, delimiter, header);
  };
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      const buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const start = base;
      // Hold back a sequence cut by the chunk boundary (at most 3 bytes).
      let cut = buf.length;
      for (let k = 1; k <= 3 && k <= buf.length; k++) {
        const b = buf[buf.length - k]!;
        if (b < 0x80) break;
        if (b >= 0xc0) {
          const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
          if (len > k) cut = buf.length - k;
          break;
        }
      }
      const whole = buf.subarray(0, cut);
      if (!isUtf8(whole)) return cb(fail(start + firstInvalidUtf8(whole)));
      carry = Buffer.from(buf.subarray(cut));
      base += cut;
      cb(null, whole);
    },
    flush(cb) {
      if (carry.length > 0) return cb(fail(base + Math.max(0, firstInvalidUtf8(carry))));
      cb();
    },
  });
}

async function streamFile(path: string, delimiter: string, asm: TableAssembler, header: string[] | undefined, checkUtf8: boolean): Promise<void> {
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
    if (checkUtf8) await pipeline(createReadStream(path), utf8Guard(path, delimiter, header), parseStream(parserOptions(delimiter)), sink);
    else await pipeline(createReadStream(path), parseStream(parserOptions(delimiter)), sink);
  } catch (err) {
    throw toDataError(err, path, asm, header);
  }
}

/** Thrown inside the fast path's sink when the file holds a quote (never escapes readCsv). */
class NeedsCsvParse extends Error {}

/**
 * The fast path of {@link streamFile} for files without quote characters (csv-split.ts): the same
 * records, split natively. @returns false, with the file only partly read, when a quote turns up:
 * the caller then starts again with a fresh assembler and csv-parse.
 */
async function streamPlainFile(path: string, delimiter: string, asm: TableAssembler, header: string[] | undefined, checkUtf8: boolean): Promise<boolean> {
  const decoder = new StringDecoder('utf8');
  const splitter = new PlainCsvSplitter((line) => asm.recordLine(line, delimiter));
  const sink = new Writable({
    write: (chunk: Buffer, _enc, cb) => {
      try {
        cb(splitter.push(decoder.write(chunk)) ? null : new NeedsCsvParse());
      } catch (err) {
        cb(err as Error);
      }
    },
    final: (cb) => {
      try {
        const tail = decoder.end();
        if (!splitter.push(tail)) return cb(new NeedsCsvParse());
        splitter.end();
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
  });
  try {
    const source = createReadStream(path, { highWaterMark: 1 << 20 });
    if (checkUtf8) await pipeline(source, utf8Guard(path, delimiter, header), sink);
    else await pipeline(source, sink);
    return true;
  } catch (err) {
    if (err instanceof NeedsCsvParse) return false;
    throw toDataError(err, path, asm, header);
  }
}

/** One pass over the file into a new assembler: the fast path, or csv-parse when the file has quotes. */
async function readPass(path: string, delimiter: string, header: string[] | undefined, make: () => TableAssembler, checkUtf8: boolean): Promise<TableAssembler> {
  const fast = make();
  if (await streamPlainFile(path, delimiter, fast, header, checkUtf8)) return fast;
  const asm = make();
  await streamFile(path, delimiter, asm, header, checkUtf8);
  return asm;
}

/**
 * Read a CSV file into a typed Table, streamed so memory stays near the size of the typed columns
 * (numbers are stored as Float64Array as they are read, never as strings). A file without quote
 * characters is split natively (csv-split.ts); one with quotes is parsed by csv-parse.
 *
 * Format: UTF-8 (BOM skipped; invalid UTF-8 and UTF-16/32 files are refused, naming the row and
 * column of the first bad byte); delimiter sniffed among `,` `;` tab unless given; RFC 4180 quotes
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
  checkReadOptions('readCsv', options);
  let sampleBytes: Buffer;
  let size: number;
  try {
    sampleBytes = await readSample(path);
    size = (await stat(path)).size;
  } catch (err) {
    throw new DataError(`cannot read the file (${(err as Error).message}).`, { file: path });
  }
  checkEncoding(sampleBytes, path);
  const sample = sampleBytes.toString('utf8');
  const delimiter = options.delimiter ?? sniffDelimiter(sample);
  const header = headerOf(sample, delimiter);
  const bound = TableAssembler.rowBound(size);
  const first = await readPass(path, delimiter, header, () => new TableAssembler(path, options, undefined, true, bound), true);
  const { columns, reread } = first.finish();
  let second: TableAssembler | undefined;
  if (reread.length > 0) second = await readPass(path, delimiter, header, () => new TableAssembler(path, options, reread, true, bound), false);
  return finishTable(first, second, reread, path, columns);
}
