import * as z from 'zod';
import { DataError, ValueError } from '../../errors.js';
import { checkOptions } from '../../option-keys.js';
import type { Column, Table } from '../table.js';
import { codePointCompare } from './order.js';
import { fingerprintFromJSON, fingerprintSchema, fingerprintToJSON, kindSchema, parseState } from './state.js';
import { ColumnTransformerBase, columnWhere, outputTable } from './transformer.js';

/** Imputation strategy, as scikit-learn's `SimpleImputer(strategy=…)`. */
export type ImputeStrategy = 'mean' | 'median' | 'most_frequent' | 'constant';

/** Options of {@link SimpleImputer} (scikit-learn names in camelCase, same defaults). */
export interface SimpleImputerOptions {
  /** `'mean'` (default), `'median'` (numeric/date columns), `'most_frequent'`, `'constant'` (any column). */
  strategy?: ImputeStrategy;
  /** Fill value for `'constant'`. Default 0 for numeric columns, `'missing_value'` for categorical. */
  fillValue?: number | string;
  /** Append a 0/1 column `missingindicator_<col>` for each column that had missing values in fit. Default false. */
  addIndicator?: boolean;
  /**
   * A column with no observed value in the fitted rows is filled with 0 (categorical:
   * `'missing_value'`) instead of raising. Default false (scikit-learn's `keep_empty_features`;
   * scikit-learn drops such columns instead, which would change the model's input width).
   */
  keepEmptyFeatures?: boolean;
  /** Columns to impute. Default: every numeric and date column for mean/median, every column otherwise. */
  columns?: readonly string[];
}

interface Statistic {
  name: string;
  kind: Column['kind'];
  value: number | string;
}

const STRATEGIES: readonly ImputeStrategy[] = ['mean', 'median', 'most_frequent', 'constant'];

const stateSchema = z.object({
  type: z.literal('SimpleImputer'),
  version: z.literal(1),
  params: z.object({
    strategy: z.enum(['mean', 'median', 'most_frequent', 'constant']),
    fillValue: z.union([z.number(), z.string()]).optional(),
    addIndicator: z.boolean(),
    keepEmptyFeatures: z.boolean(),
    columns: z.array(z.string()).optional(),
  }),
  state: z
    .object({
      statistics: z.array(z.object({ name: z.string(), kind: kindSchema, value: z.union([z.number(), z.string()]) })),
      indicators: z.array(z.string()),
      fitFingerprint: fingerprintSchema,
    })
    .nullable(),
});

/** JSON form of a SimpleImputer. */
export type SimpleImputerJSON = z.infer<typeof stateSchema>;

/**
 * Replace missing values column by column with a statistic learnt on the fitted rows
 * (scikit-learn 1.2 `SimpleImputer`): mean, median (average of the two middle values for an even
 * count), most frequent (ties → the smallest value, or the first level in code-point order, as
 * scikit-learn), or a constant. With `addIndicator`, appends `missingindicator_<col>` 0/1 columns
 * for the columns that had missing values in fit (scikit-learn's `features='missing-only'`).
 * @example
 * const imp = new data.SimpleImputer({ strategy: 'median', addIndicator: true });
 * const train = imp.fitTransform(table, trainRows);
 * const test = imp.transform(table, testRows);
 */
export class SimpleImputer extends ColumnTransformerBase {
  readonly type = 'SimpleImputer';
  readonly strategy: ImputeStrategy;
  readonly fillValue: number | string | undefined;
  readonly addIndicator: boolean;
  readonly keepEmptyFeatures: boolean;
  readonly columns: readonly string[] | undefined;
  private statistics: Statistic[] = [];
  private indicators: string[] = [];

  /**
   * @param options see {@link SimpleImputerOptions}.
   * @throws ValueError for an unknown strategy or a bad option.
   */
  constructor(options: SimpleImputerOptions = {}) {
    super();
    checkOptions('SimpleImputer', options, { strategy: true, fillValue: true, addIndicator: true, keepEmptyFeatures: true, columns: true } satisfies Record<keyof Required<SimpleImputerOptions>, true>);
    this.strategy = options.strategy ?? 'mean';
    if (!STRATEGIES.includes(this.strategy)) {
      throw new ValueError(`SimpleImputer: strategy must be one of ${STRATEGIES.join(', ')}. Received: ${JSON.stringify(options.strategy)}.`);
    }
    if (options.fillValue !== undefined && typeof options.fillValue !== 'string' && !Number.isFinite(options.fillValue)) {
      throw new ValueError(`SimpleImputer: fillValue must be a finite number or a string. Received: ${String(options.fillValue)}.`);
    }
    this.fillValue = options.fillValue;
    this.addIndicator = options.addIndicator ?? false;
    this.keepEmptyFeatures = options.keepEmptyFeatures ?? false;
    this.columns = options.columns === undefined ? undefined : [...options.columns];
  }

