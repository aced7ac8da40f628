import { ValueError } from '../errors.js';
import { checkAlpha, checkLabelled, checkRisks, conformalQuantile, nonconformity, predictionSet, type BinarySet } from './prediction-sets.js';
import { positionsByKey } from './positions-by-key.js';

/** A calibrated split-conformal predictor for binary risk. */
export interface SplitConformal {
  alpha: number;
  /** Calibration rows. */
  n: number;
  /** Score threshold q̂ (+∞ when n is too small for α). */
  threshold: number;
}

/**
 * Split-conformal prediction for a binary risk model (Vovk et al. 2005; Lei et al. 2018): with
 * scores s = 1 − P(true label) on n labelled calibration rows that the model never trained on,
 * q̂ is the ⌈(n + 1)(1 − α)⌉-th smallest score and the set {y : 1 − P(y) ≤ q̂} contains a new
 * exchangeable patient's label with probability ≥ 1 − α (and < 1 − α + 1/(n + 1) for distinct scores).
 * @param yTrue calibration labels (0/1). @param yProb the model's risks for them.
 * @param alpha miscoverage level. Default 0.1.
 * @throws ValueError for bad labels, risks outside [0, 1] or α outside (0, 1).
 * @example const cp = conformal.splitConformal(yCal, pCal, 0.1); const sets = conformal.predictSets(cp, pNew);
 */
export function splitConformal(yTrue: ArrayLike<number>, yProb: ArrayLike<number>, alpha = 0.1): SplitConformal {
  checkLabelled('splitConformal', yTrue, yProb);
  checkAlpha('splitConformal', alpha);
  const scores = Float64Array.from({ length: yTrue.length }, (_, i) => nonconformity(yTrue[i]!, yProb[i]!));
  return { alpha, n: yTrue.length, threshold: conformalQuantile(scores, alpha) };
}

/**
 * Prediction sets of new patients from a calibrated predictor.
 * @returns Uint8Array of coded sets (0 ∅, 1 {0}, 2 {1}, 3 {0,1}).
 * @example conformal.predictSets(cp, [0.05, 0.5, 0.97]); // e.g. [1, 3, 2]
 */
export function predictSets(cp: Pick<SplitConformal, 'threshold'>, yProb: ArrayLike<number>): Uint8Array {
  checkRisks('predictSets', yProb, 'yProb');
  return Uint8Array.from({ length: yProb.length }, (_, i) => predictionSet(yProb[i]!, cp.threshold));
}

/** Mondrian (group-conditional) conformal predictor: one threshold per group. */
export interface MondrianConformal {
  alpha: number;
  /** Per group: calibration rows and threshold. */
  groups: Map<string, SplitConformal>;
}

/**
 * Mondrian conformal prediction by site (Vovk et al. 2005, ch. 4): a separate split-conformal
 * threshold from each site's own calibration rows, so coverage ≥ 1 − α holds within every site,
 * not only on average over sites (a site with a worse-fitting model gets wider sets).
 * @param yTrue, yProb calibration labels and risks. @param groups the site of each row.
 * @param alpha miscoverage level. Default 0.1.
 * @throws ValueError as `splitConformal`, or for mismatched `groups`.
 * @example const m = conformal.mondrianConformal(y, p, sites, 0.1); conformal.predictSetsByGroup(m, pNew, sitesNew);
 */
export function mondrianConformal(yTrue: ArrayLike<number>, yProb: ArrayLike<number>, groups: readonly string[], alpha = 0.1): MondrianConformal {
  checkLabelled('mondrianConformal', yTrue, yProb);
  checkAlpha('mondrianConformal', alpha);
  if (groups.length !== yTrue.length) throw new ValueError(`mondrianConformal: groups needs one site per row (${yTrue.length}). Received: ${groups.length}.`);
  const rows = positionsByKey(groups);
  const out = new Map<string, SplitConformal>();
  for (const [g, idx] of rows) {
    out.set(g, splitConformal(idx.map((i) => yTrue[i]!), idx.map((i) => yProb[i]!), alpha));
  }
  return { alpha, groups: out };
}

/**
 * Prediction sets with each row's own site threshold.
 * @throws ValueError for a site without calibration rows (Mondrian needs labelled rows from it).
 */
export function predictSetsByGroup(m: MondrianConformal, yProb: ArrayLike<number>, groups: readonly string[]): Uint8Array {
  checkRisks('predictSetsByGroup', yProb, 'yProb');
  if (groups.length !== yProb.length) throw new ValueError(`predictSetsByGroup: groups needs one site per row (${yProb.length}). Received: ${groups.length}.`);
  return Uint8Array.from({ length: yProb.length }, (_, i) => {
    const cp = m.groups.get(groups[i]!);
    if (cp === undefined) {
      throw new ValueError(`predictSetsByGroup: site '${groups[i]}' has no calibration rows. Fix: calibrate with labelled rows from it, or use weightedConformal.`);
    }
    return predictionSet(yProb[i]!, cp.threshold) as BinarySet;
  });
}
