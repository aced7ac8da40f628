import type { Finding } from '../finding.js';
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { binaryTarget, rowsWithTarget } from '../../data/binary-target.js';
import { rocAucScore } from '../../metrics/roc-auc.js';
import { Generator } from '../../stats/random.js';
import { featureKind, groupSites, keyValues } from '../columns.js';
import { followUpWord } from './follow-up-name.js';
import { strongestSiteProxy, type SiteProxy } from './site-proxy.js';
import type { LeakageThresholds } from './thresholds.js';

const RATE_FOLDS = 5;

/**
 * Out-of-fold event rate of each row's level: the rate among rows of the same level in the other
 * folds, shrunk toward those folds' overall rate with a prior weight of one row. Out-of-fold
 * encoding keeps a level seen once (an id) from scoring its own label.
 */
function outOfFoldLevelRates(levels: Float64Array, y: Uint8Array, seed: number): Float64Array {
  const n = levels.length;
  const fold = new Int32Array(n);
  const perm = new Generator(seed).permutation(n);
  for (let k = 0; k < n; k++) fold[perm[k]!] = k % RATE_FOLDS;
  const sums = new Map<number, Float64Array>(); // level → [events per fold..., rows per fold...]
  const totals = new Float64Array(2 * RATE_FOLDS);
  for (let i = 0; i < n; i++) {
    let s = sums.get(levels[i]!);
    if (s === undefined) sums.set(levels[i]!, (s = new Float64Array(2 * RATE_FOLDS)));
    s[fold[i]!]! += y[i]!;
    s[RATE_FOLDS + fold[i]!]! += 1;
    totals[fold[i]!]! += y[i]!;
    totals[RATE_FOLDS + fold[i]!]! += 1;
  }
  let allEvents = 0;
  let allRows = 0;
  for (let f = 0; f < RATE_FOLDS; f++) {
    allEvents += totals[f]!;
    allRows += totals[RATE_FOLDS + f]!;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = sums.get(levels[i]!)!;
    let events = 0;
    let rows = 0;
    for (let f = 0; f < RATE_FOLDS; f++) {
      events += s[f]!;
      rows += s[RATE_FOLDS + f]!;
    }
    const f = fold[i]!;
    events -= s[f]!;
    rows -= s[RATE_FOLDS + f]!;
    const prior = (allEvents - totals[f]!) / Math.max(1, allRows - totals[RATE_FOLDS + f]!);
    out[i] = (events + prior) / (rows + 1);
  }
  return out;
}

/**
 * How a single-feature AUC reads in a message, in both directions: `perfectly (AUC 1.00)`,
 * `largely (AUC 0.91)`, `perfectly (AUC 0.00, i.e. 1.00 inverted)`, `largely (AUC 0.09, i.e. 0.91
 * inverted)` ('almost perfectly' from 0.95). Two
 * decimals, three where two would round a non-perfect AUC to 0.00 or 1.00; `note` goes inside the
 * parentheses after a semicolon.
 */
function aucPhrase(auc: number, note?: string): string {
  const strength = Math.max(auc, 1 - auc);
  const how = strength === 1 ? 'perfectly' : strength >= 0.95 ? 'almost perfectly' : 'largely';
  return `${how} (${aucValue(auc)}${note !== undefined ? `; ${note}` : ''})`;
}

/** `AUC 0.91` or `AUC 0.09, i.e. 0.91 inverted` (digits as in {@link aucPhrase}). */
function aucValue(auc: number): string {
  const text = (a: number): string => {
    const two = a.toFixed(2);
    return (two === '1.00' && a < 1) || (two === '0.00' && a > 0) ? a.toFixed(3) : two;
  };
  return `AUC ${text(auc)}${auc < 0.5 ? `, i.e. ${text(1 - auc)} inverted` : ''}`;
}

/**
 * `target-proxy` through missingness: whether a value is missing separates the target (a
 * time-to-event column empty when there was no event). Models see it through the missing
 * indicator, so it leaks as much as the values would. Null below `proxyWarning`.
 */
function missingnessProxy(feature: string, rows: Int32Array, values: ArrayLike<number>, y: Uint8Array, thresholds: LeakageThresholds): Finding | null {
  const missing = Float64Array.from(rows, (r) => (Number.isNaN(values[r]!) ? 1 : 0));
  const events = y.reduce((a, v) => a + v, 0);
  if (events < thresholds.minRows || y.length - events < thresholds.minRows) return null;
  const auc = rocAucScore(y, missing);
  const strength = Math.max(auc, 1 - auc);
  if (strength < thresholds.proxyWarning) return null;
  let missingEvents = 0;
  let missingNonEvents = 0;
  for (let k = 0; k < y.length; k++) {
    if (missing[k] === 1 && y[k] === 1) missingEvents++;
    else if (missing[k] === 1) missingNonEvents++;
  }
  const shares = `missing in ${missingEvents} of ${events} events and ${missingNonEvents} of ${y.length - events} non-events`;
  const word = strength < thresholds.proxyCritical ? followUpWord(feature) : null;
  return {
    code: 'target-proxy',
    severity: strength >= thresholds.proxyCritical || word !== null ? 'critical' : 'warning',
    feature,
    message: `whether '${feature}' is missing alone separates the outcome ${aucPhrase(auc, shares)}.${nameNote(word)} Check that it is known before the outcome and is not recorded because of it.`,
    details: { auc, n: y.length, events, kind: 'missingness', ...(word === null ? {} : { nameReads: word }) },
  };
}

