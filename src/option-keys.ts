/**
 * Option objects are checked at the public boundary: an unknown key is an error, never silently
 * ignored (a misspelt `nsplits`, or an option another library has). Internal helper.
 */
import { ValueError } from './errors.js';

/**
 * Throw a ValueError unless `options` is undefined or a plain object whose keys are all in `known`.
 * @param who the public name in the message (class or function).
 * @param options what the caller passed.
 * @param known the option names (an array, or the keys of a record kept in step with the type by
 *   `satisfies Record<keyof Required<Options>, true>`).
 * @throws ValueError for a non-object or an unknown key, naming the known ones.
 * @example checkOptions('KFold', { nsplits: 3 }, ['nSplits', 'shuffle', 'randomState']); // throws
 */
export function checkOptions(who: string, options: unknown, known: readonly string[] | Readonly<Record<string, true>>): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(`${who}: options must be an object. Received: ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}.`);
  }
  const names = Array.isArray(known) ? (known as readonly string[]) : Object.keys(known);
  const unknown = Object.keys(options).filter((k) => !names.includes(k));
  if (unknown.length > 0) {
    const list = names.length > 0 ? `Known options: ${names.join(', ')}.` : 'It takes no options.';
    throw new ValueError(`${who}: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}. ${list} Fix: remove ${unknown.length > 1 ? 'them' : 'it'}.`);
  }
}
