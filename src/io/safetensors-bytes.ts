// Safetensors parsing from bytes only (no file system), shared by readSafetensors (Node) and the
// browser build (io from bytes).
import { ModelFormatError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { DTYPE_SIZES, MAX_HEADER_BYTES, METADATA_KEY, decodeToFloat32 } from './safetensors-format.js';
import { parseStrictJson, type JsonValue } from './safetensors-json.js';

/**
 * The tensors of a safetensors file by name, in header order, plus its `__metadata__` strings.
 * A plain `Map<string, Tensor>` otherwise, so it can be passed to `Module.loadStateDict`.
 */
export class SafetensorsMap extends Map<string, Tensor> {
  /** The header's `__metadata__` map (empty when the file has none). */
  metadata: Record<string, string> = {};
}

interface Entry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

/**
 * Parse safetensors bytes into float32 tensors, validating every header field before any tensor
 * is allocated (see `readSafetensors` for the rules).
 * @param bytes the file's bytes.
 * @param who the caller, as error messages name it.
 * @throws ModelFormatError for a truncated, corrupted or hostile file.
 */
export function parseSafetensors(bytes: Uint8Array, who: string): SafetensorsMap {
  const { entries, metadata, dataStart } = parseHeader(bytes, who);
  const out = new SafetensorsMap();
  out.metadata = metadata;
  for (const e of entries) {
    const count = (e.end - e.begin) / DTYPE_SIZES[e.dtype]!;
    const data = decodeToFloat32(bytes, dataStart + e.begin, count, e.dtype, `${who}: tensor '${e.name}'`);
    out.set(e.name, new Tensor(data, e.shape));
  }
  return out;
}

function parseHeader(bytes: Uint8Array, who: string): { entries: Entry[]; metadata: Record<string, string>; dataStart: number } {
  if (bytes.length < 8) {
    throw new ModelFormatError(`${who}: the file has ${bytes.length} bytes, fewer than the 8-byte header length; it is truncated or not a safetensors file.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = view.getUint32(0, true);
  const hi = view.getUint32(4, true);
  const headerLength = hi * 2 ** 32 + lo;
  if (hi !== 0 || headerLength > MAX_HEADER_BYTES) {
    throw new ModelFormatError(`${who}: the header length field says ${headerLength} bytes, more than the ${MAX_HEADER_BYTES}-byte limit; the file is corrupted or not a safetensors file.`);
  }
  if (headerLength > bytes.length - 8) {
    throw new ModelFormatError(`${who}: the header length field says ${headerLength} bytes but only ${bytes.length - 8} follow; the file is truncated or corrupted.`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    throw new ModelFormatError(`${who}: the header is not valid UTF-8.`);
  }
  const root = parseStrictJson(text, who, 8);
  if (!(root instanceof Map)) {
    throw new ModelFormatError(`${who}: the header must be a JSON object mapping tensor names to {dtype, shape, data_offsets}.`);
  }
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const entries: Entry[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, info] of root) {
    if (name === METADATA_KEY) metadata = parseMetadata(info, who);
    else entries.push(parseEntry(name, info, dataLength, who));
  }
  checkTiling(entries, dataLength, who);
  return { entries, metadata, dataStart };
}

function parseMetadata(info: JsonValue, who: string): Record<string, string> {
  if (!(info instanceof Map)) throw new ModelFormatError(`${who}: '${METADATA_KEY}' must be an object of strings.`);
  const pairs: [string, string][] = [];
  for (const [k, v] of info) {
    if (typeof v !== 'string') throw new ModelFormatError(`${who}: '${METADATA_KEY}.${k}' must be a string. Received: ${kind(v)}.`);
    pairs.push([k, v]);
  }
  return Object.fromEntries(pairs);
}

function parseEntry(name: string, info: JsonValue, dataLength: number, who: string): Entry {
  const at = `${who}: tensor '${name}'`;
  if (!(info instanceof Map)) throw new ModelFormatError(`${at} must be an object {dtype, shape, data_offsets}. Received: ${kind(info)}.`);
  const dtype = info.get('dtype');
  if (typeof dtype !== 'string' || DTYPE_SIZES[dtype] === undefined) {
    throw new ModelFormatError(`${at} has an unknown dtype ${JSON.stringify(dtype ?? null)}; expected one of ${Object.keys(DTYPE_SIZES).join(', ')}.`);
  }
  const shape = info.get('shape');
  if (!Array.isArray(shape) || !shape.every(isIndex)) {
    throw new ModelFormatError(`${at}: 'shape' must be an array of non-negative integers. Received: ${kind(shape)}.`);
  }
  const offsets = info.get('data_offsets');
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
    throw new ModelFormatError(`${at}: 'data_offsets' must be [begin, end], two non-negative integers. Received: ${kind(offsets)}.`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength) {
    throw new ModelFormatError(`${at}: data_offsets [${begin}, ${end}] do not lie inside the ${dataLength}-byte data buffer.`);
  }
  const itemSize = DTYPE_SIZES[dtype]!;
  // Multiply step by step, bounded by the buffer, so no shape can overflow or ask for a huge allocation.
  let bytesNeeded = (shape as number[]).includes(0) ? 0 : itemSize;
  for (const d of shape as number[]) {
    if (bytesNeeded > dataLength) break;
    bytesNeeded *= d;
  }
  if (bytesNeeded !== end - begin) {
    throw new ModelFormatError(`${at}: shape [${(shape as number[]).join(', ')}] of ${dtype} needs ${bytesNeeded > dataLength ? `more than ${dataLength}` : bytesNeeded} bytes but data_offsets span ${end - begin}.`);
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

/** The entries, in offset order, must cover [0, dataLength) exactly once. */
function checkTiling(entries: readonly Entry[], dataLength: number, who: string): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const e of sorted) {
    if (e.begin !== expected) {
      const what = e.begin < expected ? 'overlaps the previous tensor' : `leaves a gap of ${e.begin - expected} bytes before it`;
      throw new ModelFormatError(`${who}: tensor '${e.name}' starts at byte ${e.begin} and ${what}; tensors must be stored contiguously without overlap.`);
    }
    expected = e.end;
  }
  if (expected !== dataLength) {
    throw new ModelFormatError(`${who}: the tensors cover ${expected} bytes but the data buffer holds ${dataLength}; the file has trailing bytes or is corrupted.`);
  }
}

function isIndex(v: JsonValue): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function kind(v: JsonValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (v instanceof Map) return 'an object';
  if (Array.isArray(v)) {
    const shown = v.slice(0, 8).map((x) => (typeof x === 'number' ? String(x) : kind(x)));
    return `[${shown.join(', ')}${v.length > 8 ? ', …' : ''}]`;
  }
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
