import * as z from 'zod';
import { DataError, ModelFormatError, ValueError } from '../../errors.js';
import { checkOptions } from '../../option-keys.js';
import type { Column, Table } from '../table.js';
import { codePointCompare } from './order.js';
import { fingerprintFromJSON, fingerprintSchema, fingerprintToJSON, kindSchema, parseState } from './state.js';
import { ColumnTransformerBase, columnWhere, outputTable } from './transformer.js';
import { excerpt } from '../safe-text.js';

/** Options of {@link OneHotEncoder} (scikit-learn names in camelCase, same defaults). */
export interface OneHotEncoderOptions {
  /** A level not seen in fit: `'error'` (default, DataError naming the row) or `'ignore'` (all-zero row). */
  handleUnknown?: 'error' | 'ignore';
  /** Columns to encode (categorical, or numeric codes such as `cp`). Default: every categorical column. */
  columns?: readonly string[];
}

interface Encoded {
  name: string;
  kind: Column['kind'];
  /** Sorted categories: level texts (categorical) or numbers (numeric/date). */
  categories: (string | number)[];
  /** Missing values were seen in fit: they form a last category `<name>_nan`. */
  hasMissing: boolean;
}

const stateSchema = z.object({
  type: z.literal('OneHotEncoder'),
  version: z.literal(1),
  params: z.object({ handleUnknown: z.enum(['error', 'ignore']), columns: z.array(z.string()).optional() }),
  state: z
    .object({
      encoded: z.array(
        z.object({ name: z.string(), kind: kindSchema, categories: z.array(z.union([z.string(), z.number()])), hasMissing: z.boolean() }),
      ),
      fitFingerprint: fingerprintSchema,
    })
    .nullable(),
});

/** JSON form of a OneHotEncoder. */
export type OneHotEncoderJSON = z.infer<typeof stateSchema>;

/**
 * One 0/1 column per category (scikit-learn 1.2 `OneHotEncoder(sparse_output=False)`): categories
 * are the distinct values seen in fit, sorted (text in code-point order, numbers ascending); missing
 * values seen in fit become a last category, as scikit-learn does with NaN. Each encoded column is
 * replaced in place by `<column>_<category>` columns; other columns pass through.
 * @example
 * const enc = new data.OneHotEncoder({ handleUnknown: 'ignore' });
 * const x = enc.fitTransform(table, trainRows);
 */
export class OneHotEncoder extends ColumnTransformerBase {
  readonly type = 'OneHotEncoder';
  readonly handleUnknown: 'error' | 'ignore';
  readonly columns: readonly string[] | undefined;
  private encoded: Encoded[] = [];

  /**
   * @param options see {@link OneHotEncoderOptions}.
   * @throws ValueError for an unknown handleUnknown.
   */
  constructor(options: OneHotEncoderOptions = {}) {
    super();
    checkOptions('OneHotEncoder', options, { handleUnknown: true, columns: true } satisfies Record<keyof Required<OneHotEncoderOptions>, true>);
    this.handleUnknown = options.handleUnknown ?? 'error';
    if (this.handleUnknown !== 'error' && this.handleUnknown !== 'ignore') {
      throw new ValueError(`OneHotEncoder: handleUnknown must be 'error' or 'ignore'. Received: ${JSON.stringify(options.handleUnknown)}.`);
    }
    this.columns = options.columns === undefined ? undefined : [...options.columns];
  }

  /** Fitted categories per column (scikit-learn's `categories_`, missing shown as null at the end). */
  get categories(): ReadonlyMap<string, readonly (string | number | null)[]> {
    return new Map(this.encoded.map((e) => [e.name, e.hasMissing ? [...e.categories, null] : [...e.categories]]));
  }

  /** Names of the output columns, per encoded column in order (scikit-learn's `get_feature_names_out`). */
  get featureNamesOut(): string[] {
    return this.encoded.flatMap(outputNames);
  }

  protected resolveColumns(table: Table): string[] {
    if (this.columns === undefined) return table.columnNames.filter((c) => table.column(c).kind === 'categorical');
    for (const c of this.columns) table.column(c);
    return [...this.columns];
  }

  protected fitColumns(table: Table, columns: string[], rows: ArrayLike<number> | undefined): void {
    const n = rows === undefined ? table.nRows : rows.length;
    const at = (k: number): number => (rows === undefined ? k : rows[k]!);
    this.encoded = columns.map((name) => {
      const col = table.column(name);
      let hasMissing = false;
      let categories: (string | number)[];
      if (col.kind === 'categorical') {
        const seen = new Uint8Array(col.levels.length);
        for (let k = 0; k < n; k++) {
          const c = col.codes[at(k)]!;
          if (c < 0) hasMissing = true;
          else seen[c] = 1;
        }
        categories = [...new Set(col.levels.filter((_, l) => seen[l] === 1))].sort(codePointCompare);
      } else {
        const set = new Set<number>();
        for (let k = 0; k < n; k++) {
          const v = col.values[at(k)]!;
          if (Number.isNaN(v)) hasMissing = true;
          else set.add(v === 0 ? 0 : v);
        }
        categories = Array.from(Float64Array.from(set).sort());
      }
      return { name, kind: col.kind, categories, hasMissing };
    });
  }

