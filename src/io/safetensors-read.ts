import { ModelFormatError } from '../errors.js';
import { MAX_MODEL_WEIGHTS_BYTES, readRegularFile } from './bounded-read.js';
import { parseSafetensors, SafetensorsMap } from './safetensors-bytes.js';

export { SafetensorsMap };

/**
 * Read a safetensors file (Hugging Face's format; what `safetensors.torch.save_file` writes) into
 * float32 tensors. F32 loads as is; F16 and BF16 widen exactly; I64 (e.g. BatchNorm's
 * `num_batches_tracked`) converts when every value lies within ±2^53 (above 2^24 the float32 value
 * is the nearest representable one). Every header field is validated before any tensor is
 * allocated: header length (≤ 100 MB and inside the file), UTF-8 JSON without duplicate keys,
 * known dtypes, non-negative integer shapes, offsets that tile the data buffer exactly (in
 * order, no gap, no overlap, nothing past the end), and shape × dtype size = byte length.
 * @param source the file's bytes, or a path to read.
 * @returns a `SafetensorsMap` (a `Map<string, Tensor>` with a `metadata` record).
 * @throws ModelFormatError (code `E_MODEL_FORMAT`) for an unreadable, truncated, corrupted or
 *   hostile file, or a tensor of a dtype clinreg does not load (F64, integers other than I64, …);
 *   the message names the tensor and the field.
 * @example
 * const sd = io.readSafetensors('model.safetensors');
 * model.loadStateDict(sd);
 */
export function readSafetensors(source: Uint8Array | string): SafetensorsMap {
  let bytes: Uint8Array;
  let who: string;
  if (typeof source === 'string') {
    who = `readSafetensors('${source}')`;
    // A regular file within 1 GiB, checked with fstat before reading (no pipe, device or huge file).
    const read = readRegularFile(source, MAX_MODEL_WEIGHTS_BYTES);
    if (read === null) throw new ModelFormatError(`${who}: cannot read the file (no such file).`);
    bytes = read;
  } else if (source instanceof Uint8Array) {
    who = 'readSafetensors';
    bytes = source;
  } else {
    throw new ModelFormatError(`readSafetensors: source must be a Uint8Array or a file path. Received: ${source === null ? 'null' : typeof source}.`);
  }
  return parseSafetensors(bytes, who);
}
