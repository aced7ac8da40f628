import { ValueError } from '../../errors.js';
import type { Finding } from '../finding.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { fingerprintOverlap, rowHashes, type Fingerprint } from '../../data/fingerprint.js';
import { featureKind, fmt } from '../columns.js';
import { countAtMost } from '../../stats/psi.js';
import type { LeakageThresholds } from './thresholds.js';
import { foldDetails, foldSuffix, type ResolvedSplit } from './split.js';

/** Anything fitted by clinreg that records what it was fitted on (data preprocessors do). */
export interface FittedPreprocessor {
  /** The rows and columns the transformer saw in `fit` (see data.createFingerprint). */
  readonly fitFingerprint: Fingerprint;
}

interface Moments {
  n: number;
  mean: number;
  sd0: number;
  sd1: number;
  min: number;
  max: number;
}

function moments(values: Float64Array, rows?: Int32Array): Moments {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  const len = rows === undefined ? values.length : rows.length;
  for (let k = 0; k < len; k++) {
    const v = values[rows === undefined ? k : rows[k]!]!;
    if (Number.isNaN(v)) continue;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { n, mean, sd0: Math.sqrt(m2 / n), sd1: Math.sqrt(m2 / (n - 1)), min, max };
}

const standardised = (m: Moments, tol: number): boolean =>
  m.n > 2 && Math.abs(m.mean) <= tol && (Math.abs(m.sd0 - 1) <= tol || Math.abs(m.sd1 - 1) <= tol);
const minMaxScaled = (m: Moments, tol: number): boolean => m.n > 2 && Math.abs(m.min) <= tol && Math.abs(m.max - 1) <= tol;

function distinctAtLeast3(values: Float64Array): boolean {
  const seen = new Set<number>();
  for (let i = 0; i < values.length && seen.size < 3; i++) if (!Number.isNaN(values[i]!)) seen.add(values[i]!);
  return seen.size >= 3;
}

/** Numeric features whose whole-table scaling is exact, with their whole-table moments. */
export interface ScaledOnAll {
  standardised: { feature: string; values: Float64Array }[];
  minMax: { feature: string; values: Float64Array }[];
}

/** Scan the table once for features that look exactly standardised or min–max scaled. */
export function scaledOnAll(table: Table, schema: Schema, thresholds: LeakageThresholds): ScaledOnAll {
  const out: ScaledOnAll = { standardised: [], minMax: [] };
  for (const feature of schema.features) {
    const col = table.column(feature);
    if (col.kind !== 'numeric' || featureKind(table, schema, feature) !== 'numeric') continue;
    const m = moments(col.values);
    if (standardised(m, thresholds.scaleTolerance)) out.standardised.push({ feature, values: col.values });
    // Binary indicators are naturally in {0, 1}; min–max scaling is only visible with ≥ 3 values.
    else if (minMaxScaled(m, thresholds.scaleTolerance) && distinctAtLeast3(col.values)) out.minMax.push({ feature, values: col.values });
  }
  return out;
}

/**
 * `preprocessing-fit-on-all` from the data alone (warning): numeric features whose values over the
 * whole table have mean 0 and sd 1 (ddof 0 or 1), or min 0 and max 1, within `scaleTolerance`,
 * while the training rows alone do not — the scaler saw the test rows. Details: `standardised`
 * and `minMax` (feature names).
 */
export function scalingFitOnAll(scan: ScaledOnAll, split: ResolvedSplit, thresholds: LeakageThresholds): Finding[] {
  const tol = thresholds.scaleTolerance;
  const std = scan.standardised.filter((f) => !standardised(moments(f.values, split.train), tol)).map((f) => f.feature);
  const mm = scan.minMax.filter((f) => !minMaxScaled(moments(f.values, split.train), tol)).map((f) => f.feature);
  if (std.length === 0 && mm.length === 0) return [];
  const parts = [
    std.length > 0 ? `mean 0 and sd 1 (${std.join(', ')})` : '',
    mm.length > 0 ? `min 0 and max 1 (${mm.join(', ')})` : '',
  ].filter((s) => s !== '');
  return [
    {
      code: 'preprocessing-fit-on-all',
      severity: 'warning',
      message: `Features are scaled to exactly ${parts.join(' and ')} over all rows but not over the training rows${foldSuffix(split)}: the scaler was probably fitted before splitting. Fit preprocessing on training rows only.`,
      details: { ...foldDetails(split), standardised: std, minMax: mm },
    },
  ];
}

function checkPreprocessor(who: string, table: Table, p: FittedPreprocessor, at: string): Fingerprint {
  const fp = (p as { fitFingerprint?: Fingerprint } | null)?.fitFingerprint;
  if (fp === undefined || !Array.isArray(fp.columns) || !(fp.hashes instanceof Uint32Array)) {
    throw new ValueError(`${who}: ${at} must be a fitted clinreg preprocessor with a fitFingerprint {columns, nRows, hashes}. Received: ${fp === undefined ? 'no fitFingerprint' : 'a malformed fitFingerprint'}. Fix: call fit() first.`);
  }
  for (const c of fp.columns) {
    if (!table.has(c)) throw new ValueError(`${who}: ${at} was fitted on column '${c}', which is not in the table.`);
  }
  return fp;
}

function hasHash(sorted: Uint32Array, h: number): boolean {
  const atMost = countAtMost(sorted, h);
  return atMost > 0 && sorted[atMost - 1] === h;
}

/**
 * `preprocessing-fit-on-all` from a fitted preprocessor's fingerprint (critical): test rows it was
 * fitted on. Test rows whose values also occur in training are not counted (a duplicate is not
 * proof), and the count must exceed what 32-bit hash collisions explain (expected + 5·√expected).
 * Details: `testRowsInFit`, `testRows`, `fitRows`, `trainRows`, `expectedCollisions`.
 */
export function fingerprintFitOnAll(who: string, table: Table, preprocessor: FittedPreprocessor, split: ResolvedSplit, at: string): Finding[] {
  const fp = checkPreprocessor(who, table, preprocessor, at);
  const inFit = fingerprintOverlap(fp, table, split.test);
  if (inFit === 0) return [];
  const trainHashes = rowHashes(table, fp.columns, split.train).sort();
  const testHashes = rowHashes(table, fp.columns, split.test);
  let leaked = 0;
  for (const h of testHashes) if (hasHash(fp.hashes, h) && !hasHash(trainHashes, h)) leaked++;
  const expected = (split.test.length * fp.hashes.length) / 2 ** 32;
  if (leaked <= expected + 5 * Math.sqrt(expected)) return [];
  return [
    {
      code: 'preprocessing-fit-on-all',
      severity: 'critical',
      message: `The preprocessor was fitted on ${leaked} of the ${split.test.length} test rows${foldSuffix(split)} (fitted on ${fp.nRows} rows; training has ${split.train.length}). Fit it on the training rows only.`,
      details: { ...foldDetails(split), testRowsInFit: leaked, testRows: split.test.length, fitRows: fp.nRows, trainRows: split.train.length, expectedCollisions: Number(fmt(expected)) },
    },
  ];
}
