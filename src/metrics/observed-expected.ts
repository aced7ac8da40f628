import { UndefinedMetricError, ValueError } from '../errors.js';
import { normalPpf } from '../stats/normal.js';
import { checkBinary, checkProbabilities } from './check-binary.js';

/** Observed:expected ratio with its confidence interval. */
export interface ObservedExpected {
  /** Σy / Σp: 1 is ideal, > 1 means risks are underestimated on average. */
  oe: number;
  /** exp(ln(O/E) ± z·SE). */
  ci: [number, number];
  /** SE of ln(O/E) = √((1 − φ)/(nφ)), φ = O/n (Riley et al. 2021 eq. 2; Debray et al. 2017). */
  seLog: number;
  observed: number;
  expected: number;
}

/**
 * Observed:expected (O:E) ratio, the total number of events divided by the sum of predicted
 * risks, with the delta-method interval on the log scale used by Riley et al. (Stat Med 2021)
 * and Debray et al. (BMJ 2017): Var(ln O/E) ≈ (1 − φ)/(nφ) with φ the observed proportion.
 * @param yTrue labels, 0 or 1.
 * @param yProb predicted probabilities in [0, 1].
 * @param options.level confidence level. Default 0.95.
 * @throws ValueError for bad inputs; UndefinedMetricError without events or with Σp = 0.
 * @example
 * observedExpected([0, 1, 1, 0], [0.2, 0.4, 0.6, 0.2]).oe; // 2 / 1.4 ≈ 1.43
 */
export function observedExpected(yTrue: ArrayLike<number>, yProb: ArrayLike<number>, options: { level?: number } = {}): ObservedExpected {
  const who = 'observedExpected';
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new ValueError(`${who}: level must be in (0, 1). Received: level=${level}.`);
  const counts = checkBinary(who, yTrue, yProb, 'yProb');
  checkProbabilities(who, 'yProb', yProb);
  let expected = 0;
  for (let i = 0; i < counts.n; i++) expected += yProb[i] as number;
  const observed = counts.nPos;
  if (observed === 0 || observed === counts.n || !(expected > 0)) {
    throw new UndefinedMetricError(
      `${who}: the O:E interval is undefined unless yTrue holds both classes and some predicted risk is above 0. ` +
        `Received: ${observed} events in ${counts.n} rows, expected ${expected}. Evaluate on data with both outcomes.`,
    );
  }
  const oe = observed / expected;
  const phi = observed / counts.n;
  const seLog = Math.sqrt((1 - phi) / (counts.n * phi));
  const z = normalPpf(0.5 + level / 2);
  return { oe, ci: [oe * Math.exp(-z * seLog), oe * Math.exp(z * seLog)], seLog, observed, expected };
}
