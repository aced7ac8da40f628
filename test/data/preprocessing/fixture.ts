// Shared by the preprocessing tests: the scikit-learn fixture and helpers to compare with it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { data } from '../../../src/index.js';

type Table = InstanceType<typeof data.Table>;
type Cell = number | string | boolean | null;

export interface FixtureCase {
  name: string;
  transformer: string;
  columns: string[];
  train: Cell[][];
  test: Cell[][];
  params: Record<string, unknown>;
  statistics?: (number | string)[];
  indicatorColumns?: string[];
  mean?: number[];
  var?: number[] | null;
  scale?: number[] | null;
  nSamplesSeen?: number[];
  categories?: string[][];
  featureNames?: string[];
}

export interface Fixture {
  synthetic: {
    numeric: Record<string, (number | null)[]>;
    categorical: Record<string, (string | null)[]>;
    trainRows: number[];
    testRows: number[];
    cases: FixtureCase[];
  };
  heart: {
    features: string[];
    categorical: string[];
    trainSites: string[];
    featureNames: string[];
    median: number[];
    mean: number[];
    scale: number[];
    catMostFrequent: number[];
    sampleRows: number[];
    sample: number[][];
  };
}

export const fixture = JSON.parse(readFileSync('test/fixtures/data/preprocessing.json', 'utf8')) as Fixture;

/** The synthetic table: numeric a–d and categorical s, t; rows 0–11 fit, 12–17 transform. */
export function syntheticTable(): Table {
  const cols: Record<string, data.Column> = {};
  for (const [k, v] of Object.entries(fixture.synthetic.numeric)) cols[k] = { kind: 'numeric', values: Float64Array.from(v, (x) => x ?? NaN) };
  for (const [k, v] of Object.entries(fixture.synthetic.categorical)) {
    const levels = [...new Set(v.filter((x): x is string => x !== null))];
    cols[k] = { kind: 'categorical', codes: Int32Array.from(v, (x) => (x === null ? -1 : levels.indexOf(x))), levels };
  }
  return new data.Table(cols, { source: 'synthetic' });
}

/** |a − b| ≤ tol · max(1, |b|), with NaN matching null. */
export function assertClose(actual: number, expected: number | null, tol: number, what: string): void {
  if (expected === null) {
    assert.ok(Number.isNaN(actual), `${what}: expected missing, got ${actual}`);
    return;
  }
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

/** Compare output columns of a transformed table with a scikit-learn matrix (rows × columns). */
export function assertMatrix(t: Table, names: string[], expected: Cell[][], tol = 1e-9): void {
  assert.equal(t.nRows, expected.length);
  names.forEach((name, j) => {
    const col = t.column(name);
    for (let i = 0; i < t.nRows; i++) {
      const e = expected[i]![j]!;
      if (col.kind === 'categorical') assert.equal(t.strings(name)[i], e, `${name}[${i}]`);
      else assertClose(col.values[i]!, typeof e === 'boolean' ? Number(e) : (e as number | null), tol, `${name}[${i}]`);
    }
  });
}

export function caseNamed(name: string): FixtureCase {
  const c = fixture.synthetic.cases.find((x) => x.name === name);
  assert.ok(c, `fixture case ${name}`);
  return c;
}

/** JSON round trip through text, as model.json does. */
export function roundTrip<T>(x: { toJSON(): unknown }): T {
  return JSON.parse(JSON.stringify(x.toJSON())) as T;
}
