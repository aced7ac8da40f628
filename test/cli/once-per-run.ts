// Work that several test files of one test run need the same result of (a training, a demo run),
// done once per run. Not a test file.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** How long a caller waits for another test process to finish the work (then it does its own). */
const WAIT_MS = 300_000;

/**
 * The folder in which `make(folder)` did its work, done once per test run: under
 * scripts/run-tests.mjs (CLINREG_TEST_CACHE: a folder of this run, removed with it) the first
 * caller of `name` in any test process does it in the run's cache (mkdir as the lock) and marks it
 * done; the others wait for the mark and get the same folder (they only read it). When that work
 * failed (its own test reports it), or outside the runner, the caller does its own in `fallback`.
 * @param name what is made (a folder name of the cache).
 * @param fallback the caller's own folder, used when the cache has no good copy.
 * @param make does the work in the given folder (created empty); throws when it failed.
 */
export async function oncePerRun(name: string, fallback: string, make: (folder: string) => Promise<void>): Promise<string> {
  const cache = process.env['CLINREG_TEST_CACHE'];
  if (cache === undefined) return own(fallback, make);
  const shared = join(cache, name);
  const status = join(cache, `${name}.status`);
  mkdirSync(cache, { recursive: true });
  let owner = true;
  try {
    mkdirSync(shared);
  } catch {
    owner = false;
  }
  if (owner) {
    try {
      await make(shared);
    } catch (err) {
      writeFileSync(status, 'failed');
      throw err;
    }
    writeFileSync(status, 'ok');
    return shared;
  }
  for (let waited = 0; !existsSync(status) && waited < WAIT_MS; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  if (existsSync(status) && readFileSync(status, 'utf8') === 'ok') return shared;
  return own(fallback, make);
}

async function own(folder: string, make: (folder: string) => Promise<void>): Promise<string> {
  mkdirSync(folder, { recursive: true });
  await make(folder);
  return folder;
}
