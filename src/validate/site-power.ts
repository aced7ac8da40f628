// The Riley-based `site-underpowered` judgement of evaluateCrossSite (internal; docs/findings.md).
import type { Finding } from '../checks/finding.js';
import type { SiteResult } from './cross-site.js';
import type { PrecisionTargets } from './site-metrics.js';

/** Without the Riley criteria, a site with fewer events or non-events than this is underpowered. */
const UNASSESSABLE_BELOW = 10;

/** Riley et al. (2021) judgement: warning below the C-statistic criterion (or minEvents), info below the overall n. */
export function underpowered(r: SiteResult, minEvents: number, precision: PrecisionTargets): Finding | null {
  const ss = r.sampleSize;
  // No Riley criteria (an AUC of exactly 0 or 1 has none) and no DeLong CI or under 10 of a class:
  // 4 patients with 1 event and a perfect AUC read 'ok' before.
  const unassessable = ss === undefined && r.auc !== null && (r.ci === null || Math.min(r.events, r.nonEvents) < UNASSESSABLE_BELOW);
  const fewEvents = r.events < minEvents || r.nonEvents < minEvents || unassessable;
  if (!fewEvents && (ss === undefined || ss.adequate)) return null;
  const auc = `AUC ${r.auc!.toFixed(3)}${r.ci ? ` (CI ${r.ci[0].toFixed(3)}–${r.ci[1].toFixed(3)})` : ''}`;
  const details = { n: r.n, events: r.events, nonEvents: r.nonEvents, auc: r.auc, ci: r.ci, minEvents, sampleSize: ss ?? null };
  if (fewEvents || ss === undefined || !ss.adequateForAuc) {
    const need =
      ss === undefined
        ? `at least ${Math.max(minEvents, UNASSESSABLE_BELOW)} events and ${Math.max(minEvents, UNASSESSABLE_BELOW)} non-events would be needed${r.auc === 0 || r.auc === 1 ? ' (the Riley et al. 2021 criteria are undefined at an AUC of exactly 0 or 1)' : ''}`
        : `about ${ss.cstatistic} patients would be needed for a 95% CI of the C-statistic no wider than ${precision.cstatCiWidth ?? 0.1}, ${ss.n} for precise O:E and slope too (Riley et al. 2021)`;
    return {
      code: 'site-underpowered', severity: 'warning', site: r.site,
      message: `${r.site}: ${r.n} patients (${r.events} events) are too few to judge discrimination: ${auc} is reported but not judged; ${need}.`,
      details,
    };
  }
  return {
    code: 'site-underpowered', severity: 'info', site: r.site,
    message:
      `${r.site}: ${r.n} patients (${r.events} events) give imprecise calibration estimates; about ${ss.n} patients (${Math.ceil(ss.events)} events) would be needed ` +
      `for 95% CIs no wider than ${precision.oeCiWidth ?? 0.2} (O:E) and ${precision.slopeCiWidth ?? 0.2} (slope) (Riley et al. 2021; the ${ss.binding} criterion decides).`,
    details,
  };
}
