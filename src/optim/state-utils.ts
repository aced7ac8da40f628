// Helpers for optimizer and scheduler state snapshots (internal).
import { ValueError } from '../errors.js';

/** Whether `value` is a non-null, non-array object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** Number of parameters a saved group lists, or -1 when its `params` is not an index array. */
export function groupCount(group: unknown): number {
  if (!isPlainObject(group) || !Array.isArray(group['params'])) return -1;
  return group['params'].length;
}

/**
 * A copy of one saved state value: a number stays a number; a Float32Array or number array of
 * `size` elements becomes a fresh Float32Array.
 * @throws ValueError (message starts with `where`) for anything else or a length mismatch.
 */
export function copyStateValue(value: unknown, size: number, where: string): Float32Array | number {
  if (typeof value === 'number') return value;
  if (value instanceof Float32Array || (Array.isArray(value) && value.every((v) => typeof v === 'number'))) {
    if (value.length !== size) {
      throw new ValueError(`${where} has ${value.length} values but its parameter has ${size}; the snapshot belongs to a different model.`);
    }
    return Float32Array.from(value);
  }
  throw new ValueError(`${where} must be a number or a Float32Array. Received: ${value === null ? 'null' : typeof value}.`);
}
