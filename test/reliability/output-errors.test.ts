// Issue #19 item 6 (last sentence) and "What to build", first bullet: --out that cannot take a new
// set fails before any work with one line naming the path; a write that fails part-way (disk full,
// file size limit) names the path, keeps the previous set whole and leaves no staging behind.
// (--out that is a file, or holds other files: test/cli/output-set.test.ts.)
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, ROLES, assertDataError, fixture, type CliResult } from '../cli/run-cli.js';
import { cliEntry } from './cli-entry.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-outerr-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const OLD = join(dir, 'old');
const FAST = ['--epochs', '1', '--mc', '2'];
const trainArgs = (seed: number, out: string): string[] => ['train', fixture('train.csv'), ...ROLES, ...FAST, '--seed', String(seed), '--out', out];
/** Root may write anywhere: the read-only cases then run the CLI as `nobody`. */
const AS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

/** Run `command args` (the CLI unless `command` is given) and collect its output. */
function run(args: string[], options: { uid?: number; command?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const [cmd, argv] = options.command === undefined ? [process.execPath, [...cliEntry(), ...args]] : [options.command, args];
    const child = spawn(cmd, argv, {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The seed of the set in `out`, after checking model and results agree on it. */
function seedOf(out: string): number {
  assert.deepEqual(readdirSync(out).sort(), ['model', 'predictions.csv', 'report.html', 'results.json']);
  const model = JSON.parse(readFileSync(join(out, 'model', 'model.json'), 'utf8')) as { metadata: { seed: number } };
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { seed: number };
  assert.equal(model.metadata.seed, results.seed, 'model/ and results.json from the same run');
  return results.seed;
}

/** A copy of the previous set at `parent/run`; the tree owned by `nobody` when running as root. */
function previousSet(name: string): { parent: string; out: string } {
  const parent = join(dir, name);
  mkdirSync(parent);
  const out = join(parent, 'run');
  cpSync(OLD, out, { recursive: true });
  if (AS_ROOT) for (const p of [parent, out, join(out, 'model')]) chownSync(p, NOBODY, NOBODY);
  return { parent, out };
}

before(async () => {
  chmodSync(dir, 0o755); // mkdtemp makes it 0700: `nobody` must reach the folders below
  const r = await run(trainArgs(1, OLD));
  assert.equal(r.code, 0, r.stderr);
});

// As root the CLI must run as `nobody`, who needs to read the repository and Node.
const asNobody = !AS_ROOT || spawnSync(process.execPath, [...cliEntry(), '--version'], { cwd: REPO_ROOT, uid: NOBODY, gid: NOBODY }).status === 0;
test('read-only --out, read-only model/ or a read-only parent: exit 2 before any work, one line naming the path; the set untouched', { skip: asNobody ? false : 'running as root, and user nobody cannot run the CLI from this checkout' }, async () => {
  const ro = previousSet('ro');
  chmodSync(ro.out, 0o555);
  const roModel = previousSet('ro-model');
  chmodSync(join(roModel.out, 'model'), 0o555);
  const roParent = join(dir, 'ro-parent');
  mkdirSync(roParent, { mode: 0o555 });
  chmodSync(roParent, 0o555);
  const uid = AS_ROOT ? { uid: NOBODY } : {};
  const [a, b, c] = await Promise.all([
    run(trainArgs(2, ro.out), uid),
    run(trainArgs(2, roModel.out), uid),
    run(trainArgs(2, join(roParent, 'new')), uid),
  ]);
  // One line and nothing else: the refusal came before the data were read or a model trained.
  assertDataError(a, /output directory .*\/ro\/run: it is read-only \(EACCES\).*Fix: make it writable or choose another --out/);
  assertDataError(b, /output directory .*\/ro-model\/run: its model\/ folder is read-only \(EACCES\)/);
  assertDataError(c, /output directory .*\/ro-parent\/new: cannot write in .*\/ro-parent \(EACCES\)/);
  for (const { parent, out } of [ro, roModel]) {
    assert.equal(seedOf(out), 1);
    assert.deepEqual(readdirSync(parent), ['run'], 'no staging left');
  }
  assert.deepEqual(readdirSync(roParent), []);
});

test('a write that fails part-way (file size limit, EFBIG like ENOSPC): one line naming the file, previous set whole, no staging', async () => {
  const { parent, out } = previousSet('fsize');
  // RLIMIT_FSIZE of 64 blocks: model/ fits, results.json (written while the charts render) or the
  // ~300 kB report does not — whichever is written first fails. SIGXFSZ ignored, so the
  // write fails with EFBIG as a full disk fails with ENOSPC, on the same code path.
  const r = await run(['-c', `trap '' XFSZ; ulimit -f 64 && exec "$0" "$@"`, process.execPath, ...cliEntry(), ...trainArgs(2, out)], { command: '/bin/sh' });
  assertDataError(r, /EFBIG: file too large, write \(writing '.*\/fsize\/\.run\.staging-[0-9a-f-]+\/(results\.json|report\.html)'\)/);
  assert.equal(seedOf(out), 1, 'the previous set, model/ included, is untouched');
  assert.deepEqual(readdirSync(parent), ['run'], 'the staging directory was removed');
});

// A real full disk: a 520 kB tmpfs in a user namespace (where unprivileged user namespaces exist).
const userns = spawnSync('unshare', ['-rm', 'true']).status === 0;
test('ENOSPC on a full file system: one line naming the file, previous set whole, no staging', { skip: userns ? false : 'no unprivileged user namespaces (unshare -rm) to mount a small tmpfs' }, async () => {
  const mnt = join(dir, 'full');
  mkdirSync(mnt);
  const script = [
    'mount -t tmpfs -o size=520k tmpfs "$0" || exit 90',
    'cp -r "$1" "$0/run" || exit 91',
    'shift 2',
    '"$@"; echo "exit $?"',
    'ls -A "$MNT"',
    'grep -m1 -ho \'"seed": [0-9]*\' "$MNT/run/results.json" "$MNT/run/model/model.json"',
  ].join('\n');
  const r = await run(['-rm', 'sh', '-c', `MNT=$0\n${script}`, mnt, OLD, 'x', process.execPath, ...cliEntry(), ...trainArgs(2, join(mnt, 'run'))], { command: 'unshare' });
  assert.match(r.stderr, /^clinreg: ENOSPC: no space left on device, write \(writing '.*\/full\/\.run\.staging-[0-9a-f-]+\/[a-z./]+'\)\n$/, r.stderr);
  assert.match(r.stdout, /^exit 2\nrun\n"seed": 1\n"seed": 1\n$/, 'exit 2; only the previous set (model and results of seed 1) on the disk');
});
