import * as z from 'zod';
import { ValueError } from '../errors.js';
import type { Table } from '../data/table.js';

/** What the model saw of one feature in training: the numeric range, or the categorical levels. */
export type FeatureRange =
  | { feature: string; kind: 'numeric'; min: number; max: number }
  | { feature: string; kind: 'categorical'; levels: string[] };

/** The model.json metadata key under which training ranges are stored. */
export const FEATURE_RANGES_KEY = 'featureRanges';

const rangeSchema = z.array(z.discriminatedUnion('kind', [
  z.object({ feature: z.string(), kind: z.literal('numeric'), min: z.number().refine(Number.isFinite), max: z.number().refine(Number.isFinite) }).strict(),
  z.object({ feature: z.string(), kind: z.literal('categorical'), levels: z.array(z.string()).max(100_000) }).strict(),
])).max(100_000);

/**
 * Per-feature training range: min and max of every numeric feature, the levels seen of every
 * categorical one (missing values ignored). Store it in model metadata under
 * {@link FEATURE_RANGES_KEY} when saving a model, and flag new rows with {@link flagOutOfRange}.
 * @param table training data. @param features feature names. @param rows training rows (default all).
 * @throws ValueError for an unknown column.
 * @example io.saveModel(dir, { model, metadata: { [conformal.FEATURE_RANGES_KEY]: conformal.trainingRanges(table, schema.features, rows) } });
 */
export function trainingRanges(table: Table, features: readonly string[], rows?: ArrayLike<number>): FeatureRange[] {
  const idx = rows ?? Int32Array.from({ length: table.nRows }, (_, i) => i);
  return features.flatMap((f): FeatureRange[] => {
    const col = table.column(f);
    if (col.kind === 'categorical') {
      const seen = new Set<string>();
      for (let k = 0; k < idx.length; k++) {
        const c = col.codes[idx[k]!]!;
        if (c >= 0) seen.add(col.levels[c]!);
      }
      return [{ feature: f, kind: 'categorical', levels: [...seen].sort() }];
    }
    if (col.kind !== 'numeric') return [];
    let min = Infinity;
    let max = -Infinity;
    for (let k = 0; k < idx.length; k++) {
      const v = col.values[idx[k]!]!;
      if (Number.isNaN(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return Number.isFinite(min) ? [{ feature: f, kind: 'numeric', min, max }] : [];
  });
}

/**
 * The training ranges stored in a model's metadata, validated (null when the model has none).
 * @throws ValueError when the stored value is malformed.
 */
export function storedRanges(metadata: Record<string, unknown>): FeatureRange[] | null {
  const raw = metadata[FEATURE_RANGES_KEY];
  if (raw === undefined) return null;
  const r = rangeSchema.safeParse(raw);
  if (!r.success) throw new ValueError(`storedRanges: metadata.${FEATURE_RANGES_KEY} is malformed at '${r.error.issues[0]!.path.join('.')}': ${r.error.issues[0]!.message}.`);
  return r.data as FeatureRange[];
}

/** One row outside what the model saw. */
export interface OutOfRangeRow {
  /** Row index in the table, and its line in the file (header = 1). */
  row: number;
  fileRow: number;
  /** The features outside the training range (numeric) or with an unseen level (categorical). */
  features: string[];
}

/**
 * Rows with a feature outside its training range or a categorical level the model never saw
 * (missing values are not flagged; imputation handles them). A flagged patient's risk is an
 * extrapolation.
 * @param table new data. @param ranges from {@link trainingRanges} or {@link storedRanges}.
 * @throws ValueError when a feature of `ranges` is not in the table.
 * @example conformal.flagOutOfRange(table, conformal.storedRanges(loaded.metadata)!);
 */
export function flagOutOfRange(table: Table, ranges: readonly FeatureRange[]): OutOfRangeRow[] {
  const flagged = new Map<number, string[]>();
  const add = (i: number, f: string): void => {
    const list = flagged.get(i);
    if (list === undefined) flagged.set(i, [f]);
    else list.push(f);
  };
  for (const r of ranges) {
    if (!table.columnNames.includes(r.feature)) throw new ValueError(`flagOutOfRange: feature '${r.feature}' is not in the table. Known columns: ${table.columnNames.join(', ')}.`);
    const col = table.column(r.feature);
    if (r.kind === 'numeric') {
      const v = table.numbers(r.feature);
      for (let i = 0; i < table.nRows; i++) if (!Number.isNaN(v[i]!) && (v[i]! < r.min || v[i]! > r.max)) add(i, r.feature);
    } else {
      const levels = new Set(r.levels);
      const s = col.kind === 'categorical' ? table.strings(r.feature) : Array.from(table.numbers(r.feature), (x) => (Number.isNaN(x) ? null : String(x)));
      for (let i = 0; i < table.nRows; i++) if (s[i] !== null && !levels.has(s[i]!)) add(i, r.feature);
    }
  }
  return [...flagged].sort((a, b) => a[0] - b[0]).map(([row, features]) => ({ row, fileRow: table.fileRow(row), features }));
}
