// A module of src/ as a child process (`node -e`) loads it: the transpiled copy that
// scripts/run-tests.mjs puts beside the tests, or the TypeScript source through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Node arguments and the URL that import `src/<path>` in a child process, e.g. srcModule('kernels/index'). */
export function srcModule(path: string): { args: string[]; url: string } {
  const js = new URL(`../../src/${path}.js`, import.meta.url);
  if (existsSync(fileURLToPath(js))) return { args: [], url: js.href };
  return { args: ['--import', 'tsx'], url: new URL(`../../src/${path}.ts`, import.meta.url).href };
}
