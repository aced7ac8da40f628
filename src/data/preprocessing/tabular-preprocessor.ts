import * as z from 'zod';
import { DataError, ModelFormatError, NotFittedError, ValueError } from '../../errors.js';
import { checkOptions } from '../../option-keys.js';
import { createFingerprint, type Fingerprint } from '../fingerprint.js';
import type { Column, Table } from '../table.js';
import { OneHotEncoder } from './one-hot-encoder.js';
import { SimpleImputer, type ImputeStrategy } from './simple-imputer.js';
import { StandardScaler } from './standard-scaler.js';
import { fingerprintFromJSON, fingerprintSchema, fingerprintToJSON, parseState } from './state.js';
import { checkRows, columnWhere } from './transformer.js';

/** Options of {@link TabularPreprocessor}. */
export interface TabularPreprocessorOptions {
  /** Imputation of numeric features. Default `'mean'` (scikit-learn's SimpleImputer default). */
  numericStrategy?: ImputeStrategy;
  /** Append a 0/1 missing-indicator per numeric feature that had missing values in fit. Default false. */
  addIndicator?: boolean;
  /** Standardise numeric features (StandardScaler). Default true. */
  scale?: boolean;
  /** Categorical levels not seen in fit: `'ignore'` (default: all-zero one-hot) or `'error'`. */
  handleUnknown?: 'error' | 'ignore';
  /**
   * A feature with no observed value in the fitted rows is imputed with 0 / `'missing_value'`
   * instead of raising. Default true, so one model input layout serves every site (differs from
   * SimpleImputer's default).
   */
  keepEmptyFeatures?: boolean;
}

const stepSchema = z.looseObject({ type: z.string() }).nullable();
const stateSchema = z.object({
  type: z.literal('TabularPreprocessor'),
  version: z.literal(1),
  features: z.array(z.string()).min(1),
  categorical: z.array(z.string()),
  params: z.object({
    numericStrategy: z.enum(['mean', 'median', 'most_frequent', 'constant']),
    addIndicator: z.boolean(),
    scale: z.boolean(),
    handleUnknown: z.enum(['error', 'ignore']),
    keepEmptyFeatures: z.boolean(),
  }),
  state: z
    .object({
      numImputer: stepSchema,
      scaler: stepSchema,
      catImputer: stepSchema,
      encoder: stepSchema,
      featureNames: z.array(z.string()),
      fitFingerprint: fingerprintSchema,
    })
    .nullable(),
});

/** JSON form of a TabularPreprocessor (goes into model.json). */
export type TabularPreprocessorJSON = z.infer<typeof stateSchema>;

interface Steps {
  numImputer: SimpleImputer | undefined;
  scaler: StandardScaler | undefined;
  catImputer: SimpleImputer | undefined;
  encoder: OneHotEncoder | undefined;
}

/**
 * Table → model input matrix, fitted on training rows only (the scikit-learn recipe
 * `ColumnTransformer([('num', Pipeline([SimpleImputer, StandardScaler]), numeric),
 * ('cat', Pipeline([SimpleImputer('most_frequent'), OneHotEncoder(handle_unknown='ignore')]), categorical)])`).
 * Output columns, in order: numeric features (imputed, scaled), missing indicators
 * (`missingindicator_<col>`, unscaled 0/1), one-hot columns (`<col>_<level>`). Its fingerprint
 * covers the raw feature values of the fitted rows so leakage checks can tell if test rows were seen.
 * @example
 * const pre = new data.TabularPreprocessor(schema, { addIndicator: true });
 * const xTrain = pre.fitTransform(table, trainRows); // Float32Array, trainRows.length × pre.featureNames.length
 * const xTest = pre.transform(table, testRows);
 */
export class TabularPreprocessor {
  readonly type = 'TabularPreprocessor';
  readonly features: readonly string[];
  readonly categorical: readonly string[];
  readonly options: Required<TabularPreprocessorOptions>;
  private steps: Steps | undefined;
  private names: string[] = [];
  private fp: Fingerprint | undefined;

