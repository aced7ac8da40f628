import { safeText } from '../data/safe-text.js';
import { packageManifest } from '../package-root.js';

/**
 * What every command needs to talk to the user: whether `--json` was asked for, whether progress
 * may be drawn, and the two output streams. Human text goes to stdout only without `--json`;
 * with `--json` stdout carries exactly one JSON document.
 */
export interface CliContext {
  /** `--json`: print one JSON document on stdout and nothing else. */
  json: boolean;
  /** Progress bars are drawn only on an interactive terminal (stderr is a TTY). */
  progress: boolean;
  /** Write human-readable text to stdout (suppressed under `--json`). */
  print(text: string): void;
  /** Write a note to stderr (never stdout). */
  note(text: string): void;
  /** Print the command's one JSON document on stdout. */
  emitJson(doc: unknown): void;
}

/**
 * Build the context for one command run.
 * @param options.json whether `--json` was given.
 */
export function createContext(options: { json: boolean }): CliContext {
  const json = options.json;
  return {
    json,
    progress: process.stderr.isTTY === true,
    print: (text) => {
      // Data-derived text (names, cells) never reaches the terminal with control or bidi characters.
      if (!json) process.stdout.write(safeText(text.endsWith('\n') ? text : `${text}\n`, { keepLines: true }));
    },
    note: (text) => {
      process.stderr.write(safeText(text.endsWith('\n') ? text : `${text}\n`, { keepLines: true }));
    },
    emitJson: (doc) => {
      process.stdout.write(`${JSON.stringify(doc, jsonReplacer, 2)}\n`);
    },
  };
}

// Typed arrays become plain arrays; non-finite numbers become null (JSON has no NaN/Infinity).
function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/** clinreg's version from its package.json (src/, dist/ or the CLI bundle alike). */
export function clinregVersion(): string {
  return packageManifest().version ?? 'unknown';
}
