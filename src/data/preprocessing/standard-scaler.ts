import * as z from 'zod';
import { DataError, ModelFormatError, NotFittedError, ValueError } from '../../errors.js';
import { checkOptions } from '../../option-keys.js';
import type { Column, Table } from '../table.js';
import { fingerprintFromJSON, fingerprintSchema, fingerprintToJSON, parseState } from './state.js';
import { ColumnTransformerBase, columnWhere, outputTable } from './transformer.js';

/** Options of {@link StandardScaler} (scikit-learn names in camelCase, same defaults). */
export interface StandardScalerOptions {
  /** Subtract the mean. Default true. */
  withMean?: boolean;
  /** Divide by the standard deviation. Default true. */
  withStd?: boolean;
  /** Columns to scale (numeric or date). Default: every numeric and date column. */
  columns?: readonly string[];
}

const stateSchema = z.object({
  type: z.literal('StandardScaler'),
  version: z.literal(1),
  params: z.object({ withMean: z.boolean(), withStd: z.boolean(), columns: z.array(z.string()).optional() }),
  state: z
    .object({
      columns: z.array(z.string()),
      mean: z.array(z.number()),
      var: z.array(z.number().nonnegative()),
      scale: z.array(z.number().positive()),
      nSamplesSeen: z.array(z.number().int().positive()),
      fitFingerprint: fingerprintSchema,
    })
    .nullable(),
});

/** JSON form of a StandardScaler. */
export type StandardScalerJSON = z.infer<typeof stateSchema>;

/**
 * Standardise columns: z = (x − mean) / scale (scikit-learn 1.2 `StandardScaler`). The variance is
 * the population variance (divide by n, numpy `ddof=0`) computed as scikit-learn does
 * (`_incremental_mean_and_var`: a corrected two-pass sum); missing values (NaN) are ignored in fit
 * and stay NaN in transform. A constant column — variance within rounding error of 0, by
 * scikit-learn's `_is_constant_feature` bound — gets scale 1, so it maps to 0 instead of NaN.
 * Statistics are overflow-safe: columns with values beyond 2^400 are summed after an exact
 * power-of-two rescaling, and a column whose variance cannot be represented (or holding ±Inf) is
 * refused with a DataError naming the row and column, never turned into zeros.
 * @example
 * const sc = new data.StandardScaler();
 * const z = sc.fitTransform(table, trainRows);
 */
export class StandardScaler extends ColumnTransformerBase {
  readonly type = 'StandardScaler';
  readonly withMean: boolean;
  readonly withStd: boolean;
  readonly columns: readonly string[] | undefined;
  private fitted: { columns: string[]; mean: number[]; var: number[]; scale: number[]; nSamplesSeen: number[] } | undefined;

  /**
   * @param options see {@link StandardScalerOptions}.
   * @throws ValueError for a non-boolean flag.
   */
  constructor(options: StandardScalerOptions = {}) {
    super();
    checkOptions('StandardScaler', options, { withMean: true, withStd: true, columns: true } satisfies Record<keyof Required<StandardScalerOptions>, true>);
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
    if (typeof this.withMean !== 'boolean' || typeof this.withStd !== 'boolean') {
      throw new ValueError(`StandardScaler: withMean and withStd must be booleans. Received: withMean=${String(options.withMean)}, withStd=${String(options.withStd)}.`);
    }
    this.columns = options.columns === undefined ? undefined : [...options.columns];
  }

  /** Fitted per-column mean, variance, scale and count of non-missing values (scikit-learn's `mean_`, `var_`, `scale_`, `n_samples_seen_`). */
  get statistics(): { columns: string[]; mean: number[]; var: number[]; scale: number[]; nSamplesSeen: number[] } {
    if (this.fitted === undefined) throw new NotFittedError('StandardScaler: not fitted yet. Fix: call fit() first.');
    return structuredClone(this.fitted);
  }

  protected resolveColumns(table: Table): string[] {
    if (this.columns === undefined) return table.columnNames.filter((c) => table.column(c).kind !== 'categorical');
    for (const c of this.columns) {
      if (table.column(c).kind === 'categorical') {
        throw new ValueError(`StandardScaler: column '${c}' is categorical and cannot be standardised. Fix: one-hot encode it (OneHotEncoder) or leave it out of columns.`);
      }
    }
    return [...this.columns];
  }

