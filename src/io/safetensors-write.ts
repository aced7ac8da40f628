import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { writeFileAtomicSync } from './atomic-write.js';
import { METADATA_KEY, encodeFloat32 } from './safetensors-format.js';

/** Tensors to save: a Map (e.g. `module.stateDict()`), a plain object, or name/tensor pairs. */
export type TensorsInput = ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>> | Iterable<readonly [string, Tensor]>;

/**
 * Serialise float32 tensors in the safetensors format (readable by `safetensors.torch.load_file`
 * and `readSafetensors`): tensors sorted by name, stored F32 little-endian and contiguous; the
 * JSON header is padded with spaces to a multiple of 8 bytes. With a path the bytes are written
 * atomically (`writeFileAtomicSync`: temporary file in the same folder, fsync, rename), so a
 * crash never leaves a half-written model.
 * @param path file to write, or null to only return the bytes.
 * @param tensors name → tensor (no name may be `__metadata__` or appear twice).
 * @param metadata optional string → string pairs stored as `__metadata__`.
 * @returns the file's bytes.
 * @throws ValueError for a non-tensor value, a reserved or repeated name, or a non-string
 *   metadata value; the file system's error when the file cannot be written.
 * @example
 * io.writeSafetensors('model.safetensors', model.stateDict(), { format: 'pt' });
 */
export function writeSafetensors(path: string | null, tensors: TensorsInput, metadata?: Readonly<Record<string, string>>): Uint8Array {
  const entries = collect(tensors);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const parts: string[] = [];
  if (metadata !== undefined) {
    const pairs = Object.entries(metadata);
    for (const [k, v] of pairs) {
      if (typeof v !== 'string') {
        throw new ValueError(`writeSafetensors: metadata values must be strings. Received: metadata.${k} of type ${typeof v}; convert it with String() or JSON.stringify().`);
      }
    }
    if (pairs.length > 0) parts.push(`${JSON.stringify(METADATA_KEY)}:{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
  }
  let offset = 0;
  for (const [name, t] of entries) {
    const end = offset + t.data.byteLength;
    parts.push(`${JSON.stringify(name)}:{"dtype":"F32","shape":[${t.shape.join(',')}],"data_offsets":[${offset},${end}]}`);
    offset = end;
  }
  const header = new TextEncoder().encode(`{${parts.join(',')}}`);
  const padded = Math.ceil(header.length / 8) * 8;
  const bytes = new Uint8Array(8 + padded + offset);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(padded), true);
  bytes.set(header, 8);
  bytes.fill(0x20, 8 + header.length, 8 + padded);
  let at = 8 + padded;
  for (const [, t] of entries) {
    encodeFloat32(bytes, at, t.data);
    at += t.data.byteLength;
  }
  if (path !== null) writeFileAtomicSync(path, bytes);
  return bytes;
}

function collect(tensors: TensorsInput): [string, Tensor][] {
  let pairs: Iterable<readonly [string, Tensor]>;
  if (tensors instanceof Map) pairs = tensors.entries();
  else if (typeof (tensors as Iterable<unknown>)[Symbol.iterator] === 'function') pairs = tensors as Iterable<readonly [string, Tensor]>;
  else if (typeof tensors === 'object' && tensors !== null) pairs = Object.entries(tensors as Record<string, Tensor>);
  else throw new ValueError(`writeSafetensors: tensors must be a Map, an object or [name, tensor] pairs. Received: ${String(tensors)}.`);
  const out: [string, Tensor][] = [];
  const seen = new Set<string>();
  for (const pair of pairs) {
    const [name, t] = pair;
    if (typeof name !== 'string' || name === METADATA_KEY) {
      throw new ValueError(`writeSafetensors: tensor names must be strings other than '${METADATA_KEY}'. Received: ${JSON.stringify(name)}.`);
    }
    if (seen.has(name)) throw new ValueError(`writeSafetensors: the tensor name '${name}' appears twice; names must be unique.`);
    if (!(t instanceof Tensor)) {
      throw new ValueError(`writeSafetensors: '${name}' must be a Tensor. Received: ${t === null ? 'null' : typeof t}.`);
    }
    seen.add(name);
    out.push([name, t]);
  }
  return out;
}
