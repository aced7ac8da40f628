// Ctrl-C and SIGTERM for the CLI: "clinreg: interrupted" and exit 130 / 143 through process.exit,
// so a pending atomic write and the run's staging directory are removed and the previous output
// set stays whole (each registers an 'exit' handler).
import { loadNative } from '../kernels/select.js';
import { setStepCheck } from '../train/step-check.js';

const CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** Exits as an interrupted run: one line on stderr, exit code 128 + the signal number. */
function interrupted(code: number): never {
  process.stderr.write('\nclinreg: interrupted\n');
  process.exit(code);
}

/**
 * Handles SIGINT and SIGTERM: Node's handlers, which run whenever this thread is back on its event
 * loop, and — where the native addon is built — a check after each training step on this thread:
 * a synchronous fit of 100k rows held the thread for 20–30 s, through which Ctrl-C did nothing.
 * The addon records the signal in front of Node's own handler (native/signals.cpp). Call once, on
 * the main thread, before any work.
 */
export function handleInterrupts(): void {
  for (const [signal, code] of Object.entries(CODES)) process.on(signal, () => interrupted(code));
  // After Node's handlers are installed: the addon's goes in front of them and calls them.
  const addon = loadNative().addon;
  if (addon?.watchSignals?.() !== true || addon.pendingSignal === undefined) return;
  const pending = addon.pendingSignal.bind(addon);
  setStepCheck(() => {
    const signal = pending();
    if (signal !== 0) interrupted(128 + signal);
  });
}
