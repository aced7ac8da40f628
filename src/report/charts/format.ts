/**
 * Format a number for chart descriptions and report tables: `digits` decimals, `–` for missing
 * or non-finite values (undefined AUC, diverged loss).
 * @param value the number (or null/undefined).
 * @param digits decimals. Default 3.
 * @example
 * fmt(0.81234); // '0.812'
 */
export function fmt(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

/**
 * A confidence interval as `[lo, hi]` text, `–` when absent.
 * @param ci the interval bounds.
 * @param digits decimals. Default 3.
 * @example
 * fmtCi([0.7, 0.9]); // '[0.700, 0.900]'
 */
export function fmtCi(ci: readonly [number, number] | null | undefined, digits = 3): string {
  return ci === null || ci === undefined ? '–' : `[${fmt(ci[0], digits)}, ${fmt(ci[1], digits)}]`;
}
