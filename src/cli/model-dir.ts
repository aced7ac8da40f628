import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The model directory a command should read: `dir` itself, or — when `dir` is the output set of
 * `clinreg train` (it holds `model/model.json` but no `model.json`) — its `model/` folder, the
 * path users most often give by mistake. Anything else is returned unchanged and fails to load
 * with the loader's one-line message.
 * @param dir the MODEL_DIR argument as given.
 * @example resolveModelDir('clinreg-out'); // 'clinreg-out/model'
 */
export function resolveModelDir(dir: string): string {
  if (existsSync(join(dir, 'model.json'))) return dir;
  const inner = join(dir, 'model');
  return existsSync(join(inner, 'model.json')) ? inner : dir;
}
