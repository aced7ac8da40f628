// Runs the clinreg CLI as a child process: the CLI bundle when it is built and up to date, else the
// sources (no build needed). Not a test file.
import assert from 'node:assert/strict';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'node:net';
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

/** The CLI host of this test process (test/cli/cli-host.ts), started by the first hosted run. */
let host: { child: ChildProcess; pending: Map<number, (r: CliResult) => void>; output: string } | null = null;
let hostRequests = 0;

/** The bundled host scripts/run-tests.mjs builds beside the tests, or null outside the runner. */
function hostEntry(): string | null {
  const entry = `${ROOT}test/cli/cli-host.js`;
  return existsSync(entry) ? entry : null;
}

/** The host's process, channel and pipes keep this process alive only while a run is pending. */
function holdHost(): void {
  if (host === null) return;
  const hold = host.pending.size > 0;
  for (const handle of [host.child, host.child.channel, host.child.stdout as Socket | null, host.child.stderr as Socket | null]) {
    if (hold) handle?.ref();
    else handle?.unref();
  }
}

/**
 * Run `clinreg ...args` in this test process's CLI host: one child process (started on the first
 * call) that runs the CLI's main() for every hosted run, one run at a time, and reports the exit
 * code main() returns and what the run wrote on stdout and stderr — the same as {@link runCli}
 * reports, without a Node start-up and a load of the CLI per run (~0.25-0.3 s of CPU each).
 * For usage and data-error checks, and for successful runs of commands whose executable is checked
 * by a {@link runCli} run elsewhere (train: train.test.ts; validate, predict: validate-predict.test.ts;
 * update: update.test.ts; meta: federated.test.ts; export: export-cli.test.ts; audit, shift,
 * recommend, doctor: program.test.ts, bad-input-*.test.ts, leak-message.test.ts; sweep:
 * sweep-cli.test.ts). Each hosted run starts the default generator at seed 0, as a new process
 * does; CLINREG_HOSTED_COMPARE checks that a file's hosted runs print what processes would.
 * Runs that set the environment, use --debug, time out, or are killed stay with {@link runCli}.
 * Outside scripts/run-tests.mjs (no bundled host), and for runs with extra environment variables,
 * each run is its own process, as runCli.
 * @param args command-line arguments.
 * @param options.cwd working directory of the run. Default: the repository root.
 * @param options.env extra environment variables: the run gets its own process.
 */
export function runCliHosted(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const entry = hostEntry();
  if (entry === null || options.env !== undefined) return runCli(args, options);
  const compare = process.env['CLINREG_HOSTED_COMPARE'];
  if (compare !== undefined) return compared(args, options, entry, compare);
  return hosted(args, options, entry);
}

/**
 * CLINREG_HOSTED_COMPARE=<file>: each hosted run is also run as a process first, and a run whose
 * exit code, stdout or stderr differ between the two is appended to <file> (a check that a hosted
 * run reports what the executable would).
 */
async function compared(args: readonly string[], options: { cwd?: string }, entry: string, file: string): Promise<CliResult> {
  const real = await runCli(args, options);
  const inHost = await hosted(args, options, entry);
  const same = real.code === inHost.code && real.stdout === inHost.stdout && real.stderr === inHost.stderr;
  appendFileSync(file, `${same ? 'same' : 'DIFFERENT'} ${JSON.stringify(args)}\n${same ? '' : JSON.stringify({ real, inHost }) + '\n'}`);
  return inHost;
}

/** One run in this process's CLI host, started by the first run. */
function hosted(args: readonly string[], options: { cwd?: string }, entry: string): Promise<CliResult> {
  if (host === null) {
    const child = fork(entry, [], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: [] });
    const started = { child, pending: new Map<number, (r: CliResult) => void>(), output: '' };
    child.stdout!.setEncoding('utf8').on('data', (s: string) => (started.output += s));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (started.output += s));
    child.on('message', (m: CliResult & { id: number }) => {
      started.pending.get(m.id)?.({ code: m.code, stdout: m.stdout, stderr: m.stderr });
      started.pending.delete(m.id);
      holdHost();
    });
    child.on('exit', (code, signal) => {
      // A host that died (a crash outside main's error handling) fails the runs it had.
      const failed = [...started.pending.values()];
      started.pending.clear();
      if (host === started) host = null;
      for (const resolve of failed) resolve({ code: null, stdout: '', stderr: `cli-host exited (${signal ?? code}) during the run:\n${started.output}` });
    });
    host = started;
    // When this process has nothing left to do, the host is told to end and waited for, so that it
    // never outlives the test process (and its CPU time counts in this process's children).
    process.once('beforeExit', () => {
      if (host !== started) return;
      host = null;
      child.ref();
      if (child.connected) child.disconnect();
    });
  }
  const running = host;
  const id = ++hostRequests;
  return new Promise((resolve) => {
    running.pending.set(id, resolve);
    holdHost();
    running.child.send({ id, args: [...args], cwd: options.cwd ?? ROOT });
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
