import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ValueError } from '../errors.js';

// Temp files not yet renamed into place. If the process exits half-way (an error, Ctrl-C handled
// by the CLI, process.exit), they are removed so no half-written output is left behind.
const pending = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const tmp of pending) {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
    }
  });
}

function tempPathFor(path: string): string {
  if (typeof path !== 'string' || path.length === 0 || basename(path) === '' || path.endsWith('/')) {
    throw new ValueError(`writeFileAtomic: path must name a file. Received: path=${JSON.stringify(path)}.`);
  }
  installExitHook();
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * The error with the destination path in its message when the system error lacks it (a failed
 * `write` or `fsync` — ENOSPC, EIO, EDQUOT — names no file), so the one-line CLI error says where.
 */
function withPath(err: unknown, path: string): unknown {
  if (err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && !err.message.includes(path)) {
    err.message = `${err.message} (writing '${path}')`;
  }
  return err;
}

function fsyncDirSync(dir: string): void {
  // Makes the rename itself durable. Not every platform can open a directory (Windows): best effort.
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // directory fsync unsupported here
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Write a file atomically: the data goes to a temporary file in the same directory, is flushed
 * to disk (`fsync`), and is then renamed over `path`. Readers see the old file or the complete
 * new one, never a partial write; an interrupted run leaves no half-written output (the temporary
 * file is removed on error and on process exit).
 *
 * Same-directory temp + fsync + rename is the POSIX recipe (rename(2) is atomic within a file
 * system), as used by npm's `write-file-atomic`.
 * @param path destination file; its directory must exist.
 * @param data the complete contents (strings are written as UTF-8).
 * @param options.mode file permission bits for a new file. Default 0o644 (before umask).
 * @throws ValueError when `path` does not name a file; the underlying fs error (ENOENT, EACCES,
 *   ENOSPC…) when the directory is missing, not writable or full, its message naming `path`.
 * @example
 * await writeFileAtomic('out/report.html', html);
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: { mode?: number } = {}): Promise<void> {
  const tmp = tempPathFor(path);
  pending.add(tmp);
  try {
    const handle = await open(tmp, 'wx', options.mode ?? 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
    pending.delete(tmp);
    fsyncDirSync(dirname(path));
  } catch (err) {
    if (pending.delete(tmp)) await unlink(tmp).catch(() => undefined);
    throw withPath(err, path);
  }
}

/**
 * Synchronous {@link writeFileAtomic}: same-directory temp file, `fsync`, `rename`.
 * @param path destination file; its directory must exist.
 * @param data the complete contents (strings are written as UTF-8).
 * @param options.mode file permission bits for a new file. Default 0o644 (before umask).
 * @throws ValueError when `path` does not name a file; the underlying fs error otherwise.
 * @example
 * writeFileAtomicSync('out/model.json', JSON.stringify(meta));
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: { mode?: number } = {}): void {
  const tmp = tempPathFor(path);
  pending.add(tmp);
  try {
    const fd = openSync(tmp, 'wx', options.mode ?? 0o644);
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    pending.delete(tmp);
    fsyncDirSync(dirname(path));
  } catch (err) {
    if (pending.delete(tmp)) {
      try {
        unlinkSync(tmp);
      } catch {
        // never created
      }
    }
    throw withPath(err, path);
  }
}
