import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Create or replace the directory `dir` atomically: `fill` writes the new contents into a
 * temporary sibling directory, which then takes `dir`'s place by rename (the old directory, if
 * any, is moved aside first and removed after). An interrupted write leaves the old directory or
 * the new one, never a mixture; a failing `fill` leaves `dir` untouched.
 * @example replaceDirAtomic('out/model', (tmp) => writeFileSync(join(tmp, 'model.json'), json));
 */
export function replaceDirAtomic(dir: string, fill: (tmp: string) => void): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(dir)}.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp);
  try {
    fill(tmp);
    const old = existsSync(dir) ? `${tmp}.old` : undefined;
    if (old !== undefined) renameSync(dir, old);
    renameSync(tmp, dir);
    if (old !== undefined) rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
