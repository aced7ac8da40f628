/** Deepest nesting of arrays and objects accepted in model.json (a real model needs < 20). */
export const MAX_MODEL_JSON_DEPTH = 64;

/**
 * Whether parsed JSON nests arrays/objects deeper than `max` levels. Iterative (an explicit
 * stack), so a hostile 1,000,000-deep document cannot overflow the call stack here.
 * @param value the result of JSON.parse.
 * @param max the depth limit (the top-level value is depth 1).
 */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) if (c !== null && typeof c === 'object') stack.push([c, depth + 1]);
  }
  return false;
}
