/**
 * Design matrix of the domain classifier (internal): numeric features (NaN kept for imputation),
 * a missing-value indicator per feature that has missing values, and one-hot categorical levels.
 */
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { featureKind, keyValues } from '../columns.js';
import type { FeatureHash } from './feature-hashing.js';

/** Column-major raw design over the sampled rows. */
export interface Design {
  columns: Float64Array[];
  names: string[];
}

/** Build the raw design for `rows` (one entry per sampled row, in order). */
export function buildDesign(table: Table, schema: Schema, rows: Int32Array, maxLevels: number): Design {
  const m = rows.length;
  const columns: Float64Array[] = [];
  const names: string[] = [];
  for (const feature of schema.features) {
    const all = keyValues(table, feature);
    const v = new Float64Array(m);
    let missing = 0;
    for (let i = 0; i < m; i++) {
      const x = all[rows[i]!]!;
      v[i] = x;
      if (Number.isNaN(x)) missing++;
    }
    if (featureKind(table, schema, feature) === 'numeric') {
      if (missing < m) {
        columns.push(v);
        names.push(feature);
      }
    } else {
      const counts = new Map<number, number>();
      for (let i = 0; i < m; i++) if (!Number.isNaN(v[i]!)) counts.set(v[i]!, (counts.get(v[i]!) ?? 0) + 1);
      const kept = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, maxLevels).map(([level]) => level);
      const keptSet = new Set(kept);
      for (const level of kept) {
        columns.push(Float64Array.from(v, (x) => (x === level ? 1 : 0)));
        names.push(`${feature}=${level}`);
      }
      if (counts.size > kept.length) {
        columns.push(Float64Array.from(v, (x) => (!Number.isNaN(x) && !keptSet.has(x) ? 1 : 0)));
        names.push(`${feature}=other`);
      }
    }
    if (missing > 0 && missing < m) {
      columns.push(Float64Array.from(v, (x) => (Number.isNaN(x) ? 1 : 0)));
      names.push(`${feature}:missing`);
    }
  }
  return { columns, names };
}

/**
 * Standardise every column with the training rows' mean and sd (NaN ignored), impute missing values
 * with that mean (0 after standardising), and lay the train and test rows out column-major.
 * Columns constant on the training rows become 0. With `hash`, each standardised column is added
 * (with its sign) into its hashed output column instead, so the result has `hash.d` columns and the
 * full n × p matrix is never held.
 */
export function standardiseDesign(design: Design, train: Int32Array, test: Int32Array, hash?: FeatureHash): { Xtrain: Float64Array; Xtest: Float64Array; p: number } {
  const p = design.columns.length;
  const out = hash === undefined ? p : hash.d;
  const Xtrain = new Float64Array(train.length * out);
  const Xtest = new Float64Array(test.length * out);
  for (let j = 0; j < p; j++) {
    const col = design.columns[j]!;
    let n = 0;
    let mean = 0;
    let m2 = 0;
    for (const r of train) {
      const v = col[r]!;
      if (Number.isNaN(v)) continue;
      n++;
      const d = v - mean;
      mean += d / n;
      m2 += d * (v - mean);
    }
    const sd = n > 1 ? Math.sqrt(m2 / n) : 0;
    const scale = sd > 0 ? 1 / sd : 0;
    const put = (X: Float64Array, rows: Int32Array): void => {
      const base = j * rows.length;
      for (let k = 0; k < rows.length; k++) {
        const v = col[rows[k]!]!;
        X[base + k] = Number.isNaN(v) ? 0 : (v - mean) * scale;
      }
    };
    const add = (X: Float64Array, rows: Int32Array, h: FeatureHash): void => {
      const base = h.target[j]! * rows.length;
      const s = h.sign[j]! * scale;
      for (let k = 0; k < rows.length; k++) {
        const v = col[rows[k]!]!;
        if (!Number.isNaN(v)) X[base + k]! += (v - mean) * s;
      }
    };
    if (hash === undefined) {
      put(Xtrain, train);
      put(Xtest, test);
    } else {
      add(Xtrain, train, hash);
      add(Xtest, test, hash);
    }
  }
  return { Xtrain, Xtest, p: out };
}
