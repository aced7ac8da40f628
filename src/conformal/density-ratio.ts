import { ValueError } from '../errors.js';
import { fitLogisticGlm } from '../update/logistic-glm.js';

/** Options of {@link densityRatioWeights}. */
export interface DensityRatioOptions {
  /** Ridge penalty of the domain classifier (standardised features). Default 1. */
  ridge?: number;
  /** Clip estimated weights to at most this multiple of their calibration median (stability). Default Infinity (no clipping). */
  maxRatio?: number;
}

/** Estimated likelihood ratios for weighted conformal prediction. */
export interface DensityRatioWeights {
  /** w(x) for every calibration row. */
  calibration: Float64Array;
  /** w(x) for every test row. */
  test: Float64Array;
  /** Domain classifier coefficients: intercept, then one per standardised feature. */
  coef: Float64Array;
}

/**
 * Likelihood ratio w(x) = dP_test/dP_cal(x) from a domain classifier (Tibshirani et al. 2019, §3):
 * a ridge logistic regression tells test rows (1) from calibration rows (0) on standardised
 * features, and w(x) = odds(x) · n_cal / n_test. Rows must be complete (impute first).
 * @param xCalibration row-major n_cal × p. @param xTest row-major n_test × p. @param p features.
 * @throws ValueError for mismatched shapes, non-finite values or fewer than 2 rows on a side.
 * @example const w = conformal.densityRatioWeights(xCal, xTest, 13);
 */
export function densityRatioWeights(xCalibration: ArrayLike<number>, xTest: ArrayLike<number>, p: number, options: DensityRatioOptions = {}): DensityRatioWeights {
  const who = 'densityRatioWeights';
  if (!Number.isInteger(p) || p < 1) throw new ValueError(`${who}: p must be a positive integer. Received: p=${p}.`);
  if (xCalibration.length % p !== 0 || xTest.length % p !== 0) {
    throw new ValueError(`${who}: xCalibration and xTest must be row-major with ${p} columns. Received lengths ${xCalibration.length} and ${xTest.length}.`);
  }
  const nc = xCalibration.length / p;
  const nt = xTest.length / p;
  if (nc < 2 || nt < 2) throw new ValueError(`${who}: needs at least 2 calibration and 2 test rows. Received: ${nc} and ${nt}.`);
  const n = nc + nt;
  const at = (i: number, j: number): number => (i < nc ? xCalibration[i * p + j]! : xTest[(i - nc) * p + j]!);
  const mean = new Float64Array(p);
  const sd = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = at(i, j);
      if (!Number.isFinite(v)) throw new ValueError(`${who}: features must be finite (impute first). Received: row ${i < nc ? i : i - nc} of ${i < nc ? 'xCalibration' : 'xTest'}, column ${j} = ${v}.`);
      s += v;
    }
    mean[j] = s / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (at(i, j) - mean[j]!) ** 2;
    sd[j] = Math.sqrt(ss / n) || 1;
  }
  const q = p + 1;
  const X = new Float64Array(n * q);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    X[i * q] = 1;
    for (let j = 0; j < p; j++) X[i * q + j + 1] = (at(i, j) - mean[j]!) / sd[j]!;
    y[i] = i < nc ? 0 : 1;
  }
  const fit = fitLogisticGlm(X, n, q, y, { ridge: options.ridge ?? 1 });
  const prior = nc / nt;
  const w = Float64Array.from({ length: n }, (_, i) => {
    let eta = 0;
    for (let j = 0; j < q; j++) eta += X[i * q + j]! * fit.coef[j]!;
    return Math.exp(eta) * prior;
  });
  const maxRatio = options.maxRatio ?? Infinity;
  if (Number.isFinite(maxRatio)) {
    const med = Float64Array.from(w.subarray(0, nc)).sort()[nc >> 1]!;
    for (let i = 0; i < n; i++) w[i] = Math.min(w[i]!, maxRatio * med);
  }
  return { calibration: w.slice(0, nc), test: w.slice(nc), coef: fit.coef };
}
