// The one output file of predict, export and validate --summary-only, checked before any work.
import { accessSync, constants, mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ValueError } from '../errors.js';

/**
 * Make sure `path` can be written before the command does its work: a missing parent directory is
 * created (as `train`, `update` and `meta` create `--out`), an existing directory or a parent that
 * is not a writable directory is refused.
 * @param who the command and flag for messages, e.g. `predict --out`.
 * @throws ValueError naming the path and what is wrong.
 */
export function prepareOutFile(path: string, who: string): void {
  const target = resolve(path);
  const existing = statOrNull(target);
  if (existing?.isDirectory() === true) throw new ValueError(`${who}: '${path}' is a directory; name a file. Fix: e.g. ${who.split(' ').pop()} ${path.replace(/\/+$/, '')}/out.csv.`);
  const dir = dirname(target);
  const parent = statOrNull(dir);
  if (parent === null) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new ValueError(`${who}: cannot create the directory '${dir}' for '${path}' (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
  } else if (!parent.isDirectory()) {
    throw new ValueError(`${who}: cannot write '${path}': '${dir}' is not a directory.`);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new ValueError(`${who}: cannot write '${path}': the directory '${dir}' is not writable.`);
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