  protected fitColumns(table: Table, columns: string[], rows: ArrayLike<number> | undefined): void {
    const n = rows === undefined ? table.nRows : rows.length;
    const at = (k: number): number => (rows === undefined ? k : rows[k]!);
    const f = { columns, mean: [] as number[], var: [] as number[], scale: [] as number[], nSamplesSeen: [] as number[] };
    for (const name of columns) {
      const v = (table.column(name) as Exclude<Column, { kind: 'categorical' }>).values;
      let count = 0;
      let maxAbs = 0;
      let maxAt = 0;
      for (let k = 0; k < n; k++) {
        const x = v[at(k)]!;
        if (!Number.isNaN(x)) {
          count++;
          const a = Math.abs(x);
          if (a > maxAbs) {
            maxAbs = a;
            maxAt = at(k);
          }
        }
      }
      if (count === 0) {
        throw new DataError(`StandardScaler: column has no observed value in the ${n} fitted rows. Fix: impute it first (SimpleImputer) or drop it.`, columnWhere(table, name));
      }
      if (maxAbs === Infinity) {
        throw new DataError('StandardScaler: the value is infinite and cannot be standardised. Fix: correct it or mark it missing.', columnWhere(table, name, maxAt));
      }
      // Overflow-safe: values are divided by a power of two (exact) so that no sum can overflow;
      // below 2^400 the divisor is 1 and the arithmetic is scikit-learn's.
      const p2 = maxAbs > 2 ** 400 ? 2 ** Math.min(1023, Math.ceil(Math.log2(maxAbs))) : 1;
      let sum = 0;
      for (let k = 0; k < n; k++) {
        const x = v[at(k)]!;
        if (!Number.isNaN(x)) sum += x / p2;
      }
      const mu = sum / count;
      let correction = 0;
      let sq = 0;
      for (let k = 0; k < n; k++) {
        const x = v[at(k)]!;
        if (!Number.isNaN(x)) {
          const d = x / p2 - mu;
          correction += d;
          sq += d * d;
        }
      }
      const varScaled = (sq - (correction * correction) / count) / count;
      const eps = Number.EPSILON;
      const constant = varScaled <= count * eps * varScaled + (count * mu * eps) ** 2;
      const variance = varScaled * p2 * p2;
      if (!Number.isFinite(variance)) {
        throw new DataError(
          `StandardScaler: the values spread too widely to standardise (standard deviation ${(Math.sqrt(varScaled) * p2).toPrecision(3)}, whose square overflows a 64-bit float); the largest is here. Fix: change the column's units or log-transform it.`,
          columnWhere(table, name, maxAt),
        );
      }
      f.mean.push(mu * p2);
      f.var.push(variance);
      f.scale.push(constant ? 1 : Math.sqrt(variance));
      f.nSamplesSeen.push(count);
    }
    this.fitted = f;
  }

  protected fittedColumns(): string[] {
    return this.fitted!.columns;
  }

  protected transformColumns(table: Table, rows: ArrayLike<number> | undefined): Table {
    const f = this.fitted!;
    const n = rows === undefined ? table.nRows : rows.length;
    const at = (k: number): number => (rows === undefined ? k : rows[k]!);
    const index = new Map(f.columns.map((c, i) => [c, i]));
    return outputTable('StandardScaler', table, rows, (name, col) => {
      const i = index.get(name);
      if (i === undefined) return undefined;
      if (col.kind === 'categorical') {
        throw new DataError('StandardScaler: column was numeric when fitted but is categorical here. Fix: read both tables with the same column types.', columnWhere(table, name));
      }
      const mu = this.withMean ? f.mean[i]! : 0;
      const s = this.withStd ? f.scale[i]! : 1;
      const out = new Float64Array(n);
      for (let k = 0; k < n; k++) out[k] = (col.values[at(k)]! - mu) / s;
      return [[name, { kind: 'numeric', values: out }]];
    });
  }

  /** JSON state (parameters, fitted statistics, fit fingerprint); `state` is null before fit. */
  toJSON(): StandardScalerJSON {
    const params: StandardScalerJSON['params'] = { withMean: this.withMean, withStd: this.withStd };
    if (this.columns !== undefined) params.columns = [...this.columns];
    return {
      type: 'StandardScaler',
      version: 1,
      params,
      state: this.fitted === undefined ? null : { ...structuredClone(this.fitted), fitFingerprint: fingerprintToJSON(this.fitFingerprint) },
    };
  }

  /**
   * Rebuild from {@link StandardScaler.toJSON} output.
   * @throws ModelFormatError when the JSON is not a valid StandardScaler state.
   */
  static fromJSON(json: unknown): StandardScaler {
    const j = parseState('StandardScaler', stateSchema, json);
    const opts: StandardScalerOptions = { withMean: j.params.withMean, withStd: j.params.withStd };
    if (j.params.columns !== undefined) opts.columns = j.params.columns;
    const sc = new StandardScaler(opts);
    if (j.state !== null) {
      const { fitFingerprint, ...rest } = j.state;
      const k = rest.columns.length;
      if ([rest.mean, rest.var, rest.scale, rest.nSamplesSeen].some((a) => a.length !== k)) {
        throw new ModelFormatError(`StandardScaler.fromJSON: state.mean, var, scale and nSamplesSeen must each have one entry per column (${k}).`);
      }
      sc.fitted = rest;
      sc.setFingerprint(fingerprintFromJSON('StandardScaler', fitFingerprint));
    }
    return sc;
  }
}
