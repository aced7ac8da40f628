// A check `fit` runs once per training step, for a caller that must act while a synchronous
// training loop holds the thread: the CLI exits there on Ctrl-C (cli/interrupts.ts), since Node
// runs its signal handlers only when the thread returns to the event loop. None by default.

let check: (() => void) | null = null;

/**
 * Sets (or with null removes) the function `fit` calls after every training step on this thread.
 * It may throw or end the process; it should cost well under a microsecond.
 * @param fn the check, or null.
 * @example setStepCheck(() => { if (stopRequested()) throw new Error('stopped'); });
 */
export function setStepCheck(fn: (() => void) | null): void {
  check = fn;
}

/** Runs the step check, if one is set (internal to train/). */
export function runStepCheck(): void {
  if (check !== null) check();
}