  protected fittedColumns(): string[] {
    return this.encoded.map((e) => e.name);
  }

  protected transformColumns(table: Table, rows: ArrayLike<number> | undefined): Table {
    const n = rows === undefined ? table.nRows : rows.length;
    const at = (k: number): number => (rows === undefined ? k : rows[k]!);
    const byName = new Map(this.encoded.map((e) => [e.name, e]));
    return outputTable('OneHotEncoder', table, rows, (name, col) => {
      const e = byName.get(name);
      if (e === undefined) return undefined;
      if ((col.kind === 'categorical') !== (e.kind === 'categorical')) {
        throw new DataError(`OneHotEncoder: column was ${e.kind} when fitted but is ${col.kind} here. Fix: read both tables with the same column types.`, columnWhere(table, name));
      }
      const names = outputNames(e);
      const outs = names.map(() => new Float64Array(n));
      const missingSlot = e.hasMissing ? e.categories.length : -1;
      // slot of each row's value, -1 missing, -2 unknown
      let slotOf: (i: number) => number;
      let textOf: (i: number) => string;
      if (col.kind === 'categorical') {
        const index = new Map((e.categories as string[]).map((c, j) => [c, j]));
        const levelSlot = col.levels.map((l) => index.get(l) ?? -2);
        slotOf = (i) => (col.codes[i]! < 0 ? -1 : levelSlot[col.codes[i]!]!);
        textOf = (i) => col.levels[col.codes[i]!]!;
      } else {
        const index = new Map((e.categories as number[]).map((c, j) => [c, j]));
        slotOf = (i) => {
          const v = col.values[i]!;
          return Number.isNaN(v) ? -1 : index.get(v === 0 ? 0 : v) ?? -2;
        };
        textOf = (i) => String(col.values[i]);
      }
      for (let k = 0; k < n; k++) {
        const i = at(k);
        let s = slotOf(i);
        if (s === -1) s = missingSlot;
        if (s >= 0) outs[s]![k] = 1;
        else if (this.handleUnknown === 'error') {
          const what = slotOf(i) === -1 ? 'a missing value' : `the level '${excerpt(textOf(i))}'`;
          throw new DataError(
            `OneHotEncoder: ${what} was not seen in fit (categories: ${e.categories.join(', ')}). Fix: pass handleUnknown: 'ignore' to encode it as all zeros, or impute/correct it.`,
            columnWhere(table, name, i),
          );
        }
      }
      return names.map((nm, j): [string, Column] => [nm, { kind: 'numeric', values: outs[j]! }]);
    });
  }

  /** JSON state (parameters, categories, fit fingerprint); `state` is null before fit. */
  toJSON(): OneHotEncoderJSON {
    const params: OneHotEncoderJSON['params'] = { handleUnknown: this.handleUnknown };
    if (this.columns !== undefined) params.columns = [...this.columns];
    return {
      type: 'OneHotEncoder',
      version: 1,
      params,
      state: this.isFitted
        ? { encoded: this.encoded.map((e) => ({ ...e, categories: [...e.categories] })), fitFingerprint: fingerprintToJSON(this.fitFingerprint) }
        : null,
    };
  }

  /**
   * Rebuild from {@link OneHotEncoder.toJSON} output.
   * @throws ModelFormatError when the JSON is not a valid OneHotEncoder state.
   */
  static fromJSON(json: unknown): OneHotEncoder {
    const j = parseState('OneHotEncoder', stateSchema, json);
    const opts: OneHotEncoderOptions = { handleUnknown: j.params.handleUnknown };
    if (j.params.columns !== undefined) opts.columns = j.params.columns;
    const enc = new OneHotEncoder(opts);
    if (j.state !== null) {
      for (const e of j.state.encoded) {
        const want = e.kind === 'categorical' ? 'string' : 'number';
        if (e.categories.some((c) => typeof c !== want)) {
          throw new ModelFormatError(`OneHotEncoder.fromJSON: categories of ${e.kind} column '${e.name}' must all be ${want}s.`);
        }
      }
      enc.encoded = j.state.encoded.map((e) => ({ ...e }));
      enc.setFingerprint(fingerprintFromJSON('OneHotEncoder', j.state.fitFingerprint));
    }
    return enc;
  }
}

function outputNames(e: Encoded): string[] {
  const names = e.categories.map((c) => `${e.name}_${String(c)}`);
  if (e.hasMissing) names.push(`${e.name}_nan`);
  return names;
}
