// Fixture access and numeric comparison for the metrics tests (not a test file itself).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { UndefinedMetricError, ValueError } from '../../src/index.js';

export interface CalibrationRef {
  nBins: number;
  strategy: 'uniform' | 'quantile';
  probTrue: number[];
  probPred: number[];
  counts: number[];
  edges: number[];
  ece: number;
}

export interface ThresholdRef {
  threshold: number;
  sensitivity: number;
  specificity: number;
  ppv: number;
  npv: number;
  f1: number;
  accuracy: number;
  tp: number;
  fp: number;
}

/** One dataset of scripts/gen-metrics-fixtures.py with scikit-learn 1.2.1 / scipy values. */
export interface MetricsCase {
  name: string;
  y: number[];
  score: number[];
  auc: number;
  ap: number;
  rocDrop: { fpr: number[]; tpr: number[]; thresholds: number[] };
  rocAll: { fpr: number[]; tpr: number[]; thresholds: number[] };
  delong: { auc: number; se: number; lo95: number; hi95: number; lo90: number; hi90: number };
  brier?: number;
  calibration?: CalibrationRef[];
  thresholds?: ThresholdRef[];
  calibrationSlope?: { slope: number; intercept: number };
}

export interface DelongTestRef {
  name: string;
  y: number[];
  a: number[];
  b: number[];
  aucA: number;
  aucB: number;
  se: number;
  z: number;
  p: number;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/metrics/sklearn-metrics.json', import.meta.url), 'utf8')) as {
  sklearn: string;
  cases: MetricsCase[];
  delongTests: DelongTestRef[];
};
assert.equal(fixture.sklearn, '1.2.1');

/** The reference datasets. */
export const cases: MetricsCase[] = fixture.cases;
/** The paired DeLong test references. */
export const delongTests: DelongTestRef[] = fixture.delongTests;

/** |actual − expected| ≤ tol·max(1, |expected|) elementwise; tol 0 means identical (=== , so −0 equals 0). */
export function assertClose(actual: number | ArrayLike<number>, expected: number | ArrayLike<number>, tol: number, what = ''): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  assert.equal(a.length, e.length, `${what}: length ${a.length} vs ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = e[i] as number;
    const ok = tol === 0 ? x === y || (Number.isNaN(x) && Number.isNaN(y)) : Math.abs(x - y) <= tol * Math.max(1, Math.abs(y));
    assert.ok(ok, `${what}[${i}]: ${x} vs expected ${y} (tol ${tol})`);
  }
}

/** Predicate for assert.throws: a ValueError (code E_VALUE) whose message matches. */
export function valueError(re: RegExp): (e: unknown) => boolean {
  return (e) => e instanceof ValueError && e.code === 'E_VALUE' && re.test(e.message);
}

/** Predicate for assert.throws: an UndefinedMetricError (code E_UNDEFINED_METRIC) whose message matches. */
export function undefinedMetric(re: RegExp): (e: unknown) => boolean {
  return (e) => e instanceof UndefinedMetricError && e.code === 'E_UNDEFINED_METRIC' && re.test(e.message);
}