  /**
   * @param schema `features` (model inputs, in order) and `categorical` (the subset to one-hot encode), as a Schema has.
   * @param options see {@link TabularPreprocessorOptions}.
   * @throws ValueError for no features, a duplicate feature, or a categorical column that is not a feature.
   */
  constructor(schema: { features: readonly string[]; categorical: readonly string[] }, options: TabularPreprocessorOptions = {}) {
    checkOptions('TabularPreprocessor', options, { numericStrategy: true, addIndicator: true, scale: true, handleUnknown: true, keepEmptyFeatures: true } satisfies Record<keyof Required<TabularPreprocessorOptions>, true>);
    if (schema.features.length === 0) throw new ValueError('TabularPreprocessor: schema.features must name at least one column. Received: [].');
    const dup = schema.features.find((f, i) => schema.features.indexOf(f) !== i);
    if (dup !== undefined) throw new ValueError(`TabularPreprocessor: feature '${dup}' is listed twice.`);
    const stray = schema.categorical.find((c) => !schema.features.includes(c));
    if (stray !== undefined) throw new ValueError(`TabularPreprocessor: categorical column '${stray}' is not a feature. Fix: add it to features or drop it from categorical.`);
    this.features = [...schema.features];
    this.categorical = schema.features.filter((f) => schema.categorical.includes(f));
    this.options = {
      numericStrategy: options.numericStrategy ?? 'mean',
      addIndicator: options.addIndicator ?? false,
      scale: options.scale ?? true,
      handleUnknown: options.handleUnknown ?? 'ignore',
      keepEmptyFeatures: options.keepEmptyFeatures ?? true,
    };
    if (!['mean', 'median', 'most_frequent', 'constant'].includes(this.options.numericStrategy)) {
      throw new ValueError(`TabularPreprocessor: numericStrategy must be mean, median, most_frequent or constant. Received: ${JSON.stringify(options.numericStrategy)}.`);
    }
    if (this.options.handleUnknown !== 'ignore' && this.options.handleUnknown !== 'error') {
      throw new ValueError(`TabularPreprocessor: handleUnknown must be 'ignore' or 'error'. Received: ${JSON.stringify(options.handleUnknown)}.`);
    }
  }

  /** Numeric features (every feature not listed as categorical). */
  get numeric(): string[] {
    return this.features.filter((f) => !this.categorical.includes(f));
  }

  /** Whether `fit` has run. */
  get isFitted(): boolean {
    return this.fp !== undefined;
  }

  /** Raw feature columns and rows of the last fit. @throws NotFittedError before fit. */
  get fitFingerprint(): Fingerprint {
    if (this.fp === undefined) throw new NotFittedError('TabularPreprocessor: not fitted yet. Fix: call fit() first.');
    return this.fp;
  }

  /** Names of the output columns. @throws NotFittedError before fit. */
  get featureNames(): string[] {
    if (this.fp === undefined) throw new NotFittedError('TabularPreprocessor: not fitted yet. Fix: call fit() first.');
    return [...this.names];
  }

  /** Number of output columns. @throws NotFittedError before fit. */
  get nFeaturesOut(): number {
    return this.featureNames.length;
  }

  private checkTable(table: Table): void {
    for (const f of this.features) {
      if (!table.has(f)) throw new DataError(`TabularPreprocessor: feature '${f}' is not in the table. Columns: ${table.columnNames.join(', ')}.`, columnWhere(table, f));
    }
    for (const f of this.numeric) {
      if (table.column(f).kind === 'categorical') {
        throw new DataError(`TabularPreprocessor: feature '${f}' holds text but is not listed as categorical. Fix: add it to schema.categorical (createSchema does this for text columns).`, columnWhere(table, f));
      }
    }
  }

  /**
   * Fit imputation, scaling and encoding on `rows` of `table` (default: all rows).
   * @throws ValueError for bad rows; DataError for a missing or mistyped feature.
   */
  fit(table: Table, rows?: ArrayLike<number>): this {
    this.fitTransform(table, rows);
    return this;
  }

