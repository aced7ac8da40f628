/**
 * A chart structure with its data-dependent numbers lifted out: the template that one Vega-Lite
 * compile serves for every data set of a chart kind. The numbers that vary between data sets of one
 * chart builder are scale domains (an axis fitted to the values) and band steps (a heatmap's cell
 * width fitted to its columns); each is replaced by a sentinel that Vega-Lite copies into the Vega
 * spec unchanged, and put back after compiling. A template whose sentinels do not come through as
 * plain numbers (Vega-Lite computed with one, or wrote it into an expression) is not used: the
 * chart is compiled with its own numbers.
 */

/** The structure with sentinels in place of its lifted numbers, and each sentinel's number. */
export interface LiftedStructure {
  template: Record<string, unknown>;
  /** sentinel → the number it stands for. */
  values: Map<number, number>;
}

/**
 * Number sentinels are numbers no chart builder writes: ±1e-200, ±2e-200, … Vega-Lite compares the
 * numbers it is given (whether a domain spans zero decides the default of `scale.zero`; equal
 * domains of two layers are merged), so equal numbers share a sentinel, zeros stay in the
 * template, and the sentinels keep the numbers' signs and order: any comparison comes out as it
 * would on the numbers. (Titles are not lifted: Vega-Lite writes them into the marks' ARIA
 * description expressions.)
 */
const UNIT = 1e-200;
const isSentinel = (x: number): boolean => x !== 0 && Math.abs(x) < 1e-190;

// What may be lifted: numbers in `scale.domain`, `scale.domainMin`/`domainMax`, `width.step` and
// `height.step`.
function liftableArray(path: readonly string[]): boolean {
  return path.at(-1) === 'domain' && path.at(-2) === 'scale';
}
function liftableNumber(path: readonly string[]): boolean {
  const [parent, key] = [path.at(-2), path.at(-1)];
  return (parent === 'scale' && (key === 'domainMin' || key === 'domainMax')) || (key === 'step' && (parent === 'width' || parent === 'height'));
}

/** Apply `num` to every liftable number of the structure (a new structure). */
function mapLiftable(structure: Record<string, unknown>, num: (x: number) => number): Record<string, unknown> {
  const walk = (node: unknown, path: string[]): unknown => {
    if (Array.isArray(node)) {
      const inDomain = liftableArray(path);
      return node.map((v, i) => (inDomain && typeof v === 'number' ? num(v) : walk(v, [...path, String(i)])));
    }
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const at = [...path, key];
      out[key] = typeof value === 'number' && liftableNumber(at) ? num(value) : walk(value, at);
    }
    return out;
  };
  return walk(structure, []) as Record<string, unknown>;
}

/**
 * How much of a structure is lifted: its numbers, or nothing (the structure itself, for a chart
 * whose numbers Vega-Lite does not copy through).
 */
export const LIFT_LEVELS = ['numbers', 'none'] as const;
export type LiftLevel = (typeof LIFT_LEVELS)[number];

/**
 * Replace the data-dependent numbers of a Vega-Lite structure by sentinels.
 * @param structure plain JSON (a spec less its inline rows, see chart-structure.ts).
 * @param level what to lift (default the numbers).
 */
export function liftNumbers(structure: Record<string, unknown>, level: LiftLevel = 'numbers'): LiftedStructure {
  if (level === 'none') return { template: structure, values: new Map() };
  const numbers = new Set<number>();
  mapLiftable(structure, (x) => {
    if (x !== 0 && Number.isFinite(x)) numbers.add(x);
    return x;
  });
  const positive = [...numbers].filter((x) => x > 0).sort((a, b) => a - b);
  const negative = [...numbers].filter((x) => x < 0).sort((a, b) => b - a);
  const sentinelOf = new Map<number, number>();
  positive.forEach((x, k) => sentinelOf.set(x, (k + 1) * UNIT));
  negative.forEach((x, k) => sentinelOf.set(x, -(k + 1) * UNIT));
  const template = mapLiftable(structure, (x) => sentinelOf.get(x) ?? x);
  return { template, values: new Map([...sentinelOf].map(([x, s]) => [s, x])) };
}

/**
 * Whether a compiled template holds each sentinel of `values` as a plain number, at least once, no
 * other sentinel-sized number, and no sentinel in any string (an expression that would keep the
 * placeholder's text).
 */
export function sentinelsIntact(vega: unknown, values: ReadonlyMap<number, number>): boolean {
  const seen = new Set<number>();
  let clean = true;
  const walk = (node: unknown): void => {
    if (typeof node === 'number') {
      if (!isSentinel(node)) return;
      if (values.has(node)) seen.add(node);
      else clean = false;
    } else if (typeof node === 'string') {
      if (/\de-(19\d|20\d)\b/.test(node)) clean = false;
    } else if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(vega);
  return clean && seen.size === values.size;
}

/** The compiled template with each sentinel replaced by its number (a new object; the template is not changed). */
export function fillNumbers<T>(vega: T, values: ReadonlyMap<number, number>): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'number') return isSentinel(node) ? (values.get(node) ?? node) : node;
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = walk(value);
    return out;
  };
  return walk(vega) as T;
}
