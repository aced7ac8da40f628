import { updatingExperiment, type SiteLogits, type UpdatingExperimentOptions, type UpdatingExperimentResult } from '../update/updating-experiment.js';
import { MIN_SITE_ROWS, smallSitesLabel } from '../checks/small-sites.js';
import type { LosoResult } from '../validate/index.js';

/**
 * The updating experiment on a leave-one-site-out validation: each held-out site's out-of-fold
 * probabilities back to logits (the fold model that never saw the site), then
 * `update.updatingExperiment`. A pooled group of small sites is not one hospital and is left out;
 * a probability of exactly 0 or 1 (an infinite logit) is left out of its site; both are noted.
 */
export function runUpdatingExperiment(validation: LosoResult, options: UpdatingExperimentOptions): UpdatingExperimentResult {
  const { yTrue, yProb, sites } = validation.predictions;
  // developModel keeps the default minSiteRows, so its pooled group carries the default label.
  const pooledLabel = validation.pooledSites.length > 0 ? smallSitesLabel(MIN_SITE_ROWS) : undefined;
  const bySite = new Map<string, { logits: number[]; y: number[]; infinite: number }>();
  for (let i = 0; i < yTrue.length; i++) {
    const site = sites[i]!;
    let s = bySite.get(site);
    if (s === undefined) bySite.set(site, (s = { logits: [], y: [], infinite: 0 }));
    const p = yProb[i]!;
    const z = Math.log(p) - Math.log1p(-p);
    if (Number.isFinite(z)) {
      s.logits.push(z);
      s.y.push(yTrue[i]!);
    } else s.infinite++;
  }
  const notes: string[] = [];
  const input: SiteLogits[] = [];
  for (const [site, s] of bySite) {
    if (site === pooledLabel) {
      notes.push(`${site}: left out (${validation.pooledSites.length} small sites pooled for evaluation, not one hospital)`);
      continue;
    }
    if (s.infinite > 0) notes.push(`${site}: ${s.infinite} patient(s) with a predicted risk of exactly 0 or 1 (infinite log-odds) left out`);
    input.push({ site, logits: s.logits, y: s.y });
  }
  const result = updatingExperiment(input, options);
  return { ...result, notes: [...notes, ...result.notes] };
}
