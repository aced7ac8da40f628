// The compiled clinreg CLI for tests that spawn it themselves (kills, other users, resource
// limits). Not a test file.
import { existsSync } from 'node:fs';
import { REPO_ROOT, upToDateBundle } from '../cli/run-cli.js';

/**
 * Node arguments that start the CLI: the CLI bundle when it is up to date with src/, else the
 * transpiled copy under scripts/run-tests.mjs, else dist/ (`npx tsc -p tsconfig.build.json`), else
 * the sources through tsx. The bundle starts in about 0.2 s, compiled JavaScript in about 0.5 s,
 * tsx in about 1.5 s.
 */
export function cliEntry(): string[] {
  const bundle = upToDateBundle();
  if (bundle !== null) return [bundle];
  if (existsSync(`${REPO_ROOT}src/cli/main.js`)) return [`${REPO_ROOT}src/cli/main.js`];
  if (existsSync(`${REPO_ROOT}dist/cli/main.js`)) return [`${REPO_ROOT}dist/cli/main.js`];
  return ['--import', 'tsx', `${REPO_ROOT}src/cli/main.ts`];
}