  /** Fit on `rows`, and return their matrix (row-major Float32Array, rows × featureNames.length). */
  fitTransform(table: Table, rows?: ArrayLike<number>): Float32Array {
    checkRows('TabularPreprocessor.fit', table, rows, true);
    this.checkTable(table);
    const o = this.options;
    const num = this.numeric;
    const cat = this.categorical;
    const steps: Steps = {
      numImputer: num.length > 0 ? new SimpleImputer({ strategy: o.numericStrategy, addIndicator: o.addIndicator, keepEmptyFeatures: o.keepEmptyFeatures, columns: num }) : undefined,
      scaler: num.length > 0 && o.scale ? new StandardScaler({ columns: num }) : undefined,
      catImputer: cat.length > 0 ? new SimpleImputer({ strategy: 'most_frequent', keepEmptyFeatures: o.keepEmptyFeatures, columns: cat }) : undefined,
      encoder: cat.length > 0 ? new OneHotEncoder({ handleUnknown: o.handleUnknown, columns: cat }) : undefined,
    };
    let t = table.pick(this.features);
    let first = true;
    for (const step of [steps.numImputer, steps.scaler, steps.catImputer, steps.encoder]) {
      if (step === undefined) continue;
      t = first ? step.fitTransform(t, rows) : step.fitTransform(t);
      first = false;
    }
    this.steps = steps;
    this.names = [...num, ...(steps.numImputer?.indicatorColumns.map((c) => `missingindicator_${c}`) ?? []), ...(steps.encoder?.featureNamesOut ?? [])];
    this.fp = createFingerprint(table, this.features, rows);
    return this.toMatrix(t);
  }

  /**
   * The model input matrix of `rows` of `table` (default: all rows).
   * @returns row-major Float32Array of rows × featureNames.length.
   * @throws NotFittedError before fit; DataError for a missing or mistyped feature (or an unseen
   *   level with handleUnknown 'error'), or a value that becomes ±Inf in float32 (row and column named).
   */
  transform(table: Table, rows?: ArrayLike<number>): Float32Array {
    if (this.steps === undefined) throw new NotFittedError('TabularPreprocessor: call fit() before transform().');
    checkRows('TabularPreprocessor.transform', table, rows, false);
    this.checkTable(table);
    const s = this.steps;
    let t = alignCategoricalKinds(table.pick(this.features), s.catImputer?.kindsByColumn);
    let first = true;
    for (const step of [s.numImputer, s.scaler, s.catImputer, s.encoder]) {
      if (step === undefined) continue;
      t = first ? step.transform(t, rows) : step.transform(t);
      first = false;
    }
    return this.toMatrix(t);
  }

  /** The float32 model input matrix; a value float32 cannot hold (±Inf, NaN) is refused with its row and column. */
  private toMatrix(t: Table): Float32Array {
    const p = this.names.length;
    const out = new Float32Array(t.nRows * p);
    this.names.forEach((name, j) => {
      const v = t.numbers(name);
      for (let i = 0; i < t.nRows; i++) {
        out[i * p + j] = v[i]!;
        const x = out[i * p + j]!;
        if (x - x !== 0) {
          const source = this.sourceColumn(name);
          throw new DataError(
            `TabularPreprocessor: the value becomes ${v[i]} after preprocessing (model input '${name}'), which a float32 model input cannot hold. Fix: correct the value, or change the column's units so it is within the training range.`,
            columnWhere(t, source, i),
          );
        }
      }
    });
    return out;
  }

  /** The feature a model input column comes from (itself for numeric features). */
  private sourceColumn(input: string): string {
    if (this.features.includes(input)) return input;
    if (input.startsWith('missingindicator_')) return input.slice('missingindicator_'.length);
    return this.categorical.find((c) => input.startsWith(`${c}_`)) ?? input;
  }

  /** JSON state for model.json (parameters, each fitted step, feature names, fingerprint). */
  toJSON(): TabularPreprocessorJSON {
    const s = this.steps;
    return {
      type: 'TabularPreprocessor',
      version: 1,
      features: [...this.features],
      categorical: [...this.categorical],
      params: { ...this.options },
      state:
        s === undefined
          ? null
          : {
              numImputer: s.numImputer?.toJSON() ?? null,
              scaler: s.scaler?.toJSON() ?? null,
              catImputer: s.catImputer?.toJSON() ?? null,
              encoder: s.encoder?.toJSON() ?? null,
              featureNames: [...this.names],
              fitFingerprint: fingerprintToJSON(this.fp!),
            },
    };
  }

