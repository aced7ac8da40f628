import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataError } from '../errors.js';
import { parseCsv } from '../data/csv-text.js';
import { createSchema, type Schema, type SchemaRoles } from '../data/schema.js';
import type { Table } from '../data/table.js';

/** How the CSV is read (the CLI's --delimiter, --missing, --categorical). */
export interface DataReadOptions {
  delimiter?: string;
  missing?: string[];
  categorical?: string[];
}

/**
 * The data of a sweep as its jobs carry it: a content-addressed file. `path` is where the file
 * is on every machine that runs jobs (a shared mount, or a copy at the same path); `sha256` is the
 * hash of its bytes, checked by every worker before use, so a job never runs on other data.
 */
export interface DataRef {
  /** Absolute path of the CSV file. */
  path: string;
  /** SHA-256 of the file's bytes, lower-case hex. */
  sha256: string;
  /** CSV reading options. */
  read: DataReadOptions;
  /** Column roles (target, site, exclusions, …). */
  roles: SchemaRoles;
}

/** A DataRef's table and schema, after the hash check. */
export interface LoadedData {
  table: Table;
  schema: Schema;
}

/** SHA-256 of bytes as lower-case hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A content-addressed reference to a CSV file: its absolute path and the SHA-256 of its bytes.
 * @param path the CSV file. @param roles column roles. @param read CSV reading options. Default `{}`.
 * @throws DataError naming the file when it cannot be read.
 * @example const ref = sweep.dataRef('data/heart-disease/heart_disease_4sites.csv', { target: 'num', positive: '>0', site: 'site' });
 */
export function dataRef(path: string, roles: SchemaRoles, read: DataReadOptions = {}): DataRef {
  const abs = resolve(path);
  return { path: abs, sha256: sha256Hex(readBytes(abs)), read, roles };
}

const cache = new Map<string, LoadedData>();

/**
 * Read a DataRef's file, check the SHA-256 of its bytes, parse it and build the schema. Loaded
 * once per process for each content hash (and reading options): later jobs on the same data reuse
 * the table.
 * @param ref the reference a job carries.
 * @throws DataError (code E_DATA) naming the file when it cannot be read, is not UTF-8, or its bytes
 *   do not hash to `ref.sha256` (the file changed since the sweep was planned, or this machine holds
 *   other data at that path).
 * @throws DataError | ValueError from `parseCsv` / `createSchema` for bad data or roles.
 * @example const { table, schema } = sweep.loadDataRef(ref);
 */
export function loadDataRef(ref: DataRef): LoadedData {
  const key = JSON.stringify([ref.sha256, ref.read, ref.roles]);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const bytes = readBytes(ref.path);
  const actual = sha256Hex(bytes);
  if (actual !== ref.sha256) {
    throw new DataError(
      `the file's SHA-256 is ${actual.slice(0, 12)}…, the sweep expects ${ref.sha256.slice(0, 12)}… (the file changed after the sweep was submitted, or this machine has other data at this path). Fix: give every worker the submitted file at the same path.`,
      { file: ref.path },
    );
  }
  if (!isUtf8(bytes)) throw new DataError('the file is not UTF-8 text. Fix: save it as UTF-8.', { file: ref.path });
  const table = parseCsv(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), { ...ref.read, source: ref.path });
  const loaded = { table, schema: createSchema(table, ref.roles) };
  if (cache.size >= 4) cache.delete(cache.keys().next().value!); // a worker serves few data sets; keep memory bounded
  cache.set(key, loaded);
  return loaded;
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new DataError(`cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Fix: check the path (workers need the file at the same path).`, { file: path });
  }
}
