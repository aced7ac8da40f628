import { ClinregError } from '../errors.js';

/** An error as it crosses a thread or process boundary (structured clone / JSON). */
export interface SerialisedError {
  /** The original class name, e.g. 'DataError'. */
  name: string;
  /** The original stable code (E_DATA, …), or null for an error without one. */
  code: string | null;
  message: string;
}

/**
 * An error thrown by a task in a worker thread, rethrown in the caller: it keeps the original's
 * `code` (E_DATA, E_VALUE, …), class name (in `remoteName`) and message. A task that crashed its
 * worker, or threw an error without a clinreg code, has code `E_WORKER`.
 */
export class WorkerTaskError extends ClinregError {
  /** The class of the error in the worker. */
  readonly remoteName: string;
  constructor(error: SerialisedError) {
    super(error.code ?? 'E_WORKER', error.message);
    this.remoteName = error.name;
  }
}

/** An error as plain data (its name, clinreg code when it has one, message). */
export function serialiseError(err: unknown): SerialisedError {
  if (err instanceof ClinregError) return { name: err.name, code: err.code, message: err.message };
  if (err instanceof Error) return { name: err.name, code: null, message: err.message };
  return { name: 'Error', code: null, message: String(err) };
}