  /**
   * Rebuild from {@link TabularPreprocessor.toJSON} output.
   * @throws ModelFormatError when the JSON is invalid or its parts disagree.
   */
  static fromJSON(json: unknown): TabularPreprocessor {
    const j = parseState('TabularPreprocessor', stateSchema, json);
    let pre: TabularPreprocessor;
    try {
      pre = new TabularPreprocessor({ features: j.features, categorical: j.categorical }, j.params);
    } catch (err) {
      throw new ModelFormatError(`TabularPreprocessor.fromJSON: ${(err as Error).message}`);
    }
    if (j.state === null) return pre;
    const st = j.state;
    const need = (name: keyof Steps, present: boolean): void => {
      if ((st[name] !== null) !== present) {
        throw new ModelFormatError(`TabularPreprocessor.fromJSON: state.${name} must be ${present ? 'present' : 'null'} for these features and params.`);
      }
    };
    const hasNum = pre.numeric.length > 0;
    const hasCat = pre.categorical.length > 0;
    need('numImputer', hasNum);
    need('scaler', hasNum && j.params.scale);
    need('catImputer', hasCat);
    need('encoder', hasCat);
    const steps: Steps = {
      numImputer: st.numImputer === null ? undefined : SimpleImputer.fromJSON(st.numImputer),
      scaler: st.scaler === null ? undefined : StandardScaler.fromJSON(st.scaler),
      catImputer: st.catImputer === null ? undefined : SimpleImputer.fromJSON(st.catImputer),
      encoder: st.encoder === null ? undefined : OneHotEncoder.fromJSON(st.encoder),
    };
    for (const step of [steps.numImputer, steps.scaler, steps.catImputer, steps.encoder]) {
      if (step !== undefined && !step.isFitted) throw new ModelFormatError('TabularPreprocessor.fromJSON: every step of a fitted preprocessor must be fitted.');
    }
    const expected = [...pre.numeric, ...(steps.numImputer?.indicatorColumns.map((c) => `missingindicator_${c}`) ?? []), ...(steps.encoder?.featureNamesOut ?? [])];
    if (expected.join('\u0000') !== st.featureNames.join('\u0000')) {
      throw new ModelFormatError(`TabularPreprocessor.fromJSON: state.featureNames (${st.featureNames.length}) do not match the fitted steps (${expected.length}).`);
    }
    pre.steps = steps;
    pre.names = expected;
    pre.fp = fingerprintFromJSON('TabularPreprocessor', st.fitFingerprint);
    return pre;
  }
}

/**
 * A categorical feature arrives with the kind it had at fit: level codes read as numbers (a CSV read
 * without `categorical`) become text levels again when the fit saw text, and text levels that are
 * all numbers become numbers when the fit saw numbers. Any other column is left as it is.
 */
function alignCategoricalKinds(t: Table, fitted: ReadonlyMap<string, Column['kind']> | undefined): Table {
  if (fitted === undefined) return t;
  let out = t;
  for (const [name, kind] of fitted) {
    if (!out.has(name)) continue;
    const col = out.column(name);
    if (kind === 'categorical' && col.kind === 'numeric') {
      const text = out.strings(name);
      const levels: string[] = [];
      const index = new Map<string, number>();
      const codes = Int32Array.from(text, (v) => {
        if (v === null) return -1;
        let k = index.get(v);
        if (k === undefined) index.set(v, (k = levels.push(v) - 1));
        return k;
      });
      out = out.withColumn(name, { kind: 'categorical', codes, levels });
    } else if (kind === 'numeric' && col.kind === 'categorical' && col.levels.every((l) => l.trim() !== '' && Number.isFinite(Number(l)))) {
      out = out.withColumn(name, { kind: 'numeric', values: Float64Array.from(col.codes, (c) => (c < 0 ? NaN : Number(col.levels[c]!))) });
    }
  }
  return out;
}
