import type { FoldOutcome } from '../validate/fold-engine.js';
import { runFoldTask, type FoldTask } from './fold-task.js';

/**
 * Validation folds claimed from a counter in shared memory, by worker threads and the calling
 * thread alike: whichever thread is free takes the next fold index (`Atomics.add`), so no thread
 * holds a fold it has not started while another idles. Layout of `claims` (Int32Array on a
 * SharedArrayBuffer): [0] the next fold to claim; [1 + w] the fold worker w runs now (−1: none),
 * so the caller knows which fold a failed worker task was running.
 */
export interface FoldClaimsTask {
  kind: 'folds';
  /** Every fold of the run, in order (a fold's seeds are in its task: the same outcome on any thread). */
  tasks: FoldTask[];
  claims: Int32Array;
  /** This worker's slot in `claims` (1 + worker number). */
  slot: number;
}

/** A fold outcome with its position in the scheme. */
export interface ClaimedFold {
  index: number;
  outcome: FoldOutcome;
}

/** New claim counters for `workers` threads: next index 0, nothing running (a bare counter with 0 workers). */
export function newClaims(workers: number): Int32Array {
  const claims = new Int32Array(new SharedArrayBuffer(4 * (1 + workers)));
  claims.fill(-1, 1);
  return claims;
}

/** The next unclaimed index (≥ the count of items when none is left). */
export function claimNext(claims: Int32Array): number {
  const index = Atomics.add(claims, 0, 1);
  Atomics.notify(claims, 0); // a thread waiting in runFoldClaims looks again (see claimsMoved)
  return index;
}

/**
 * Run `run(index)` for each index this thread claims from `claims` until none below `count` is
 * left; returns how many it ran. On an error no thread claims another, and the error is rethrown.
 */
export function runClaimed(claims: Int32Array, count: number, run: (index: number) => void): number {
  let ran = 0;
  for (let index = claimNext(claims); index < count; index = claimNext(claims), ran++) {
    try {
      run(index);
    } catch (err) {
      stopClaims(claims, count);
      throw err;
    }
  }
  return ran;
}

/** Let no thread claim another item (after an error). */
export function stopClaims(claims: Int32Array, count: number): void {
  Atomics.store(claims, 0, count);
  Atomics.notify(claims, 0);
}

/**
 * Settles when the next-claim counter is no longer `seen` (another thread claimed or stopped), or
 * after `ms`: Atomics.waitAsync, which resolves between this thread's tasks without blocking it.
 */
function claimsMoved(claims: Int32Array, seen: number, ms: number): Promise<unknown> {
  if (waitAsync === undefined) return new Promise(() => undefined); // (a runtime without it: the charts' end only)
  const wait = waitAsync(claims, 0, seen, ms);
  return wait.async ? wait.value : Promise.resolve();
}

type WaitAsync = (array: Int32Array, index: number, value: number, ms: number) => { async: false; value: string } | { async: true; value: Promise<string> };
/** Atomics.waitAsync (ES2024; Node ≥ 16), not in this project's ES2023 library types. */
const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/**
 * A worker thread's share of the folds: claim and run folds until none is left. Between folds it
 * lets the messages that came in start. While two or more folds are unclaimed it claims one even
 * with charts to draw (the calling thread takes the other: folds are what the rest of the run
 * waits for); with one left and `busy()` (the thread's chart tasks run) it waits for `waitFor()`
 * and looks again: a chart is drawn fastest on the thread that holds Vega warm, and the last fold
 * can run on any thread, so charts go first — a free calling thread takes that fold instead of
 * idling while this one runs it after its charts. Once no fold is left to claim it returns at
 * once, charts or not.
 * @throws the first error of a fold it ran (the others stop claiming; its index is in `claims`).
 */
export async function runFoldClaims(task: FoldClaimsTask, busy: () => boolean, waitFor: () => Promise<void>): Promise<ClaimedFold[]> {
  const { tasks, claims, slot } = task;
  const done: ClaimedFold[] = [];
  for (;;) {
    await yieldToMessages(); // tasks that came meanwhile start now
    // None left: the folds this thread ran go back now, not after the charts it was asked to draw
    // meanwhile (the caller's next steps need every fold, not the charts).
    const next = Atomics.load(claims, 0);
    if (next >= tasks.length) return done;
    if (busy() && tasks.length - next <= 1) {
      // The requests that came while charts ran start before the last fold; and should it be
      // claimed elsewhere meanwhile, this returns between two charts, not after them all.
      await Promise.race([waitFor(), claimsMoved(claims, next, 60_000)]);
      continue;
    }
    const index = claimNext(claims);
    if (index >= tasks.length) return done;
    Atomics.store(claims, slot, index);
    try {
      done.push({ index, outcome: runFoldTask(tasks[index]!) });
    } catch (err) {
      stopClaims(claims, tasks.length);
      throw err;
    }
    Atomics.store(claims, slot, -1);
  }
}

/** Let the messages that arrived during a fold be handled: two turns of the event loop (the second after a poll phase). */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}
