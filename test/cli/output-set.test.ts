// A run's outputs are replaced as a set (issue #19 item 1): --out checked before any work, a
// staging directory beside it swapped in by rename, the previous set whole after
// SIGTERM while training. SIGKILL at 20 points, and the next run's cleaning of the debris:
// test/reliability/kill-train.test.ts.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, ROLES, assertDataError, fixture, runCliHosted } from './run-cli.js';
import { cliEntry } from '../reliability/cli-entry.js';

const dir = mkdtempSync(join(tmpdir(), 'clinreg-outset-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const FAST = ['--epochs', '2', '--mc', '2'];
const OLD = join(dir, 'old');

/** The seed of a complete output set, checking that its files belong together; throws when not whole. */
function wholeSet(out: string): number {
  assert.deepEqual(readdirSync(out).sort(), ['model', 'predictions.csv', 'report.html', 'results.json']);
  const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { seed: number };
  const model = JSON.parse(readFileSync(join(out, 'model', 'model.json'), 'utf8')) as { metadata: { seed: number } };
  assert.equal(model.metadata.seed, doc.seed, 'model and results from the same run');
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), new RegExp(`--seed ${doc.seed}[\\s\\S]*</html>\\n$`));
  return doc.seed;
}

before(async () => {
  const r = await runCliHosted(['train', fixture('train.csv'), ...ROLES, ...FAST, '--seed', '1', '--out', OLD]);
  assert.equal(r.code, 0, r.stderr);
});

test('--out that is a file, holds other files, or cannot be created: exit 2 before any work, one line naming it', async () => {
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  const foreign = join(dir, 'mine');
  mkdirSync(foreign);
  writeFileSync(join(foreign, 'notes.txt'), 'keep me');
  const [isFile, hasOther, under] = await Promise.all([
    runCliHosted(['train', fixture('train.csv'), ...ROLES, '--out', file]),
    runCliHosted(['train', fixture('train.csv'), ...ROLES, '--out', foreign]),
    runCliHosted(['train', fixture('train.csv'), ...ROLES, '--out', join(file, 'sub')]),
  ]);
  assertDataError(isFile, /output directory .*a-file: it is a file/);
  assertDataError(hasOther, /output directory .*mine: holds files that are not clinreg outputs \(notes\.txt\).*Fix: choose a new or empty directory/);
  assertDataError(under, /output directory .*a-file\/sub: cannot write in .*a-file \(E[A-Z]+\)/);
  assert.equal(readFileSync(join(foreign, 'notes.txt'), 'utf8'), 'keep me');
  assert.deepEqual(readdirSync(dir).filter((e) => e.startsWith('.')), [], 'no staging left');
});

test('SIGTERM while training: exit 143, previous set untouched, staging removed', async () => {
  const parent = join(dir, 'term');
  const out = join(parent, 'run');
  mkdirSync(parent);
  cpSync(OLD, out, { recursive: true });
  // The compiled CLI as the other tests run it (through tsx the start alone cost ~2 s of CPU).
  const child = spawn(process.execPath, [...cliEntry(), 'train', fixture('train.csv'), ...ROLES, '--seed', '4', '--out', out], { cwd: REPO_ROOT, stdio: 'ignore' });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  while (!readdirSync(parent).some((e) => e.startsWith('.run.staging-')) && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 300));
  child.kill('SIGTERM');
  assert.equal(await closed, 143);
  assert.equal(wholeSet(out), 1);
  assert.deepEqual(readdirSync(parent), ['run']);
});
