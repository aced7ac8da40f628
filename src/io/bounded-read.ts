import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ModelFormatError } from '../errors.js';

/** Largest model.json read, in bytes. */
export const MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;
/** Largest model.safetensors read, in bytes (1 GiB: ~268 M float32 weights). */
export const MAX_MODEL_WEIGHTS_BYTES = 1024 * 1024 * 1024;

/**
 * Read a model file only when it is a regular file within `maxBytes`, checked with `fstat` on the
 * opened descriptor (so a swapped path cannot slip past the check). The file is opened
 * non-blocking, so a named pipe is refused instead of hanging, and a symlink to a device such as
 * /dev/zero is refused instead of filling memory. Exactly the stat'ed size is read.
 * @param path the file.
 * @param maxBytes size limit.
 * @returns the bytes, or null when the file does not exist.
 * @throws ModelFormatError naming the path for anything that is not a readable regular file within the limit.
 */
export function readRegularFile(path: string, maxBytes: number): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ModelFormatError(`${path}: cannot open (${(e as Error).message}).`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      const kind = st.isFIFO() ? 'a named pipe' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : st.isDirectory() ? 'a directory' : st.isSocket() ? 'a socket' : 'not a regular file';
      throw new ModelFormatError(`${path}: is ${kind}; a model file must be a regular file.`);
    }
    if (st.size > maxBytes) {
      throw new ModelFormatError(`${path}: ${st.size} bytes exceeds the ${maxBytes}-byte limit for this model file.`);
    }
    const buf = Buffer.allocUnsafe(st.size);
    let at = 0;
    while (at < st.size) {
      const n = readSync(fd, buf, at, st.size - at, at);
      if (n === 0) throw new ModelFormatError(`${path}: the file shrank while it was read (${at} of ${st.size} bytes).`);
      at += n;
    }
    return buf;
  } catch (e) {
    if (e instanceof ModelFormatError) throw e;
    throw new ModelFormatError(`${path}: cannot read (${(e as Error).message}).`);
  } finally {
    closeSync(fd);
  }
}
