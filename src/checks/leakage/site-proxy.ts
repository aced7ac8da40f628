/**
 * `target-proxy` within one site (internal to target-proxy.ts). Pooled over sites, a column that
 * gives the outcome away can look weaker than it is: its scale or the follow-up differs between
 * hospitals, so one hospital's events and another's non-events overlap. In the National Wilms
 * Tumor Study (R survival::nwtco, two studies) the time-to-relapse column `edrel` separates relapse
 * with AUC 0.983 within study 3 and 0.926 within study 4, and 0.9496 pooled: just under the
 * critical 0.95. Within a site the same column is scored on its own patients; it is critical there
 * only when the lower bound of its 95% DeLong interval reaches `proxyCritical`, so a small site's
 * chance high AUC is not taken for a leak.
 */
import { delongCi } from '../../metrics/delong.js';
import { twicePairCount } from '../../metrics/roc-auc.js';
import type { LeakageThresholds } from './thresholds.js';

/** The site at which one feature separates the outcome most surely. */
export interface SiteProxy {
  /** The site's index (checks/columns.ts groupSites: an index into `names`). */
  site: number;
  /** The feature's AUC at that site (below 0.5: lower values go with events). */
  auc: number;
  /** Lower bound of the 95% DeLong interval of max(AUC, 1 − AUC) at that site. */
  lower: number;
  /** Rows and events scored at that site. */
  n: number;
  events: number;
}

/**
 * Among the sites with `minRows` events and `minRows` non-events scored (at least 2 of each), the
 * one whose lower 95% DeLong bound of max(AUC, 1 − AUC) is highest, considering only sites whose
 * AUC itself reaches `proxyCritical` (a lower bound cannot exceed it); null when none does. Cost:
 * one sort of each site's scores (the DeLong interval only for the few sites that reach it).
 * @param score each scored row's value (the feature, or its out-of-fold level rate).
 * @param y each row's outcome, 0 or 1. @param site each row's site index (−1: none, skipped).
 * @param nSites the number of site indices.
 */
export function strongestSiteProxy(score: Float64Array, y: Uint8Array, site: Int32Array, nSites: number, thresholds: LeakageThresholds): SiteProxy | null {
  const rows = new Int32Array(nSites);
  const events = new Int32Array(nSites);
  for (let i = 0; i < score.length; i++) {
    const s = site[i]!;
    if (s < 0) continue;
    rows[s]!++;
    events[s]! += y[i]!;
  }
  // Each site's event scores, then its non-event scores, one site after another in one buffer.
  const start = new Int32Array(nSites + 1);
  for (let s = 0; s < nSites; s++) start[s + 1] = start[s]! + rows[s]!;
  const buffer = new Float64Array(start[nSites]!);
  const posAt = Int32Array.from(start.subarray(0, nSites));
  const negAt = Int32Array.from({ length: nSites }, (_, s) => start[s]! + events[s]!);
  for (let i = 0; i < score.length; i++) {
    const s = site[i]!;
    if (s < 0) continue;
    if (y[i] === 1) buffer[posAt[s]!++] = score[i]!;
    else buffer[negAt[s]!++] = score[i]!;
  }
  const least = Math.max(2, thresholds.minRows); // DeLong's variance needs 2 of each class
  let best: SiteProxy | null = null;
  for (let s = 0; s < nSites; s++) {
    const m = events[s]!;
    const n = rows[s]! - m;
    if (m < least || n < least) continue;
    const pos = buffer.subarray(start[s]!, start[s]! + m).sort();
    const neg = buffer.subarray(start[s]! + m, start[s + 1]!).sort();
    const auc = twicePairCount(pos, neg) / (2 * m * n);
    if (Math.max(auc, 1 - auc) < thresholds.proxyCritical) continue;
    const ci = delongCi(Uint8Array.from({ length: m + n }, (_, k) => (k < m ? 1 : 0)), buffer.subarray(start[s]!, start[s + 1]!));
    // The interval of max(AUC, 1 − AUC): the AUC's own, or its mirror when lower values go with events.
    const lower = ci.auc >= 0.5 ? ci.lo : 1 - ci.hi;
    if (best === null || lower > best.lower) best = { site: s, auc: ci.auc, lower, n: m + n, events: m };
  }
  return best;
}
