// A feature with one value in every training row that has one cannot inform the model (the scaler
// maps it to 0): usually a filter applied upstream or a column left from another export. No finding
// code of the catalogue fits (constant-at-site is about one site differing from the others), so
// train says it once on stderr, before the work.
import type { data } from '../index.js';
import { excerpt } from '../data/safe-text.js';

/** A feature with a single distinct non-missing value among the rows looked at. */
export interface ConstantFeature {
  /** The column. */
  feature: string;
  /** Its one value, as text. */
  value: string;
  /** Rows (of those looked at) where it is present. */
  present: number;
}

/**
 * The features that hold exactly one distinct non-missing value among `rows` (all-missing columns
 * are not listed: they are reported as 100 % missing elsewhere).
 * @param table the data.
 * @param features the feature columns.
 * @param rows the training rows (table indices).
 */
export function constantFeatures(table: data.Table, features: readonly string[], rows: ArrayLike<number>): ConstantFeature[] {
  const out: ConstantFeature[] = [];
  for (const feature of features) {
    const col = table.column(feature);
    let first = NaN;
    let present = 0;
    let constant = true;
    for (let k = 0; k < rows.length && constant; k++) {
      const v = col.kind === 'categorical' ? col.codes[rows[k]!]! : col.values[rows[k]!]!;
      if (col.kind === 'categorical' ? v < 0 : Number.isNaN(v)) continue;
      if (present++ === 0) first = v;
      else if (v !== first) constant = false;
    }
    if (!constant || present === 0) continue;
    const value = col.kind === 'categorical' ? `'${col.levels[first]!}'` : col.kind === 'date' ? new Date(first).toISOString() : String(first);
    out.push({ feature, value, present });
  }
  return out;
}

/**
 * The one warning line for constant features, or null when there are none: names each column and
 * its value, says that only missingness can inform the model where some rows lack the value, and
 * gives the `--exclude` fix.
 * @param constant from {@link constantFeatures}.
 * @param rows how many training rows were looked at.
 */
export function constantFeaturesWarning(constant: readonly ConstantFeature[], rows: number): string | null {
  if (constant.length === 0) return null;
  const one = constant.length === 1;
  const what = constant.map(
    (c) => `'${excerpt(c.feature, 60)}' (always ${excerpt(c.value, 40)}${c.present < rows ? ` where present; missing in ${rows - c.present} rows, all it can tell the model` : ''})`,
  );
  return (
    `warning: ${one ? 'a feature has' : `${constant.length} features have`} a single value across the ${rows} training rows and cannot inform the model: ${what.join(', ')}. ` +
    `Fix: --exclude ${constant.map((c) => c.feature).join(',')}, or check that the file is the full export.`
  );
}
