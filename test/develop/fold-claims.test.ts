import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claimNext, newClaims, runFoldClaims } from '../../src/develop/fold-claims.js';
import type { FoldTask } from '../../src/develop/fold-task.js';

// Internal to develop/: a worker's share of the folds while it draws charts. No fold runs here
// (every fold is claimed by "this thread", the test), so the tasks are placeholders.
const tasks = [{} as FoldTask, {} as FoldTask];
const never = (): Promise<void> => new Promise(() => undefined);
/** `p`, or a rejection after `ms` (a hang fails the test instead of stalling it). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

test('runFoldClaims: with no fold left it returns at once, though its charts are still drawing', async () => {
  const claims = newClaims(1);
  claimNext(claims);
  claimNext(claims);
  assert.deepEqual(await within(runFoldClaims({ kind: 'folds', tasks, claims, slot: 1 }, () => true, never), 2000, 'runFoldClaims'), []);
});

test('runFoldClaims: waiting for its charts with one fold left, it returns when that fold is claimed elsewhere (not after the charts)', async () => {
  const claims = newClaims(1);
  claimNext(claims); // this thread runs the first fold; one is left
  const share = runFoldClaims({ kind: 'folds', tasks, claims, slot: 1 }, () => true, never);
  await new Promise((resolve) => setTimeout(resolve, 50)); // the share is waiting for its charts now
  assert.equal(Atomics.load(claims, 0), 1, 'it left the last fold unclaimed while its charts draw');
  claimNext(claims); // this thread takes the last fold too
  assert.deepEqual(await within(share, 2000, 'runFoldClaims'), [], 'it ran none and returned while busy');
  assert.equal(Atomics.load(claims, 1), -1, 'it holds no fold');
});

test('runFoldClaims: with two or more folds unclaimed it claims one though its charts are drawing (the calling thread takes the other)', async () => {
  const claims = newClaims(1);
  // The placeholder fold fails when run: the share claimed it (slot 1 holds fold 0) and no thread claims another.
  await assert.rejects(within(runFoldClaims({ kind: 'folds', tasks, claims, slot: 1 }, () => true, never), 2000, 'runFoldClaims'), (e: unknown) => !String(e).includes('still waiting'));
  assert.equal(Atomics.load(claims, 1), 0, 'it claimed fold 0 while busy');
  assert.equal(Atomics.load(claims, 0), tasks.length, 'claims stopped after the error');
});
