import type { Finding } from '../checks/finding.js';
import { RECALIBRATE_ADVICE } from '../validate/miscalibration.js';
import type { FinalRecalibration } from './recalibrate-final.js';

/**
 * The validation's `site-miscalibrated` findings read beside the final model's recalibration. Without
 * a site column the validation's one group ('all') is the development population itself, and the
 * final model is already recalibrated on its early-stopping rows: the advice to recalibrate locally
 * is replaced by what was done and its cross-fitted result (`details.finalRecalibrated`). With sites
 * the findings stand as they are: one mapping fitted on the pooled rows does not recalibrate each
 * hospital.
 * @param findings the validation's findings.
 * @param recalibration the final model's recalibration (null: none attempted).
 * @param hasSites whether the run has a site column.
 */
export function readWithFinalRecalibration(findings: readonly Finding[], recalibration: FinalRecalibration | null, hasSites: boolean): Finding[] {
  if (hasSites || recalibration === null || !recalibration.applied || recalibration.recalibration === null) return [...findings];
  const { after, n, events } = recalibration;
  const f = (v: number | null): string => (v === null ? '–' : v.toFixed(2));
  const result = after === null ? '' : `, cross-fitted O:E ${f(after.oe)} and slope ${f(after.slope)},`;
  return findings.map((x) => {
    if (x.code !== 'site-miscalibrated' || !x.message.endsWith(RECALIBRATE_ADVICE)) return x;
    const message =
      `${x.message.slice(0, -RECALIBRATE_ADVICE.length)}These are the validation folds' risks before recalibration; ` +
      `the final model is recalibrated on its ${n} early-stopping rows (${events} events)${result} and predict and validate apply it.`;
    return { ...x, message, details: { ...x.details, finalRecalibrated: after === null ? null : { oe: after.oe, slope: after.slope } } };
  });
}
