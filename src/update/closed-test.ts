import { ValueError } from '../errors.js';
import { chi2Sf } from '../stats/special.js';

/** Updating levels from least to most extensive. */
export type UpdateLevel = 'original' | 'intercept' | 'logistic' | 'output-layer';

/** One candidate level for the closed test: its fitted log-likelihood and estimated parameters. */
export interface LevelFit {
  level: UpdateLevel;
  /** Log-likelihood of the local outcomes under this level's model. */
  logLik: number;
  /** Parameters estimated on the local data (0 for the original model). */
  nParams: number;
}

/** One likelihood-ratio test of the closed procedure: `level` against the most extensive level. */
export interface ClosedTestStep {
  level: UpdateLevel;
  /** 2·(logLik_reference − logLik_level). */
  statistic: number;
  /** Degrees of freedom: parameters of the reference minus those of `level`. */
  dof: number;
  pValue: number;
  /** Whether `level` was rejected at α (the procedure then moves to the next level). */
  rejected: boolean;
}

/** Outcome of {@link closedTest}. */
export interface ClosedTestResult {
  /** The simplest level not rejected (the reference when every simpler one is rejected). */
  level: UpdateLevel;
  /** The most extensive level, which every test compares against. */
  reference: UpdateLevel;
  alpha: number;
  /** Tests in the order performed (stops at the first level that is not rejected). */
  steps: ClosedTestStep[];
}

/**
 * Closed testing procedure for choosing how far to update a prediction model (Vergouwe et al.,
 * Stat Med 2017;36:4529–39): the levels are nested (original ⊂ intercept ⊂ logistic ⊂ revision);
 * starting from the original model, each level is compared with the most extensive one by a
 * likelihood-ratio test, and the first level that is not rejected at α is chosen. Because every
 * test is reached only after all simpler hypotheses were rejected, the family-wise type I error
 * stays at α.
 * @param fits the candidate levels, least to most extensive, each with more parameters than the last.
 * @param alpha significance level. Default 0.05.
 * @throws ValueError for fewer than two levels, non-increasing parameter counts, or α outside (0, 1).
 * @example closedTest([{ level: 'original', logLik: -40, nParams: 0 }, { level: 'intercept', logLik: -35, nParams: 1 }, { level: 'logistic', logLik: -34.8, nParams: 2 }]);
 */
export function closedTest(fits: readonly LevelFit[], alpha = 0.05): ClosedTestResult {
  if (!(alpha > 0 && alpha < 1)) throw new ValueError(`closedTest: alpha must be in (0, 1). Received: alpha=${alpha}.`);
  if (fits.length < 2) throw new ValueError(`closedTest: needs at least two nested levels. Received: ${fits.length}.`);
  for (let i = 1; i < fits.length; i++) {
    if (!(fits[i]!.nParams > fits[i - 1]!.nParams)) {
      throw new ValueError(`closedTest: levels must be ordered by increasing parameter count. Received: ${fits.map((f) => `${f.level}=${f.nParams}`).join(', ')}.`);
    }
  }
  const ref = fits[fits.length - 1]!;
  const steps: ClosedTestStep[] = [];
  for (const f of fits.slice(0, -1)) {
    // A nested model cannot fit better than the reference; a tiny negative value is rounding.
    const statistic = Math.max(0, 2 * (ref.logLik - f.logLik));
    const dof = ref.nParams - f.nParams;
    const pValue = chi2Sf(statistic, dof);
    const rejected = pValue < alpha;
    steps.push({ level: f.level, statistic, dof, pValue, rejected });
    if (!rejected) return { level: f.level, reference: ref.level, alpha, steps };
  }
  return { level: ref.level, reference: ref.level, alpha, steps };
}
