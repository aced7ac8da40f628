import { CommanderError } from 'commander';
// errors.ts is dependency-free: importing it keeps usage errors fast (the public entry loads lazily).
import { ClinregError } from '../errors.js';
import { safeText } from '../data/safe-text.js';

/** Exit codes of every clinreg command (DESIGN.md "CLI"). */
export const EXIT = {
  /** Success, no finding at the `--fail-on` severity. */
  ok: 0,
  /** Findings at or above the `--fail-on` severity. */
  findings: 1,
  /** Usage error or bad data. */
  usage: 2,
} as const;

/** Commander outcomes that are not errors (help or version printed as asked). */
const COMMANDER_OK = new Set(['commander.helpDisplayed', 'commander.version', 'commander.executeSubCommandAsync']);

/**
 * Turn an error thrown by a command into an exit code and the one line to print on stderr
 * (`clinreg: <message>`). Typed clinreg errors (DataError, ValueError, …), commander usage errors
 * and file-system errors are the user's to fix: exit 2 with their message. Anything else is a bug
 * and says so. With `debug`, the stack trace follows the line.
 * @param err what was thrown.
 * @param debug whether `--debug` was given.
 * @returns the exit code and the text for stderr ('' for nothing).
 */
export function describeError(err: unknown, debug: boolean): { code: number; stderr: string } {
  if (err instanceof CommanderError) {
    if (COMMANDER_OK.has(err.code)) return { code: EXIT.ok, stderr: '' };
    // 'commander.help': help was printed to stderr because no command was given.
    if (err.code === 'commander.help') return { code: EXIT.usage, stderr: '' };
    return { code: EXIT.usage, stderr: line(err.message.replace(/^error:\s*/, ''), err, debug) };
  }
  if (err instanceof ClinregError) return { code: EXIT.usage, stderr: line(err.message, err, debug) };
  if (isSystemError(err)) return { code: EXIT.usage, stderr: line(err.message, err, debug) };
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: EXIT.usage,
    stderr: line(`unexpected error: ${message}${debug ? '' : ' (run with --debug for the stack trace, and please report it)'}`, err, debug),
  };
}

function isSystemError(err: unknown): err is Error & { code: string; syscall?: string } {
  const code = err instanceof Error ? (err as unknown as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

/** Longest error line printed, in characters: a message echoing a huge name or cell is cut. */
export const MAX_ERROR_LINE = 2000;

function line(message: string, err: unknown, debug: boolean): string {
  // One line: a multi-line message (e.g. from a dependency) is folded; control and bidi characters
  // from data are escaped so they cannot rewrite the terminal or this line.
  const cut = message.length > MAX_ERROR_LINE ? `${message.slice(0, MAX_ERROR_LINE)}… (message cut at ${MAX_ERROR_LINE} characters)` : message;
  const body = safeText(cut.replace(/\s*\n\s*/g, ' ').trim());
  const text = `clinreg: ${body}\n`;
  return debug && err instanceof Error && err.stack !== undefined ? `${text}${err.stack}\n` : text;
}