  /** Fitted statistic per column (number, or level text for categorical columns). */
  get statisticsByColumn(): ReadonlyMap<string, number | string> {
    return new Map(this.statistics.map((s) => [s.name, s.value]));
  }

  /** Column kind seen at fit, per imputed column. */
  get kindsByColumn(): ReadonlyMap<string, Column['kind']> {
    return new Map(this.statistics.map((s) => [s.name, s.kind]));
  }

  /** Names of the indicator columns transform appends. */
  get indicatorColumns(): readonly string[] {
    return this.indicators;
  }

  protected resolveColumns(table: Table): string[] {
    const numericOnly = this.strategy === 'mean' || this.strategy === 'median';
    if (this.columns === undefined) {
      return table.columnNames.filter((c) => !numericOnly || table.column(c).kind !== 'categorical');
    }
    for (const c of this.columns) {
      const col = table.column(c);
      if (numericOnly && col.kind === 'categorical') {
        throw new ValueError(`SimpleImputer: strategy '${this.strategy}' needs numeric columns; '${c}' is categorical. Fix: impute it with strategy 'most_frequent' or 'constant'.`);
      }
      if (col.kind !== 'categorical' && typeof this.fillValue === 'string' && this.strategy === 'constant') {
        throw new ValueError(`SimpleImputer: fillValue '${this.fillValue}' is text but column '${c}' is ${col.kind}. Fix: use a numeric fillValue.`);
      }
    }
    return [...this.columns];
  }

  protected fitColumns(table: Table, columns: string[], rows: ArrayLike<number> | undefined): void {
    const n = rows === undefined ? table.nRows : rows.length;
    const at = (k: number): number => (rows === undefined ? k : rows[k]!);
    this.statistics = columns.map((name) => {
      const col = table.column(name);
      const missing = table.missingCount(name, rows);
      let value: number | string | undefined;
      if (this.strategy === 'constant') {
        value = col.kind === 'categorical' ? String(this.fillValue ?? 'missing_value') : (this.fillValue as number | undefined) ?? 0;
        if (col.kind !== 'categorical' && typeof value === 'string') {
          throw new ValueError(`SimpleImputer: fillValue '${value}' is text but column '${name}' is ${col.kind}. Fix: use a numeric fillValue.`);
        }
      } else if (missing === n) {
        if (!this.keepEmptyFeatures) {
          throw new DataError(
            `SimpleImputer: column has no observed value in the ${n} fitted rows, so strategy '${this.strategy}' has nothing to learn. Fix: drop the column, use strategy 'constant', or pass keepEmptyFeatures: true (fills 0).`,
            columnWhere(table, name),
          );
        }
        value = col.kind === 'categorical' ? 'missing_value' : 0;
      } else if (col.kind === 'categorical') {
        value = mostFrequentLevel(col.codes, col.levels, n, at);
      } else {
        const xs = new Float64Array(n - missing);
        let j = 0;
        for (let k = 0; k < n; k++) {
          const v = col.values[at(k)]!;
          if (!Number.isNaN(v)) xs[j++] = v;
        }
        value = this.strategy === 'mean' ? mean(xs) : this.strategy === 'median' ? median(xs) : mostFrequentNumber(xs);
      }
      return { name, kind: col.kind, value };
    });
    this.indicators = this.addIndicator ? columns.filter((c) => table.missingCount(c, rows) > 0) : [];
  }

  protected fittedColumns(): string[] {
    return this.statistics.map((s) => s.name);
  }

