import { ValueError } from '../errors.js';
import type { Table } from '../data/table.js';
import type { FieldSpec } from '../browser/calculator/spec.js';
import { trainingRanges, type FeatureRange as StoredRange } from '../conformal/feature-range.js';

/** Training range of one feature: min and max of a numeric one, the levels of a categorical one. */
export type FeatureRange = { min: number; max: number } | { levels: string[] };

/**
 * Stored training ranges (`conformal.trainingRanges`, model.json `metadata.featureRanges`) keyed
 * by feature, as the calculator uses them.
 * @param list one entry per feature.
 */
export function rangesByFeature(list: readonly StoredRange[]): Record<string, FeatureRange> {
  // Null prototype: a feature called '__proto__' is stored as an own key, not as the prototype.
  const out = Object.create(null) as Record<string, FeatureRange>;
  for (const r of list) out[r.feature] = r.kind === 'numeric' ? { min: r.min, max: r.max } : { levels: [...r.levels] };
  return out;
}

/**
 * The range of each feature over `rows` of `table` (default all rows), for the calculator's
 * out-of-range warnings: `conformal.trainingRanges` (what `clinreg train` stores in the model)
 * keyed by feature. Missing values are skipped; a feature with no observed value gets none.
 * @param table the development data.
 * @param features the model's features.
 * @throws ValueError when a feature is not in the table.
 * @example const ranges = exporter.featureRanges(table, schema.features);
 */
export function featureRanges(table: Table, features: readonly string[], rows?: ArrayLike<number>): Record<string, FeatureRange> {
  for (const f of features) {
    if (!table.has(f)) throw new ValueError(`featureRanges: feature '${f}' is not in the data. Columns: ${table.columnNames.join(', ')}.`);
  }
  return rangesByFeature(trainingRanges(table, features, rows).filter((r) => r.kind === 'numeric' || r.levels.length > 0));
}

/** The categorical levels the model was fitted on, from model.json's OneHotEncoder state. */
function encoderLevels(preprocessing: unknown): Map<string, string[]> {
  const encoded = (preprocessing as { state?: { encoder?: { state?: { encoded?: { name: string; categories: (string | number)[] }[] } } | null } } | null)
    ?.state?.encoder?.state?.encoded;
  return new Map((encoded ?? []).map((e) => [e.name, e.categories.map(String)]));
}

/**
 * One form field per model feature, in model order: numeric fields with the training range
 * (when known) and an accepted range one training span beyond it (not below 0 for a feature
 * never negative in training); categorical fields with the fitted levels. Every field may be
 * left empty: TabularPreprocessor imputes every feature.
 * @param features the model's features; `categorical` the subset one-hot encoded.
 * @param preprocessing model.json's `preprocessing` value.
 * @param ranges training ranges by feature (may be empty).
 * @param units units by feature, shown beside the label.
 */
export function fieldSpecs(
  features: readonly string[],
  categorical: readonly string[],
  preprocessing: unknown,
  ranges: Readonly<Record<string, FeatureRange>>,
  units: Readonly<Record<string, string>> = {},
): FieldSpec[] {
  const levels = encoderLevels(preprocessing);
  return features.map((name): FieldSpec => {
    // Own properties only: a feature called 'constructor' must not find Object.prototype's (H4, #19).
    const unit = Object.hasOwn(units, name) ? units[name] : undefined;
    const base: FieldSpec = { name, kind: categorical.includes(name) ? 'categorical' : 'numeric', missingAllowed: true };
    if (unit !== undefined) base.unit = unit;
    const range = Object.hasOwn(ranges, name) ? ranges[name] : undefined;
    if (base.kind === 'categorical') {
      base.levels = levels.get(name) ?? (range !== undefined && 'levels' in range ? range.levels : []);
      return base;
    }
    if (range === undefined || !('min' in range)) return base;
    const span = range.max > range.min ? range.max - range.min : Math.max(Math.abs(range.min), 1);
    return {
      ...base,
      min: range.min,
      max: range.max,
      acceptMin: range.min >= 0 ? Math.max(0, range.min - span) : range.min - span,
      acceptMax: range.max + span,
    };
  });
}
