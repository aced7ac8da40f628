import { ValueError } from '../../errors.js';

/** A size given once for both spatial dimensions, or as `[height, width]`. */
export type Size2 = number | readonly [number, number];

/**
 * Expand a `Size2` to `[h, w]` and check each entry is an integer ≥ `min`.
 * @throws ValueError naming the caller, the parameter and the value.
 */
export function pair(value: Size2, who: string, name: string, min: number): [number, number] {
  const v: readonly number[] = typeof value === 'number' ? [value, value] : value;
  if (v.length !== 2 || !v.every((d) => Number.isInteger(d) && d >= min)) {
    const shown = typeof value === 'number' ? String(value) : `[${value.join(', ')}]`;
    throw new ValueError(`${who}: ${name} must be an integer ≥ ${min} or a pair of them. Received: ${name}=${shown}.`);
  }
  return [v[0]!, v[1]!];
}