  protected transformColumns(table: Table, rows: ArrayLike<number> | undefined): Table {
    const n = rows === undefined ? table.nRows : rows.length;
    const at = (k: number): number => (rows === undefined ? k : rows[k]!);
    const stats = new Map(this.statistics.map((s) => [s.name, s]));
    const extra: [string, Column][] = this.indicators.map((name) => {
      const ind = new Float64Array(n);
      for (let k = 0; k < n; k++) ind[k] = table.isMissing(name, at(k)) ? 1 : 0;
      return [`missingindicator_${name}`, { kind: 'numeric', values: ind }];
    });
    return outputTable(
      'SimpleImputer',
      table,
      rows,
      (name, col) => {
        const s = stats.get(name);
        if (s === undefined) return undefined;
        if ((col.kind === 'categorical') !== (s.kind === 'categorical')) {
          throw new DataError(`SimpleImputer: column was ${s.kind} when fitted but is ${col.kind} here. Fix: read both tables with the same column types.`, columnWhere(table, name));
        }
        if (col.kind === 'categorical') {
          let code = col.levels.indexOf(s.value as string);
          const levels = code < 0 ? [...col.levels, s.value as string] : col.levels;
          if (code < 0) code = levels.length - 1;
          const codes = new Int32Array(n);
          for (let k = 0; k < n; k++) {
            const c = col.codes[at(k)]!;
            codes[k] = c < 0 ? code : c;
          }
          return [[name, { kind: 'categorical', codes, levels }]];
        }
        const values = new Float64Array(n);
        const fill = s.value as number;
        for (let k = 0; k < n; k++) {
          const v = col.values[at(k)]!;
          values[k] = Number.isNaN(v) ? fill : v;
        }
        return [[name, { kind: col.kind, values }]];
      },
      extra,
    );
  }

  /** JSON state (parameters, fitted statistics, fit fingerprint); `state` is null before fit. */
  toJSON(): SimpleImputerJSON {
    const params: SimpleImputerJSON['params'] = {
      strategy: this.strategy,
      addIndicator: this.addIndicator,
      keepEmptyFeatures: this.keepEmptyFeatures,
    };
    if (this.fillValue !== undefined) params.fillValue = this.fillValue;
    if (this.columns !== undefined) params.columns = [...this.columns];
    return {
      type: 'SimpleImputer',
      version: 1,
      params,
      state: this.isFitted
        ? { statistics: this.statistics.map((s) => ({ ...s })), indicators: [...this.indicators], fitFingerprint: fingerprintToJSON(this.fitFingerprint) }
        : null,
    };
  }

  /**
   * Rebuild from {@link SimpleImputer.toJSON} output.
   * @throws ModelFormatError when the JSON is not a valid SimpleImputer state.
   */
  static fromJSON(json: unknown): SimpleImputer {
    const j = parseState('SimpleImputer', stateSchema, json);
    const opts: SimpleImputerOptions = { strategy: j.params.strategy, addIndicator: j.params.addIndicator, keepEmptyFeatures: j.params.keepEmptyFeatures };
    if (j.params.fillValue !== undefined) opts.fillValue = j.params.fillValue;
    if (j.params.columns !== undefined) opts.columns = j.params.columns;
    const imp = new SimpleImputer(opts);
    if (j.state !== null) {
      imp.statistics = j.state.statistics.map((s) => ({ ...s }));
      imp.indicators = [...j.state.indicators];
      imp.setFingerprint(fingerprintFromJSON('SimpleImputer', j.state.fitFingerprint));
    }
    return imp;
  }
}

function mean(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  const m = s / xs.length;
  if (Number.isFinite(m) || xs.some((v) => !Number.isFinite(v))) return m;
  // The sum overflowed (values near ±1.8e308): sum the values halved, exactly, then double back.
  let h = 0;
  for (let i = 0; i < xs.length; i++) h += xs[i]! / 2;
  return (h / xs.length) * 2;
}

function median(xs: Float64Array): number {
  const s = xs.slice().sort();
  const m = s.length >>> 1;
  if (s.length % 2 === 1) return s[m]!;
  const mid = (s[m - 1]! + s[m]!) / 2;
  // Two values near ±1.8e308 overflow the sum: their halves, added, are the same midpoint.
  return Number.isFinite(mid) || !Number.isFinite(s[m]!) || !Number.isFinite(s[m - 1]!) ? mid : s[m - 1]! / 2 + s[m]! / 2;
}

function mostFrequentNumber(xs: Float64Array): number {
  const s = xs.slice().sort();
  let best = s[0]!;
  let bestCount = 0;
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j < s.length && s[j] === s[i]) j++;
    if (j - i > bestCount) {
      bestCount = j - i;
      best = s[i]!;
    }
    i = j;
  }
  return best;
}

function mostFrequentLevel(codes: Int32Array, levels: readonly string[], n: number, at: (k: number) => number): string {
  const counts = new Float64Array(levels.length);
  for (let k = 0; k < n; k++) {
    const c = codes[at(k)]!;
    if (c >= 0) counts[c]!++;
  }
  let best: string | undefined;
  let bestCount = 0;
  counts.forEach((count, l) => {
    const level = levels[l]!;
    if (count > bestCount || (count === bestCount && count > 0 && best !== undefined && codePointCompare(level, best) < 0)) {
      bestCount = count;
      best = level;
    }
  });
  return best!;
}
