import type { Finding } from '../checks/finding.js';
import type { CrossSiteResult } from '../validate/cross-site.js';

/**
 * Compare cross-validation with and without domain adaptation and say plainly where adaptation
 * hurt: a finding `adaptation-hurts` for every site whose AUC with adaptation lies below the lower
 * end of the DeLong 95% CI of its AUC without, and (critical) for the pooled AUC likewise. No
 * finding means adaptation did not lower discrimination beyond chance — not that it helped.
 * @param baseline cross-site result without adaptation. @param adapted the same folds with adaptation.
 * @param method the adaptation's name for the message (e.g. 'dann').
 * @returns Finding[] (code 'adaptation-hurts').
 * @example const findings = adapt.adaptationFindings(plain.crossSite, withDann.crossSite, 'dann');
 */
export function adaptationFindings(baseline: CrossSiteResult, adapted: CrossSiteResult, method: string): Finding[] {
  const out: Finding[] = [];
  const bySite = new Map(adapted.sites.map((s) => [s.site, s]));
  for (const b of baseline.sites) {
    const a = bySite.get(b.site);
    if (a === undefined || a.auc === null || b.auc === null || b.ci === null) continue;
    if (a.auc < b.ci[0]) {
      out.push({
        code: 'adaptation-hurts', severity: 'warning', site: b.site,
        message: `${method} lowered the AUC at ${b.site} from ${b.auc.toFixed(3)} (95% CI ${b.ci[0].toFixed(3)}–${b.ci[1].toFixed(3)}) to ${a.auc.toFixed(3)}, below that interval: use the model without adaptation here.`,
        details: { method, baselineAuc: b.auc, baselineCi: b.ci, adaptedAuc: a.auc, adaptedCi: a.ci },
      });
    }
  }
  const pb = baseline.pooled;
  const pa = adapted.pooled;
  if (pb.auc !== null && pb.ci !== null && pa.auc !== null && pa.auc < pb.ci[0]) {
    out.push({
      code: 'adaptation-hurts', severity: 'critical',
      message: `${method} lowered the pooled AUC from ${pb.auc.toFixed(3)} (95% CI ${pb.ci[0].toFixed(3)}–${pb.ci[1].toFixed(3)}) to ${pa.auc.toFixed(3)}, below that interval: adaptation hurts on these data.`,
      details: { method, baselineAuc: pb.auc, baselineCi: pb.ci, adaptedAuc: pa.auc, adaptedCi: pa.ci },
    });
  }
  return out;
}