/**
 * `target-proxy`: one feature alone separates the target. Numeric features are scored by their
 * values (rank AUC = Mann–Whitney); categorical ones by the out-of-fold event rate of their level.
 * With s = max(AUC, 1 − AUC): critical when s ≥ `proxyCritical` (0.95), warning when
 * s ≥ `proxyWarning` (0.85). With a site column, each site with `minRows` rows of each class is
 * scored on its own too, and the feature is critical when at one site the lower bound of the 95%
 * DeLong interval of s reaches `proxyCritical` (see site-proxy.ts: pooling over hospitals can
 * hide a column that gives the outcome away at each). Rows with a missing target or feature are
 * skipped; a feature needs `minRows` rows of each class. A feature whose missingness alone
 * separates the target is reported as such (`kind: 'missingness'`) instead. A proxy whose name
 * reads as a follow-up time or an outcome record (`futime`, `rfstime`, `vital_status`:
 * follow-up-name.ts) is critical from s ≥ 0.6. Details: `auc`, `n`, `events`, `kind`; with a
 * site that makes it critical, `site`, `siteAuc`, `siteAucLower`, `siteN`, `siteEvents`; with
 * such a name, `nameReads`.
 */
export function targetProxy(table: Table, schema: Schema, thresholds: LeakageThresholds, seed: number): Finding[] {
  const rows = rowsWithTarget(table, schema);
  const y = binaryTarget(table, schema, { rows });
  const sites = schema.site === undefined ? undefined : groupSites(table, schema.site);
  const out: Finding[] = [];
  for (const feature of schema.features) {
    const kind = featureKind(table, schema, feature);
    const values = keyValues(table, feature);
    const xsAll = new Float64Array(rows.length);
    const ysAll = new Uint8Array(rows.length);
    const sitesAll = new Int32Array(sites === undefined ? 0 : rows.length);
    let m = 0;
    let events = 0;
    for (let k = 0; k < rows.length; k++) {
      const v = values[rows[k]!]!;
      if (Number.isNaN(v)) continue;
      if (sites !== undefined) sitesAll[m] = sites.ofRow[rows[k]!]!;
      xsAll[m] = v;
      ysAll[m++] = y[k]!;
      events += y[k]!;
    }
    const viaMissing = m < rows.length ? missingnessProxy(feature, rows, values, y, thresholds) : null;
    if (viaMissing !== null) out.push(viaMissing);
    if (viaMissing !== null || events < thresholds.minRows || m - events < thresholds.minRows) continue;
    const xs = xsAll.subarray(0, m);
    const yArr = ysAll.subarray(0, m);
    const score = kind === 'categorical' ? outOfFoldLevelRates(xs, yArr, seed) : xs;
    const auc = rocAucScore(yArr, score);
    const strength = Math.max(auc, 1 - auc);
    const pooledCritical = strength >= thresholds.proxyCritical;
    // Only what pooling could hide: a site that makes a feature critical the pooled AUC does not.
    const siteProxy = sites === undefined || pooledCritical ? null : strongestSiteProxy(score, yArr, sitesAll.subarray(0, m), sites.names.length, thresholds);
    const atSite = siteProxy !== null && siteProxy.lower >= thresholds.proxyCritical ? siteProxy : null;
    const how = (a: number): string => (kind === 'categorical' ? 'by per-level event rates' : `${a >= 0.5 ? 'higher' : 'lower'} values go with events`);
    const word = pooledCritical || atSite !== null || strength < FOLLOW_UP_CRITICAL ? null : followUpWord(feature);
    if (strength < thresholds.proxyWarning && atSite === null && word === null) continue;
    out.push({
      code: 'target-proxy',
      severity: pooledCritical || atSite !== null || word !== null ? 'critical' : 'warning',
      feature,
      message:
        (atSite === null
          ? `'${feature}' ${strength >= thresholds.proxyWarning ? `alone separates the outcome ${aucPhrase(auc, how(auc))}` : `separates the outcome in part (${aucValue(auc)}; ${how(auc)})`}.${nameNote(word)} `
          : `'${feature}' alone separates the outcome at site ${sites!.names[atSite.site]!} ${aucPhrase(atSite.auc, `${how(atSite.auc)}; lower 95% bound ${atSite.lower.toFixed(3)}; ${atSite.events} events in ${atSite.n} rows`)}; over all sites ${aucValue(auc)}. `) +
        'Check that it is known before the outcome and is not derived from it.',
      details: { auc, n: m, events, kind, ...(atSite === null ? {} : siteDetails(sites!.names[atSite.site]!, atSite)), ...(word === null ? {} : { nameReads: word }) },
    });
  }
  return out;
}

/** A feature whose name reads as a follow-up time or an outcome record is critical from this max(AUC, 1 − AUC) on (follow-up-name.ts). */
const FOLLOW_UP_CRITICAL = 0.6;

/** The sentence a follow-up name adds to a target proxy it makes critical (follow-up-name.ts). */
function nameNote(word: string | null): string {
  return word === null ? '' : ` Its name reads as a follow-up time or an outcome record ('${word}'): known only after baseline, it leaks however weakly it separates.`;
}

/** A site that makes a target proxy critical, as finding details. */
function siteDetails(site: string, p: SiteProxy): Record<string, unknown> {
  return { site, siteAuc: p.auc, siteAucLower: p.lower, siteN: p.n, siteEvents: p.events };
}
