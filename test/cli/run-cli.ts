// Runs the clinreg CLI as a child process: the CLI bundle when it is built and up to date, else the
// sources (no build needed). Not a test file.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The newest modification time of a TypeScript file under `dir` (through links: run-tests links the sources). */
function newestTs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestTs(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

let bundleChecked: string | null | undefined;

/**
 * The CLI bundle (`npm run build` or `node scripts/build-cli.mjs`: dist/bundle/clinreg.mjs, whose
 * worker threads are bundled too), when it was built after the last change under src/; else null.
 * Checked once per process.
 */
export function upToDateBundle(): string | null {
  if (bundleChecked !== undefined) return bundleChecked;
  const launcher = `${ROOT}dist/bundle/clinreg.mjs`;
  const bundle = `${ROOT}dist/bundle/cli.mjs`;
  bundleChecked = existsSync(launcher) && existsSync(bundle) && statSync(bundle).mtimeMs >= newestTs(`${ROOT}src`) ? launcher : null;
  return bundleChecked;
}

/**
 * Node arguments that start the CLI: the up-to-date bundle, else the copy scripts/run-tests.mjs
 * transpiled beside the tests, else the sources through tsx.
 */
export function cliArgs(): string[] {
  const bundle = upToDateBundle();
  return bundle !== null ? [bundle] : sourceCliArgs();
}

/** Node arguments that start the CLI from the sources: the copy scripts/run-tests.mjs transpiled, else tsx. */
export function sourceCliArgs(): string[] {
  if (existsSync(`${ROOT}src/cli/main.js`)) return [`${ROOT}src/cli/main.js`];
  return ['--import', 'tsx', `${ROOT}src/cli/main.ts`];
}

/** What a CLI run produced. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `clinreg ...args` (node with {@link cliArgs}) from the repository root.
 * @param args command-line arguments.
 * @param options.timeoutMs kill after this long. Default 60 s.
 * @param options.env extra environment variables.
 */
export function runCli(
  args: readonly string[],
  options: { timeoutMs?: number; cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cliArgs(), ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Path of a fixture under test/fixtures/cli/, relative to the repository root (as a user would type it). */
export function fixture(name: string): string {
  return `test/fixtures/cli/${name}`;
}

/** The repository root (absolute, with a trailing slash). */
export const REPO_ROOT = ROOT;

/** The column roles of the small 4-site fixtures. */
export const ROLES = ['--target', 'y', '--site', 'site', '--patient', 'patient'];

/** One site of `--json` output of train/validate. */
export interface SiteJson {
  site: string;
  n: number;
  events: number;
  nonEvents: number;
  auc: number | null;
  ci: [number, number] | null;
  status: string;
}

/** Exit 2, nothing on stdout, exactly one `clinreg: …` line on stderr matching `pattern`, no stack trace. */
export function assertDataError(r: CliResult, pattern: RegExp): void {
  assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '', 'nothing on stdout');
  assert.match(r.stderr, /^clinreg: [^\n]+\n$/, `exactly one line, got ${JSON.stringify(r.stderr)}`);
  assert.doesNotMatch(r.stderr, /\bat .+:\d+:\d+/, 'no stack trace');
  assert.match(r.stderr, pattern);
}

/** The audit's JSON without the file name (so runs on different files compare). */
export function auditJson(r: CliResult): { rows: number; features: string[]; findings: { code: string }[] } {
  assert.equal(r.stderr, '', 'stderr must stay empty');
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}`);
  const { file: _file, ...rest } = JSON.parse(r.stdout) as { file: string; rows: number; features: string[]; findings: { code: string }[] };
  return rest;
}

/** `clinreg audit FILE … --json`. */
export const audit = (file: string, extra: string[] = ROLES): Promise<CliResult> => runCli(['audit', file, ...extra, '--json']);
