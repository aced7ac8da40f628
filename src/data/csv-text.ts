// CSV text → Table with no file system (parseCsv and the parser settings readCsv shares), so the
// browser build reads CSV exactly as Node does.
import { parse as parseSync, type Options as CsvParseOptions } from 'csv-parse/sync';
import { DataError, ValueError } from '../errors.js';
import { checkOptions } from '../option-keys.js';
import { sniffDelimiter } from './csv-sniff.js';
import type { Table } from './table.js';
import { assembleTable, TableAssembler, type ColumnReadOptions } from './table-assembler.js';

/** Options of {@link readCsv}, {@link readCsvSync} and {@link parseCsv}. */
export interface ReadCsvOptions extends ColumnReadOptions {
  /** Field delimiter, one character. Default: sniffed among `,` `;` tab from the first records. */
  delimiter?: string;
}

/** Bytes read to sniff the delimiter. */
export const SNIFF_BYTES = 64 * 1024;

/** @throws ValueError unless `d` is undefined or one character other than a quote or a line break. */
export function checkDelimiter(who: string, d: string | undefined): void {
  if (d === undefined) return;
  if (typeof d !== 'string' || d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
    throw new ValueError(
      `${who}: delimiter must be one character other than a quote or a line break (e.g. ',', ';', '\\t'). Received: ${JSON.stringify(d)}.`,
    );
  }
}

const READ_KEYS = { delimiter: true, missing: true, types: true, categorical: true } as const satisfies Record<keyof Required<ReadCsvOptions>, true>;

/**
 * Check the options of a CSV reader (parseCsv, readCsv, readCsvSync) at the public boundary.
 * @param who the reader, named in the message.
 * @param options what the caller passed.
 * @throws ValueError for an unknown option key (`source` is parseCsv's own) or a bad delimiter.
 */
export function checkReadOptions(who: string, options: ReadCsvOptions & { source?: string }): void {
  checkOptions(who, options, who === 'parseCsv' ? [...Object.keys(READ_KEYS), 'source'] : READ_KEYS);
  checkDelimiter(who, options.delimiter);
}

/** csv-parse settings shared by the text and the streaming reader. */
export function parserOptions(delimiter: string): CsvParseOptions {
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
export function headerOf(sample: string, delimiter: string): string[] | undefined {
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
export function toDataError(err: unknown, file: string | undefined, asm: TableAssembler, header?: string[]): unknown {
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

/** The Table of a one- or two-pass read (the second pass re-reads columns whose type changed). */
export function finishTable(first: TableAssembler, second: TableAssembler | undefined, reread: number[], source: string | undefined, firstCols: ReturnType<TableAssembler['finish']>['columns']): Table {
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
  checkReadOptions('parseCsv', options);
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
