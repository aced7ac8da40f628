import { ValueError } from '../errors.js';
import { checkBinary, checkProbabilities } from './check-binary.js';
import { linspace01, percentileSorted } from '../stats/quantile.js';

/** Options of {@link calibrationCurve} and {@link expectedCalibrationError}. */
export interface CalibrationBinOptions {
  /** Number of bins, an integer ≥ 1. Default 10. */
  nBins?: number;
  /**
   * 'uniform': equal-width bins on [0, 1]; 'quantile': edges at quantiles of yProb (equal-count
   * bins, up to ties). Default 'uniform'.
   */
  strategy?: 'uniform' | 'quantile';
}

/** Points of a reliability diagram; empty bins are left out. */
export interface CalibrationCurve {
  /** Observed event rate in each non-empty bin. */
  probTrue: Float64Array;
  /** Mean predicted probability in each non-empty bin. */
  probPred: Float64Array;
  /** Rows in each non-empty bin. */
  counts: Float64Array;
  /** Bin edges used (nBins + 1 values from 0 or min(yProb) to 1 or max(yProb)). */
  edges: Float64Array;
}

/**
 * Reliability-diagram points, equal to scikit-learn 1.2's `calibration_curve` (plus bin counts
 * and edges). A probability p goes to bin b when edge[b] < p ≤ edge[b + 1] (the first bin also
 * takes p = edge[0]), i.e. `searchsorted(edges[1:-1], p, side='left')`.
 * @param yTrue labels, 0 or 1.
 * @param yProb predicted probabilities in [0, 1].
 * @param options.nBins number of bins. Default 10.
 * @param options.strategy 'uniform' or 'quantile'. Default 'uniform'.
 * @throws ValueError for bad inputs or options.
 * @example
 * calibrationCurve([0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1], { nBins: 3 });
 * // probTrue [0, 0.5, 1], probPred [0.2, 0.525, 0.85]
 */
export function calibrationCurve(yTrue: ArrayLike<number>, yProb: ArrayLike<number>, options: CalibrationBinOptions = {}): CalibrationCurve {
  return binned('calibrationCurve', yTrue, yProb, options);
}

/**
 * Expected calibration error: Σ_b (n_b / N)·|ȳ_b − p̄_b| over the bins of
 * {@link calibrationCurve} (Naeini et al., AAAI 2015), the count-weighted mean gap between
 * observed and predicted risk. 0 is perfect; depends on the binning, so report nBins/strategy.
 * @param yTrue labels, 0 or 1.
 * @param yProb predicted probabilities in [0, 1].
 * @param options.nBins number of bins. Default 10.
 * @param options.strategy 'uniform' or 'quantile'. Default 'uniform'.
 * @throws ValueError for bad inputs or options.
 * @example
 * expectedCalibrationError([0, 1, 1, 0], [0.2, 0.7, 0.9, 0.4], { nBins: 2 }); // 0.25
 */
export function expectedCalibrationError(yTrue: ArrayLike<number>, yProb: ArrayLike<number>, options: CalibrationBinOptions = {}): number {
  const curve = binned('expectedCalibrationError', yTrue, yProb, options);
  let total = 0;
  let ece = 0;
  for (let b = 0; b < curve.counts.length; b++) {
    const c = curve.counts[b] as number;
    ece += c * Math.abs((curve.probTrue[b] as number) - (curve.probPred[b] as number));
    total += c;
  }
  return ece / total;
}

function binned(who: string, yTrue: ArrayLike<number>, yProb: ArrayLike<number>, options: CalibrationBinOptions): CalibrationCurve {
  const { nBins = 10, strategy = 'uniform' } = options;
  if (!Number.isInteger(nBins) || nBins < 1) {
    throw new ValueError(`${who}: nBins must be an integer ≥ 1. Received: nBins=${nBins}.`);
  }
  if (strategy !== 'uniform' && strategy !== 'quantile') {
    throw new ValueError(`${who}: strategy must be 'uniform' or 'quantile'. Received: ${String(strategy)}.`);
  }
  const { n } = checkBinary(who, yTrue, yProb, 'yProb');
  checkProbabilities(who, 'yProb', yProb);
  const lin = linspace01(nBins + 1);
  let edges = lin;
  if (strategy === 'quantile') {
    const sorted = Float64Array.from(yProb).sort();
    edges = lin.map((q) => percentileSorted(sorted, q * 100));
  }
  const sums = new Float64Array(nBins);
  const trues = new Float64Array(nBins);
  const totals = new Float64Array(nBins);
  for (let i = 0; i < n; i++) {
    const p = yProb[i] as number;
    // searchsorted(edges[1:-1], p, 'left'): number of inner edges strictly below p
    let lo = 0;
    let hi = nBins - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((edges[mid + 1] as number) < p) lo = mid + 1;
      else hi = mid;
    }
    sums[lo] = (sums[lo] as number) + p;
    trues[lo] = (trues[lo] as number) + (yTrue[i] as number);
    totals[lo] = (totals[lo] as number) + 1;
  }
  const keep: number[] = [];
  for (let b = 0; b < nBins; b++) if ((totals[b] as number) > 0) keep.push(b);
  return {
    probTrue: Float64Array.from(keep, (b) => (trues[b] as number) / (totals[b] as number)),
    probPred: Float64Array.from(keep, (b) => (sums[b] as number) / (totals[b] as number)),
    counts: Float64Array.from(keep, (b) => totals[b] as number),
    edges,
  };
}
