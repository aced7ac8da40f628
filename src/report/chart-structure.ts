/**
 * A chart's structure apart from its data. Vega-Lite compiling and Vega parsing cost a fixed
 * ~15–60 ms per chart whatever its data (more while the JIT is cold), and a report draws the same
 * structure several times (one learning-curve chart per model, same axes and layers, other
 * epochs). So renderChart compiles and parses a structure once, with its inline data sets moved
 * out under fixed names, and hands each chart's own rows to a fresh View of the parsed spec.
 */

/** Name of the k-th inline data set moved out of a spec (a name no chart builder uses). */
export const datasetName = (k: number): string => `clinreg_inline_${k}`;

/** A spec split into its structure (data sets replaced by names) and the rows it carried. */
export interface SplitSpec {
  /** The spec with each movable `data: { values }` replaced by `data: { name }`: the cache key is its JSON. */
  structure: Record<string, unknown>;
  /** The rows of each moved data set, in the order of {@link datasetName}. */
  datasets: object[][];
}

// Only `{ values: [plain objects...] }` moves: with a name, a format, or values that are not
// objects (strings are parsed, primitives are wrapped by Vega) the data stays in the structure.
function movable(v: unknown): v is { values: object[] } {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  if (keys.length !== 1 || keys[0] !== 'values') return false;
  const values = (v as { values: unknown }).values;
  return Array.isArray(values) && values.every((row) => row !== null && typeof row === 'object' && !Array.isArray(row));
}

/**
 * Split a Vega-Lite spec into its structure and its inline rows. Returns null when the spec names
 * its own `datasets` (the names could collide): such a chart is compiled as it is.
 * @param spec a Vega-Lite specification (plain JSON: objects, arrays, strings, numbers, booleans, null).
 */
export function splitSpec(spec: Record<string, unknown>): SplitSpec | null {
  if ('datasets' in spec) return null;
  const datasets: object[][] = [];
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'data' && movable(value)) {
        out[key] = { name: datasetName(datasets.length) };
        datasets.push(value.values);
      } else out[key] = walk(value);
    }
    return out;
  };
  return { structure: walk(spec) as Record<string, unknown>, datasets };
}

/**
 * What is compiled for a split spec: its structure with each moved data set declared empty under
 * its name (the View gets the rows). Plain JSON: the same structure gives the same object.
 */
export function compiledStructure(split: SplitSpec): Record<string, unknown> {
  return { ...split.structure, datasets: Object.fromEntries(split.datasets.map((_, k) => [datasetName(k), []])) };
}

/**
 * A small first-in-first-out cache: a long-lived process drawing many kinds of chart keeps at
 * most `capacity` parsed structures.
 */
export class StructureCache<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly capacity: number) {}

  /** The entry for `key`, or undefined when absent. */
  peek(key: string): T | undefined {
    return this.entries.get(key);
  }

  /** The entry for `key`, made with `make` (and kept) when absent. */
  get(key: string, make: () => T): T {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = make();
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Entries held now. */
  get size(): number {
    return this.entries.size;
  }
}
