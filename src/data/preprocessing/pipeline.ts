import * as z from 'zod';
import { ModelFormatError, NotFittedError, ValueError } from '../../errors.js';
import { createFingerprint, type Fingerprint } from '../fingerprint.js';
import type { Table } from '../table.js';
import { OneHotEncoder } from './one-hot-encoder.js';
import { SimpleImputer } from './simple-imputer.js';
import { StandardScaler } from './standard-scaler.js';
import { fingerprintFromJSON, fingerprintSchema, fingerprintToJSON, parseState } from './state.js';
import { checkRows, type Transformer } from './transformer.js';

/** A pipeline step: a transformer, or `[name, transformer]` as in scikit-learn. */
export type PipelineStep = Transformer | readonly [string, Transformer];

const stateSchema = z.object({
  type: z.literal('Pipeline'),
  version: z.literal(1),
  steps: z.array(z.object({ name: z.string(), transformer: z.looseObject({ type: z.string() }) })).min(1),
  fitFingerprint: fingerprintSchema.nullable(),
});

/** JSON form of a Pipeline. */
export type PipelineJSON = z.infer<typeof stateSchema>;

/**
 * Steps applied in order (scikit-learn `Pipeline`): `fit` fits each step on the output of the one
 * before, using only the given rows; `transform` applies them all. Its fingerprint covers the raw
 * input columns the steps read, on the fitted rows.
 * @example
 * const pipe = new data.Pipeline([
 *   ['impute', new data.SimpleImputer({ strategy: 'median' })],
 *   ['scale', new data.StandardScaler()],
 * ]);
 * const train = pipe.fitTransform(table, trainRows);
 */
export class Pipeline implements Transformer {
  readonly type = 'Pipeline';
  /** Steps as `[name, transformer]`; unnamed steps are named by lower-cased type, as `make_pipeline`. */
  readonly steps: readonly (readonly [string, Transformer])[];
  private fp: Fingerprint | undefined;

  /**
   * @param steps transformers or `[name, transformer]` pairs, at least one; names must be unique.
   * @throws ValueError for an empty list, a duplicate name, or a step without fit/transform.
   */
  constructor(steps: readonly PipelineStep[]) {
    if (!Array.isArray(steps) || steps.length === 0) {
      throw new ValueError('Pipeline: steps must be a non-empty array of transformers or [name, transformer] pairs. Received: none.');
    }
    const counts = new Map<string, number>();
    this.steps = steps.map((s) => {
      const [name, t] = Array.isArray(s) ? (s as unknown as readonly [string, Transformer]) : [undefined, s as Transformer];
      if (typeof t?.fit !== 'function' || typeof t.transform !== 'function') {
        throw new ValueError(`Pipeline: every step needs fit() and transform(). Received: ${String(t)}.`);
      }
      let stepName = name;
      if (stepName === undefined) {
        const base = t.type.toLowerCase();
        const k = (counts.get(base) ?? 0) + 1;
        counts.set(base, k);
        stepName = k === 1 ? base : `${base}-${k}`;
      }
      return [stepName, t] as const;
    });
    const names = this.steps.map(([n]) => n);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new ValueError(`Pipeline: step names must be unique. Received: '${dup}' twice.`);
  }

  /** Whether `fit` has run. */
  get isFitted(): boolean {
    return this.fp !== undefined;
  }

  /** Raw input columns and rows of the last fit. @throws NotFittedError before fit. */
  get fitFingerprint(): Fingerprint {
    if (this.fp === undefined) throw new NotFittedError('Pipeline: not fitted yet. Fix: call fit() first.');
    return this.fp;
  }

  /** The step called `name`. @throws ValueError when there is none. */
  namedStep(name: string): Transformer {
    const s = this.steps.find(([n]) => n === name);
    if (s === undefined) throw new ValueError(`Pipeline: no step '${name}'. Steps: ${this.steps.map(([n]) => n).join(', ')}.`);
    return s[1];
  }

  /**
   * Fit every step on `rows` of `table` (each on the previous step's output).
   * @throws what the steps throw; ValueError for bad rows.
   */
  fit(table: Table, rows?: ArrayLike<number>): this {
    this.fitTransform(table, rows);
    return this;
  }

  /** Fit, and return the last step's output for `rows`. */
  fitTransform(table: Table, rows?: ArrayLike<number>): Table {
    checkRows('Pipeline.fit', table, rows, true);
    let t = this.steps[0]![1].fitTransform(table, rows);
    for (const [, step] of this.steps.slice(1)) t = step.fitTransform(t);
    const raw: string[] = [];
    for (const [, step] of this.steps) {
      for (const c of step.fitFingerprint.columns) if (table.has(c) && !raw.includes(c)) raw.push(c);
    }
    this.fp = createFingerprint(table, raw, rows);
    return t;
  }

  /**
   * Apply every step to `rows` of `table`.
   * @throws NotFittedError before fit; what the steps throw.
   */
  transform(table: Table, rows?: ArrayLike<number>): Table {
    if (this.fp === undefined) throw new NotFittedError('Pipeline: call fit() before transform().');
    let t = this.steps[0]![1].transform(table, rows);
    for (const [, step] of this.steps.slice(1)) t = step.transform(t);
    return t;
  }

  /** JSON state: each step's JSON and the pipeline's fingerprint (null before fit). */
  toJSON(): PipelineJSON {
    return {
      type: 'Pipeline',
      version: 1,
      steps: this.steps.map(([name, t]) => ({ name, transformer: t.toJSON() })),
      fitFingerprint: this.fp === undefined ? null : fingerprintToJSON(this.fp),
    };
  }

  /**
   * Rebuild from {@link Pipeline.toJSON} output (steps through {@link transformerFromJSON}).
   * @throws ModelFormatError when the JSON or a step's JSON is invalid.
   */
  static fromJSON(json: unknown): Pipeline {
    const j = parseState('Pipeline', stateSchema, json);
    const p = new Pipeline(j.steps.map((s) => [s.name, transformerFromJSON(s.transformer)] as const));
    if (j.fitFingerprint !== null) p.fp = fingerprintFromJSON('Pipeline', j.fitFingerprint);
    return p;
  }
}

/**
 * Rebuild any transformer from its JSON by its `type` field (SimpleImputer, StandardScaler,
 * OneHotEncoder, Pipeline). Never evaluates anything from the JSON.
 * @param json output of a transformer's toJSON().
 * @throws ModelFormatError for an unknown type or invalid state.
 * @example
 * const t = data.transformerFromJSON(JSON.parse(text));
 */
export function transformerFromJSON(json: unknown): Transformer {
  const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
  switch (type) {
    case 'SimpleImputer':
      return SimpleImputer.fromJSON(json);
    case 'StandardScaler':
      return StandardScaler.fromJSON(json);
    case 'OneHotEncoder':
      return OneHotEncoder.fromJSON(json);
    case 'Pipeline':
      return Pipeline.fromJSON(json);
    default:
      throw new ModelFormatError(
        `transformerFromJSON: type must be SimpleImputer, StandardScaler, OneHotEncoder or Pipeline. Received: ${JSON.stringify(type)}.`,
      );
  }
}
