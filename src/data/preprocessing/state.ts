// JSON state shared by the preprocessing transformers: fingerprint codec and zod validation.
import * as z from 'zod';
import { ModelFormatError } from '../../errors.js';
import type { Fingerprint } from '../fingerprint.js';

/** A fingerprint as stored in model.json: hashes as base64 of little-endian uint32. */
export interface FingerprintJSON {
  columns: string[];
  nRows: number;
  hashes: string;
}

/** zod schema of {@link FingerprintJSON}. */
export const fingerprintSchema = z.object({
  columns: z.array(z.string()),
  nRows: z.number().int().nonnegative(),
  hashes: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/),
});

/** zod schema of a column kind. */
export const kindSchema = z.enum(['numeric', 'categorical', 'date']);

/** Encode a fingerprint for JSON. */
export function fingerprintToJSON(fp: Fingerprint): FingerprintJSON {
  const bytes = new Uint8Array(fp.hashes.length * 4);
  const view = new DataView(bytes.buffer);
  fp.hashes.forEach((h, i) => view.setUint32(i * 4, h, true));
  return { columns: [...fp.columns], nRows: fp.nRows, hashes: toBase64(bytes) };
}

/**
 * Decode a validated fingerprint.
 * @throws ModelFormatError when the hash count does not match nRows or hashes are not sorted.
 */
export function fingerprintFromJSON(who: string, json: FingerprintJSON): Fingerprint {
  const bytes = fromBase64(json.hashes, who);
  if (bytes.length !== json.nRows * 4) {
    throw new ModelFormatError(`${who}.fromJSON: fitFingerprint.hashes must hold nRows (${json.nRows}) 32-bit hashes. Received: ${bytes.length} bytes.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hashes = new Uint32Array(json.nRows);
  for (let i = 0; i < json.nRows; i++) {
    hashes[i] = view.getUint32(i * 4, true);
    if (i > 0 && hashes[i]! < hashes[i - 1]!) {
      throw new ModelFormatError(`${who}.fromJSON: fitFingerprint.hashes must be sorted ascending. Received: hash ${i} below hash ${i - 1}.`);
    }
  }
  return Object.freeze({ columns: [...json.columns], nRows: json.nRows, hashes });
}

/**
 * Validate JSON state against a zod schema.
 * @throws ModelFormatError naming the first bad field.
 */
export function parseState<T>(who: string, schema: z.ZodType<T>, json: unknown): T {
  const r = schema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    throw new ModelFormatError(`${who}.fromJSON: invalid state at '${path}': ${issue.message}. Fix: pass the object produced by toJSON().`);
  }
  return r.data;
}

// Base64 without Node's Buffer, so preprocessing state also loads in the browser build.
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string, who: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new ModelFormatError(`${who}.fromJSON: fitFingerprint.hashes is not valid base64.`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
